import type { Expression, ObjectDeclaration, SpecFile } from '../../grammar/ast.js';
import { childExpressions } from '../../grammar/expression-children.js';
import type { SpecComment } from '../../grammar/parse-spec.js';
import { NOT_MAPPED, type RenderedMembers } from './render-proposal.js';

/** The columns and fields an existing object maps, which a re-run of pmap propose leaves alone. */
export interface MappedMembers {
  readonly fields: Set<string>;
  readonly columns: Set<string>;
}

/**
 * Collects what an object already maps: every field it assigns or declares,
 * every column its expressions, keys, joins and cleansing rules name, and
 * the columns its `# not mapped:` comments list, which a person has decided
 * about.
 */
export function mappedMembers(object: ObjectDeclaration, spec: SpecFile, comments: readonly SpecComment[]): MappedMembers {
  const fields = new Set<string>([...object.assignments.map((assignment) => assignment.field.text), ...object.customFields.map((field) => field.name.text)]);
  const columns = new Set<string>(object.key.map((key) => key.text));
  const expressions: Expression[] = [
    ...object.assignments.map((assignment) => assignment.value),
    ...object.cleansing.map((rule) => rule.value),
    ...object.dedupe.flatMap((rule) => rule.keys),
  ];
  for (const expression of expressions) for (const name of namesIn(expression)) columns.add(name);
  for (const rule of object.cleansing) columns.add(rule.column.text);
  for (const rule of object.dedupe) if (rule.orderBy) columns.add(rule.orderBy.text);
  for (const join of object.joins) columns.add(join.localColumn.text);

  const end = regionEnd(object, spec);
  for (const comment of comments) {
    if (comment.span.startOffset < object.span.startOffset || comment.span.startOffset >= end) continue;
    const column = notMappedColumn(comment.text);
    if (column) columns.add(column);
  }
  return { fields, columns };
}

function namesIn(expression: Expression): string[] {
  const own = expression.kind === 'name' ? [expression.name.text] : [];
  return [...own, ...childExpressions(expression).flatMap(namesIn)];
}

function notMappedColumn(comment: string): string | undefined {
  if (!comment.startsWith(NOT_MAPPED)) return undefined;
  return /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(comment.slice(NOT_MAPPED.length).trim())?.[0];
}

/** Returns the offset where the next declaration starts, or infinity at the end of the file, because an object's comments lie before it. */
function regionEnd(object: ObjectDeclaration, spec: SpecFile): number {
  const next = spec.declarations.map((declaration) => declaration.span.startOffset).filter((offset) => offset > object.span.startOffset);
  return next.length > 0 ? Math.min(...next) : Number.POSITIVE_INFINITY;
}

/**
 * Adds proposed lines to an existing spec without changing any line in it.
 * New assignments and custom fields go after the object's last assignment,
 * with `=` in the column of that line when the field fits. `# not mapped:`
 * lines go after the object's last such line, or else after its last member.
 * New value maps go at the end of the file.
 */
export function mergeIntoSpec(text: string, object: ObjectDeclaration, spec: SpecFile, comments: readonly SpecComment[], members: RenderedMembers): string {
  const lines = text.split('\n');
  const trailingNewline = text.endsWith('\n');
  if (trailingNewline) lines.pop();
  const insertions = new Map<number, string[]>();
  const insertAfter = (line: number, added: readonly string[]) => insertions.set(line, [...(insertions.get(line) ?? []), ...added]);

  const lastAssignment = object.assignments.at(-1);
  const memberLines = [...members.assignments, ...members.customFields];
  if (memberLines.length > 0) {
    if (lastAssignment) {
      const column = equalsColumn(lines[lastAssignment.span.startLine - 1] ?? '');
      insertAfter(lastAssignment.span.endLine, memberLines.map((line) => `  ${alignEquals(line, column)}`));
    } else {
      insertAfter(object.model.span.endLine, ['', ...memberLines.map((line) => `  ${line}`)]);
    }
  }

  if (members.leftOut.length > 0) {
    const end = regionEnd(object, spec);
    const notMapped = comments.filter((comment) => comment.span.startOffset > object.span.startOffset && comment.span.startOffset < end && comment.text.startsWith(NOT_MAPPED));
    const after = notMapped.at(-1)?.span.endLine ?? object.span.endLine;
    insertAfter(after, [...(notMapped.length === 0 ? [''] : []), ...members.leftOut.map((line) => `  ${line}`)]);
  }

  for (const [line, added] of [...insertions].sort(([a], [b]) => b - a)) lines.splice(line, 0, ...added);
  for (const valueMap of members.valueMaps) lines.push('', ...valueMap);
  return `${lines.join('\n')}${trailingNewline ? '\n' : ''}`;
}

/** Returns the 0-based column of the `=` of an assignment line, or undefined. */
function equalsColumn(line: string): number | undefined {
  const match = /^\s*(\?\s*)?[A-Za-z_][A-Za-z0-9_]*\s*=/.exec(line);
  return match ? match[0].length - 1 : undefined;
}

/** Pads the field of a new assignment so its `=` lines up with the line above; a longer field keeps one space. */
function alignEquals(line: string, column: number | undefined): string {
  const match = /^(\?\s)?([A-Za-z_][A-Za-z0-9_]*) = /.exec(line);
  if (!match || column === undefined) return line;
  const field = `${match[1] ?? ''}${match[2]}`;
  const width = column - 2 - 1;
  return `${field.padEnd(width)} = ${line.slice(match[0].length)}`;
}
