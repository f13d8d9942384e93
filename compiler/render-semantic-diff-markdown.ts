import { memberOrder, type MemberList } from './print-members.js';
import type { DiffLabels } from './render-semantic-diff-text.js';
import { isEmptyDiff, loadOrderChanged, memberNouns, summarizeDiff, type ItemChange, type SemanticDiff } from './semantic-diff.js';

/**
 * Renders a semantic diff as GitHub-flavoured Markdown for a pull-request
 * comment: a heading per object and value map, a table of field changes and
 * of value-map entry changes, and a list of the other changes.
 */
export function renderDiffMarkdown(diff: SemanticDiff, labels: DiffLabels): string {
  const title = `## Mapping changes from ${code(labels.old)} to ${code(labels.new)}`;
  if (isEmptyDiff(diff)) return `${title}\n\nno semantic changes\n`;
  // Paragraphs, headings and tables, printed with a blank line between each two.
  const blocks: string[][] = [[title], [`${capitalise(summarizeDiff(diff))}.`]];

  for (const object of diff.objects) {
    blocks.push([`### Object ${code(object.name)} (${object.status})`]);
    if (object.status !== 'changed') blocks.push([code(object.summary)]);
    if (object.header.length > 0) blocks.push(object.header.map((change) => listItem(change, '')));
    if (object.members.assignments.length > 0) blocks.push(table('field', object.members.assignments, code));
    const listed = listedMembers(object.members);
    if (listed.length > 0) blocks.push(listed);
  }

  for (const valueMap of diff.valueMaps) {
    blocks.push([`### Value map ${code(valueMap.name)} (${valueMap.status})`]);
    if (valueMap.status !== 'changed') blocks.push([`Targets: ${valueMap.summary}.`]);
    if (valueMap.header.length > 0) blocks.push(valueMap.header.map((change) => listItem(change, '')));
    if (valueMap.entries.length > 0) blocks.push(table('Pega value', valueMap.entries, code));
  }

  const loadOrder = diff.loadOrder;
  if (loadOrderChanged(loadOrder)) {
    blocks.push(['### Load order (changed)']);
    if (loadOrder.kind === 'whole') blocks.push([`- before: ${loadOrder.old}`, `- after: ${loadOrder.new}`]);
    else blocks.push(table('object', loadOrder.changes, (text) => text));
  }
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}

/** Lists every member change except field assignments, which get a table. */
function listedMembers(members: { readonly [List in MemberList]: readonly ItemChange[] }): string[] {
  return memberOrder.filter((list) => list !== 'assignments').flatMap((list) => members[list].map((change) => listItem(change, memberNouns[list])));
}

function listItem(change: ItemChange, noun: string): string {
  const name = `${noun}${change.label}`;
  const whole = (value: string) => code(value === '' ? name : `${name}${change.separator}${value}`);
  if (change.old === undefined) return `- added ${whole(change.new ?? '')}`;
  if (change.new === undefined) return `- removed ${whole(change.old)}`;
  return `- changed ${code(name)}: ${code(change.old)} → ${code(change.new)}`;
}

/** Renders a table of changes. `show` formats the old and new values, as code or as prose. */
function table(subject: string, changes: readonly ItemChange[], show: (value: string) => string): string[] {
  const cell = (value: string | undefined, format: (value: string) => string) => (value === undefined || value === '' ? '' : escapePipes(format(value)));
  const rows = changes.map((change) => {
    return `| ${cell(change.label, code)} | ${statusOf(change)} | ${cell(change.old, show)} | ${cell(change.new, show)} |`;
  });
  return [`| ${subject} | change | old | new |`, '| --- | --- | --- | --- |', ...rows];
}

function statusOf(change: ItemChange): 'added' | 'removed' | 'changed' {
  if (change.old === undefined) return 'added';
  if (change.new === undefined) return 'removed';
  return 'changed';
}

/** GitHub ends a table cell at `|` even inside a code span unless it is escaped. */
function escapePipes(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Wraps a value in a code span whose fence is one backtick longer than the longest run of backticks inside. */
function code(value: string): string {
  const longestRun = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${value}${padding}${fence}`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
