import { memberOrder } from './print-members.js';
import { isEmptyDiff, loadOrderChanged, memberNouns, summarizeDiff, type ItemChange, type SemanticDiff } from './semantic-diff.js';

/** Names of the two sides of a diff: folders or git revisions, as the user wrote them. */
export interface DiffLabels {
  readonly old: string;
  readonly new: string;
}

/**
 * Renders a semantic diff for a terminal: a block per object and value map,
 * `+` for added items, `-` for removed ones, and `~` with the old and the new
 * value on lines of their own for changed ones.
 */
export function renderDiffText(diff: SemanticDiff, labels: DiffLabels): string {
  if (isEmptyDiff(diff)) return `no semantic changes from ${labels.old} to ${labels.new}\n`;
  const lines = [`Semantic changes from ${labels.old} to ${labels.new}: ${summarizeDiff(diff)}`];

  for (const object of diff.objects) {
    const summary = object.status === 'changed' ? '' : ` (${object.summary})`;
    lines.push('', `object ${object.name}: ${object.status}${summary}`);
    for (const change of object.header) lines.push(...renderItem(change, ''));
    for (const list of memberOrder) {
      for (const change of object.members[list]) lines.push(...renderItem(change, memberNouns[list]));
    }
  }

  for (const valueMap of diff.valueMaps) {
    const summary = valueMap.status === 'changed' ? '' : ` (${valueMap.summary})`;
    lines.push('', `values ${valueMap.name}: ${valueMap.status}${summary}`);
    for (const change of valueMap.header) lines.push(...renderItem(change, ''));
    for (const change of valueMap.entries) lines.push(...renderItem(change, ''));
  }

  const loadOrder = diff.loadOrder;
  if (loadOrderChanged(loadOrder)) {
    lines.push('', 'load order: changed');
    if (loadOrder.kind === 'whole') lines.push(`  - ${loadOrder.old}`, `  + ${loadOrder.new}`);
    else for (const change of loadOrder.changes) lines.push(...renderItem(change, ''));
  }
  return `${lines.join('\n')}\n`;
}

function renderItem(change: ItemChange, noun: string): string[] {
  const name = `${noun}${change.label}`;
  const whole = (value: string) => (value === '' ? name : `${name}${change.separator}${value}`);
  if (change.old === undefined) return [`  + ${whole(change.new ?? '')}`];
  if (change.new === undefined) return [`  - ${whole(change.old)}`];
  return [`  ~ ${name}`, `      - ${change.old}`, `      + ${change.new}`];
}
