import { displayValue, percent, plural } from './display-value.js';
import { textHazards } from './profile-document.js';
import type { ColumnProfile, DuplicateCheck, ObjectProfile, OrphanCheck, ProfileReport } from './profile-types.js';

/** Duplicate groups shown per check in the terminal; the reports list more. */
const GROUPS_SHOWN = 3;

/** Renders the terminal summary of a profile: per object, its columns, formats, duplicates and orphans. */
export function renderProfileText(report: ProfileReport): string {
  const sections = report.objects.map(objectSection);
  const generated = report.generatedAt === undefined ? [] : [`Generated at ${report.generatedAt}`];
  return `${[`Profile of ${report.project} (${report.source}, before cleansing rules)`, ...generated, '', sections.join('\n\n')].join('\n')}\n`;
}

function objectSection(object: ObjectProfile): string {
  const lines = [`${object.object} (${object.table}): ${plural(object.rows, 'row')}`];
  if (object.readError !== undefined) lines.push(`  source stopped early: ${object.readError}`);
  if (object.ambiguousJoins > 0) lines.push(`  ${plural(object.ambiguousJoins, 'row')} with an ambiguous join`);
  lines.push(`  key ${object.keys.key.join(', ')}: ${keySummary(object)}`);

  lines.push(...columnTable(object));
  for (const column of object.columns) {
    if (column.formats !== undefined) lines.push(`  ${column.column} formats: ${column.formats.map((format) => `${format.format} ${format.count}`).join(', ')}`);
    const hazards = textHazards(column);
    if (hazards.length > 0) lines.push(`  ${column.column}: ${hazards.join(', ')}`);
  }
  for (const check of object.duplicates) lines.push(...duplicateLines(check));
  for (const orphan of object.orphans) lines.push(orphanLine(orphan));
  return lines.join('\n');
}

function keySummary(object: ObjectProfile): string {
  const { keys } = object;
  const problems = [
    keys.emptyKeys > 0 ? `${keys.emptyKeys} empty` : '',
    keys.duplicateKeys > 0 ? `${keys.duplicateKeys} duplicated (${plural(keys.duplicateRows, 'extra row')})` : '',
  ].filter((problem) => problem !== '');
  return problems.length === 0 ? 'no empty or duplicate keys' : problems.join(', ');
}

function columnTable(object: ObjectProfile): string[] {
  const header = ['column', 'kind', 'null/blank', 'lead/trail space', 'distinct'];
  const rows = object.columns.map((column: ColumnProfile) => [
    column.column,
    column.kind,
    `${column.nulls + column.blanks} (${percent(column.nulls + column.blanks, object.rows)})`,
    `${column.leadingSpaces}/${column.trailingSpaces}`,
    `${column.distinctCapped ? '>=' : ''}${column.distinct}`,
  ]);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) => `    ${cells.map((cell, index) => (index < 2 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function duplicateLines(check: DuplicateCheck): string[] {
  const notes = [
    check.notNormalised > 0 ? `${check.notNormalised} not normalised` : '',
    check.capped ? 'capped' : '',
  ].filter((note) => note !== '');
  const head = `  duplicates by ${check.by} (${check.columns.join(', ')}): ${plural(check.groups.length, 'group')}, ${plural(check.rowsInGroups, 'row')}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  const groups = check.groups.slice(0, GROUPS_SHOWN).map((group) => `    ${displayValue(group.value)}: ${group.keys.join(', ')}`);
  const more = check.groups.length > GROUPS_SHOWN ? [`    and ${check.groups.length - GROUPS_SHOWN} more`] : [];
  return [head, ...groups, ...more];
}

function orphanLine(orphan: OrphanCheck): string {
  const reference = `${orphan.field} = ref(${orphan.object}, ${orphan.columns.join(', ')})`;
  if (orphan.status === 'not-checked') return `  ${reference}: not checked, ${orphan.reason ?? ''}`;
  const examples = orphan.examples.map((example) => `${displayValue(example.value)} in ${example.key}`).join(', ');
  return `  ${reference}: ${orphan.orphanRows} of ${orphan.rowsWithValue} rows match no ${orphan.object} (${plural(orphan.orphanValues, 'value')}${examples ? `: ${examples}` : ''}), ${orphan.empty} empty`;
}
