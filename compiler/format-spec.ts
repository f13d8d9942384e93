import type { Assignment, ObjectDeclaration, SpecFile, ValueMapDeclaration, ValueMapEntry } from '../grammar/ast.js';
import { parseSpec } from '../grammar/parse-spec.js';
import { placeComments, type CommentLine, type CommentPlacement, type PlacedComments } from './attach-comments.js';
import { hasErrors, type Diagnostic } from './diagnostic.js';
import { printExpression, quoteString, unhandled } from './print-expression.js';
import {
  memberOrder, printCustomField, printJoin, printDedupeRule, printEntrySource, printEntryTarget, printObjectHeader, printOption, printRowFilter, printValidator,
  unconfirmedPrefix, type MemberList,
} from './print-members.js';

export interface FormatResult {
  /** The canonical text; absent when the file has syntax errors. */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Formats one `.pmap` file in the canonical layout, keeping its comments. A
 * file with syntax errors is not formatted: its diagnostics come back instead.
 */
export function formatSpec(file: string, text: string): FormatResult {
  const parsed = parseSpec(file, text);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const placement = placeComments(parsed.spec, parsed.comments, text);
  return { text: printSpec(parsed.spec, placement), diagnostics: parsed.diagnostics };
}

/** One printed line of code (or several, for a custom field with a selection) and its comments. */
interface Row {
  readonly comments: PlacedComments;
  readonly code: readonly string[];
}

/** Rows between blank lines: `=`, `=>` and trailing comments align within one block. */
type Block = readonly Row[];

const indent = '  ';

function printSpec(spec: SpecFile, placement: CommentPlacement): string {
  const lines: string[] = [];
  const imports = splitBlocks(spec.imports, placement, (block) => block.map((declaration) => [`import ${quoteString(declaration.path)}`]));
  lines.push(...renderBlocks(imports, ''));

  for (const declaration of spec.declarations) {
    if (lines.length > 0) lines.push('');
    switch (declaration.kind) {
      case 'object':
        lines.push(...printObject(declaration, placement));
        break;
      case 'values':
        lines.push(...printValueMap(declaration, placement));
        break;
      default:
        unhandled(declaration);
    }
  }

  for (const comment of placement.fileEnd) {
    if (comment.blankBefore && lines.length > 0) lines.push('');
    lines.push(comment.text);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function printObject(object: ObjectDeclaration, placement: CommentPlacement): string[] {
  const [objectLine, fromLine, toLine] = printObjectHeader(object);
  const lines = [
    ...renderBlock([{ comments: placement.at(object.name), code: [objectLine] }], '', ''),
    ...renderBlock([{ comments: placement.at(object.table), code: [fromLine] }], indent, indent),
    ...renderBlock([{ comments: placement.at(object.model), code: [toLine] }], indent, indent),
  ];

  const sections: { readonly [List in MemberList]: readonly Block[] } = {
    joins: splitBlocks(object.joins, placement, (block) => block.map((join) => [printJoin(join)])),
    filters: splitBlocks(object.filters, placement, (block) => block.map((filter) => [printRowFilter(filter)])),
    cleansing: splitBlocks(object.cleansing, placement, (block) => block.map((rule) => [`clean ${rule.column.text} = ${printExpression(rule.value)}`])),
    options: splitBlocks(object.options, placement, (block) => block.map((option) => [printOption(option)])),
    assignments: splitBlocks(object.assignments, placement, alignAssignments),
    customFields: splitBlocks(object.customFields, placement, (block) => block.map(printCustomField)),
    dedupe: splitBlocks(object.dedupe, placement, (block) => block.map((rule) => [printDedupeRule(rule)])),
    validators: splitBlocks(object.validators, placement, (block) => block.map((validator) => [printValidator(validator)])),
  };
  for (const list of memberOrder) {
    if (sections[list].length === 0) continue;
    lines.push('', ...renderBlocks(sections[list], indent));
  }

  lines.push(...renderTrailingComments(placement.objectEnd(object), indent));
  return lines;
}

function printValueMap(valueMap: ValueMapDeclaration, placement: CommentPlacement): string[] {
  const target = valueMap.targetModel ? ` -> ${valueMap.targetModel.text}` : '';
  const header = `values ${valueMap.name.text}${target} {`;
  const entries = splitBlocks(valueMap.entries, placement, alignEntries);
  const opening = placement.at(valueMap.name);
  const closing = placement.at(valueMap);

  // An empty map fits on one line unless comments need the inside or two line ends.
  const fitsOneLine = entries.length === 0 && closing.leading.length === 0 && (opening.trailing === undefined || closing.trailing === undefined);
  if (fitsOneLine) {
    const comments = { ...opening, trailing: opening.trailing ?? closing.trailing };
    return renderBlock([{ comments, code: [`${header}}`] }], '', '');
  }

  const lines = renderBlock([{ comments: opening, code: [header] }], '', '');
  lines.push(...renderBlocks(entries, indent));
  if (entries.length > 0 && closing.leading[0]?.blankBefore) lines.push('');
  lines.push(...renderBlock([{ comments: closing, code: ['}'] }], '', indent));
  return lines;
}

function alignAssignments(block: readonly Assignment[]): string[][] {
  // The `? ` of an unconfirmed line counts as part of the field, so the `=` still lines up.
  const fields = block.map((assignment) => `${unconfirmedPrefix(assignment)}${assignment.field.text}`);
  const width = Math.max(...fields.map((field) => field.length));
  return block.map((assignment, index) => [`${fields[index]!.padEnd(width)} = ${printExpression(assignment.value)}`]);
}

function alignEntries(block: readonly ValueMapEntry[]): string[][] {
  const sources = block.map((entry) => printEntrySource(entry.from));
  const width = Math.max(...sources.map((source) => source.length));
  return block.map((entry, index) => [`${sources[index]!.padEnd(width)} => ${printEntryTarget(entry.to, entry.unconfirmed)}`]);
}

/**
 * Groups nodes into blocks at each blank line the source had before a node
 * (or before its first leading comment), then prints each block.
 */
function splitBlocks<Node extends object>(
  nodes: readonly Node[],
  placement: CommentPlacement,
  printBlock: (block: readonly Node[]) => string[][],
): Block[] {
  const groups: Node[][] = [];
  for (const node of nodes) {
    const comments = placement.at(node);
    const startsBlock = comments.leading[0]?.blankBefore ?? comments.blankBefore;
    const current = groups[groups.length - 1];
    if (!current || startsBlock) groups.push([node]);
    else current.push(node);
  }
  return groups.map((group) => {
    const code = printBlock(group);
    return group.map((node, index) => ({ comments: placement.at(node), code: code[index]! }));
  });
}

function renderBlocks(blocks: readonly Block[], codeIndent: string): string[] {
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    if (index > 0) lines.push('');
    lines.push(...renderBlock(block, codeIndent, codeIndent));
  });
  return lines;
}

/**
 * Prints a block: leading comments above each row, blank lines between them
 * where the source had some, and trailing comments in one column two spaces
 * after the longest commented line.
 */
function renderBlock(block: Block, codeIndent: string, commentIndent: string): string[] {
  const commentedEnds = block
    .filter((row) => row.comments.trailing !== undefined)
    .map((row) => codeIndent.length + row.code[row.code.length - 1]!.length);
  const column = Math.max(0, ...commentedEnds) + 2;

  const lines: string[] = [];
  for (const row of block) {
    row.comments.leading.forEach((comment, index) => {
      if (index > 0 && comment.blankBefore) lines.push('');
      lines.push(`${commentIndent}${comment.text}`);
    });
    if (row.comments.leading.length > 0 && row.comments.blankBefore) lines.push('');

    const code = row.code.map((line) => `${codeIndent}${line}`);
    const trailing = row.comments.trailing;
    if (trailing !== undefined) code[code.length - 1] = `${code[code.length - 1]!.padEnd(column)}${trailing}`;
    lines.push(...code);
  }
  return lines;
}

function renderTrailingComments(comments: readonly CommentLine[], commentIndent: string): string[] {
  const lines: string[] = [];
  for (const comment of comments) {
    if (comment.blankBefore) lines.push('');
    lines.push(`${commentIndent}${comment.text}`);
  }
  return lines;
}
