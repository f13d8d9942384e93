import type { ObjectPreview, PlanPreview, SampleValue, UncoveredValue } from '../../runtime/preview/preview-types.js';

/** The style of a line in the terminal view; plain text ignores it. */
export type Tone = 'heading' | 'create' | 'update' | 'reject' | 'warning' | 'dim';

export interface Line {
  readonly text: string;
  readonly tone?: Tone;
}

const tableHeader = ['#', 'Object', 'Model', '+ create', '~ update', '= unchanged', '! rejected', 'deduplicated', 'status'];

/** Lays out the objects in load order as fixed-width rows: a header and one row per object. */
export function objectTable(preview: PlanPreview): { header: string; rows: string[] } {
  const cells = preview.objects.map((object) => [
    String(object.level),
    object.object,
    object.model,
    String(object.counts.create),
    String(object.counts.update),
    String(object.counts.unchanged),
    String(object.counts.rejected),
    String(object.counts.deduplicated),
    object.status === 'computed' ? '' : object.status,
  ]);
  const widths = tableHeader.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column >= 3 && column <= 7 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return { header: line(tableHeader), rows: cells.map(line) };
}

export function totalsLine(preview: PlanPreview): string {
  const { totals } = preview;
  return `+ ${totals.create} to create  ~ ${totals.update} to update  = ${totals.unchanged} unchanged  ! ${totals.rejected} rejected  ${totals.deduplicated} deduplicated`;
}

/** Plan-wide findings: custom fields, reference data, owners, and what to do next. */
export function planNotices(preview: PlanPreview): Line[] {
  const lines: Line[] = [];
  const { customFields, referenceData, owners } = preview;
  if (customFields.toAdd.length > 0) {
    lines.push({ text: 'Custom fields apply would add to Odoo:', tone: 'heading' });
    for (const field of customFields.toAdd) lines.push({ text: `  + ${field.model}.${field.name} (${field.type} "${field.label}")`, tone: 'create' });
  }
  if (customFields.conflicts.length > 0) {
    lines.push({ text: 'Custom fields that stop apply:', tone: 'heading' });
    for (const conflict of customFields.conflicts) lines.push({ text: `  ! ${conflict}`, tone: 'reject' });
  }
  if (referenceData.missing.length > 0) {
    lines.push({ text: 'Reference data missing in Odoo (apply stops on it):', tone: 'heading' });
    for (const problem of referenceData.missing) lines.push({ text: `  ! ${problem}`, tone: 'reject' });
  }
  if (owners) {
    if (owners.blocked.length === 0) {
      lines.push({ text: `Owners: all ${owners.operators} Pega operators who own records have an Odoo user${owners.fallback ? ` (fallback ${owners.fallback})` : ''}.` });
    } else {
      lines.push({ text: `Owners: ${owners.unresolved} of ${owners.operators} Pega operators who own records have no Odoo user:`, tone: 'heading' });
      for (const entry of owners.blocked) lines.push({ text: `  ! ${entry.object} cannot load ${entry.reason}`, tone: 'reject' });
    }
  }
  return splitLines(lines);
}

/** Builds the closing sentence: whether apply would change anything, stop, or change nothing. */
export function outcomeLine(preview: PlanPreview): Line {
  if (preview.hasErrors) return { text: 'pmap apply would stop or leave objects out: see the problems above. Nothing was written to Odoo.', tone: 'reject' };
  if (!preview.hasChanges) return { text: 'No changes: Odoo already holds every record as the specs compute it. Nothing was written to Odoo.' };
  return { text: 'Nothing was written to Odoo. Run `pmap apply` to make these changes; Odoo\'s own validation may still reject records then.' };
}

/** Everything about one object: counts, samples, before -> after, rejects and uncovered value-map values. */
export function objectLines(object: ObjectPreview): Line[] {
  const after = object.dependsOn.length > 0 ? `, after ${object.dependsOn.join(', ')}` : '';
  const { counts } = object;
  const lines: Line[] = [
    { text: `${object.object}: ${object.table} -> ${object.model} (level ${object.level}${after})`, tone: 'heading' },
    { text: `${counts.sourceRows} source rows: + ${counts.create} create  ~ ${counts.update} update  = ${counts.unchanged} unchanged  ! ${counts.rejected} rejected  ${counts.deduplicated} deduplicated` },
  ];
  if (object.adopted !== undefined && object.adopted > 0) lines.push({ text: `${object.adopted} existing Odoo records would be adopted by the match rule and get pmap's external id` });
  if (object.reason !== undefined) lines.push({ text: `${object.status}: ${object.reason}`, tone: 'reject' });

  const { create, update } = object.samples;
  if (create.length > 0) {
    lines.push({ text: '' }, { text: `To create (${shown(create.length, counts.create)}):`, tone: 'heading' });
    for (const sample of create) {
      lines.push({ text: `  + ${sample.key}  (${sample.externalId})`, tone: 'create' });
      for (const [field, value] of Object.entries(sample.values)) lines.push({ text: `      ${field} = ${formatSampleValue(value)}` });
    }
  }
  if (update.length > 0) {
    lines.push({ text: '' }, { text: `To update, before -> after (${shown(update.length, counts.update)}):`, tone: 'heading' });
    for (const sample of update) {
      lines.push({ text: `  ~ ${sample.key}  (id ${sample.id})`, tone: 'update' });
      for (const change of sample.changes) lines.push({ text: `      ${change.field}: ${formatSampleValue(change.before)} -> ${formatSampleValue(change.after)}` });
    }
  }
  if (object.rejects.length > 0) {
    lines.push({ text: '' }, { text: 'Rejected, by reason:', tone: 'heading' });
    for (const group of object.rejects) {
      lines.push({ text: `  ! ${group.count} x ${group.summary}`, tone: 'reject' });
      for (const example of group.examples) lines.push({ text: `      ${example.key}: ${example.message}`, tone: 'dim' });
    }
  }
  if (object.valueMaps.length > 0) {
    lines.push({ text: '' }, { text: 'Value-map values no entry covers:', tone: 'heading' });
    for (const coverage of object.valueMaps) {
      lines.push({ text: `  ${coverage.map} (${coverage.field}):`, tone: 'warning' });
      for (const value of coverage.uncovered) lines.push({ text: `      ${formatSourceValue(value.value)} x ${value.count} ${describeOutcome(value)}` });
      if (coverage.moreValues > 0) lines.push({ text: `      and ${coverage.moreValues} more values`, tone: 'dim' });
    }
  }
  return splitLines(lines);
}

/** Splits texts with line breaks (the owners' reason lists operators one per line), so each line is one terminal row. */
function splitLines(lines: readonly Line[]): Line[] {
  return lines.flatMap((line) => line.text.split('\n').map((text) => ({ ...line, text })));
}

function shown(sampled: number, total: number): string {
  return sampled === total ? `${total}` : `${sampled} of ${total} shown`;
}

export function describeOutcome(value: UncoveredValue): string {
  if (value.outcome === 'else') return `-> else ${JSON.stringify(value.sent)}`;
  if (value.outcome === 'passed') return '-> sent as it is';
  return '-> record rejected';
}

export function formatSourceValue(value: string | null): string {
  return value === null ? '(empty)' : JSON.stringify(value);
}

/** Writes a sample value for people: text quoted, links by name with their id or `new`. */
export function formatSampleValue(value: SampleValue): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((reference) => formatSampleValue(reference)).join(', ');
  if (typeof value === 'object' && value !== null && 'model' in value) return `${value.name} (${value.id === null ? 'new' : `#${value.id}`})`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
