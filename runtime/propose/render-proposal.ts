import { formatSpec } from '../../compiler/format-spec.js';
import { quoteString } from '../../compiler/print-expression.js';
import { CONFIRMED_CONFIDENCE, type LeftOutColumn, type ObjectProposal, type ProposedAssignment, type ProposedCustomField, type ProposedValueMap } from './proposal-types.js';

/** The marker of a line that names a column a draft left out; a re-run of pmap propose reads it back. */
export const NOT_MAPPED = '# not mapped:';

/** The printed members of a proposal, each line without indentation. */
export interface RenderedMembers {
  readonly assignments: readonly string[];
  readonly customFields: readonly string[];
  readonly leftOut: readonly string[];
  /** Whole value map declarations, each a list of lines. */
  readonly valueMaps: ReadonlyArray<readonly string[]>;
}

function mark(confidence: number): string {
  return confidence >= CONFIRMED_CONFIDENCE ? '' : '? ';
}

function proposed(confidence: number, evidence: string): string {
  return `# proposed ${confidence.toFixed(2)}: ${oneLine(evidence)}`;
}

/** Comments end at the line break, so evidence quoting a value with line breaks is put on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function renderAssignment(line: ProposedAssignment): string {
  return `${mark(line.confidence)}${line.field} = ${line.expression}  ${proposed(line.confidence, line.evidence)}`;
}

export function renderCustomField(field: ProposedCustomField): string {
  return `${mark(field.confidence)}custom field ${field.name}: ${field.type} ${quoteString(field.label)}  ${proposed(field.confidence, field.evidence)}`;
}

export function renderLeftOut(column: LeftOutColumn): string {
  return `${NOT_MAPPED} ${column.column} (${oneLine(column.reason)})`;
}

export function renderValueMap(valueMap: ProposedValueMap): string[] {
  const target = valueMap.targetModel ? ` -> ${valueMap.targetModel}` : '';
  const entries = valueMap.entries.map((entry) => {
    let to = '?';
    if (entry.to !== undefined) to = entry.confirmed ? entry.to : `?${entry.to}`;
    return `  ${entry.from} => ${to}  # ${oneLine(entry.comment)}`;
  });
  const lines = [...valueMap.comments.map(oneLine), `values ${valueMap.name}${target} {`, ...entries, '}'];
  // A value map is a declaration of its own, so it is aligned here as pmap fmt would, also when added to an existing file.
  const formatted = formatSpec('value-map.pmap', `${lines.join('\n')}\n`).text;
  return formatted ? formatted.trimEnd().split('\n') : lines;
}

export function renderMembers(proposal: ObjectProposal): RenderedMembers {
  return {
    assignments: proposal.assignments.map(renderAssignment),
    customFields: proposal.customFields.map(renderCustomField),
    leftOut: proposal.leftOut.map(renderLeftOut),
    valueMaps: proposal.valueMaps.map(renderValueMap),
  };
}

/**
 * Prints a new spec file for a proposal, in the layout `pmap fmt` writes,
 * so that formatting a draft changes nothing.
 */
export function renderNewSpec(proposal: ObjectProposal, file: string): string {
  const members = renderMembers(proposal);
  const indent = (lines: readonly string[]) => lines.map((line) => `  ${line}`);
  const sections = [indent(members.assignments), indent(members.customFields), indent(members.leftOut)].filter((section) => section.length > 0);
  const lines = [
    `# Draft by pmap propose from schemas/pega.json and schemas/odoo.json.`,
    `# ${proposal.evidence}.`,
    `# Review every line that starts with ?, and remove the ? to accept it: pmap check rejects them until then.`,
    `object ${proposal.objectName}`,
    `  from pega table ${proposal.table} key ${proposal.key.join(', ')}`,
    `  to odoo ${proposal.model}`,
    ...sections.flatMap((section) => ['', ...section]),
    ...members.valueMaps.flatMap((valueMap) => ['', ...valueMap]),
  ];
  const text = `${lines.join('\n')}\n`;
  const formatted = formatSpec(file, text);
  // NOTE: a draft that does not parse is a bug in the proposer; it is written unformatted so the error shows where.
  return formatted.text ?? text;
}
