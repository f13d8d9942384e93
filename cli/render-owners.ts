import { decideOwner } from '../runtime/owners/decide-owner.js';
import type { UserDirectory } from '../runtime/owners/odoo-users.js';
import type { OwnersFile, OwnerStatus } from '../runtime/owners/owners-file.js';
import type { OwnerSummary } from '../runtime/owners/resolve-owners.js';

/** The number of operators without a user that `pmap users` lists before it ends with "and N more". */
const listedOperators = 25;

const statusOrder: readonly OwnerStatus[] = ['matched', 'provisioned', 'assigned', 'ambiguous', 'unmatched'];

/** Lays out rows as aligned columns; `numeric` columns are right-aligned. */
function table(header: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const recordTotal = (records: Readonly<Record<string, number>>): number => Object.values(records).reduce((sum, count) => sum + count, 0);

/** Renders the apply report's line on the operators that own records and where their Odoo users came from. */
export function renderOwnerSummary(summary: OwnerSummary): string {
  const parts = [
    [summary.bySource.matched, 'matched by e-mail'],
    [summary.bySource.provisioned, 'created by pmap users --provision'],
    [summary.bySource.odoo_login, 'set by odoo_login in owners.yaml'],
    [summary.bySource.fallback, `given to the fallback user ${summary.fallback ?? ''}`.trimEnd()],
    [summary.unresolved, 'without an Odoo user'],
  ] as const;
  const described = parts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  const operators = summary.operators === 1 ? '1 Pega operator owns' : `${summary.operators} Pega operators own`;
  return `Owners: ${operators} the records read: ${described.length > 0 ? described.join(', ') : 'none'}.`;
}

/**
 * Renders the report of `pmap users`: operators and records per status, then every
 * operator that has no Odoo user yet, with the reason.
 */
export function renderOwnerQueue(file: OwnersFile, users: UserDirectory): string {
  const entries = [...file.operators].filter(([, entry]) => recordTotal(entry.records) > 0);
  const objects = [...new Set(entries.flatMap(([, entry]) => Object.keys(entry.records)))].sort();
  const records = entries.reduce((sum, [, entry]) => sum + recordTotal(entry.records), 0);
  const sections = [`Owners of ${objects.join(', ') || 'no'} records: ${entries.length} Pega operator${entries.length === 1 ? '' : 's'} own ${records} source record${records === 1 ? '' : 's'}.`];

  const byStatus = statusOrder.map((status) => {
    const matching = entries.filter(([, entry]) => entry.status === status);
    return [status, String(matching.length), String(matching.reduce((sum, [, entry]) => sum + recordTotal(entry.records), 0))];
  });
  sections.push(table(['Status', 'Operators', 'Records'], [...byStatus, ['total', String(entries.length), String(records)]], new Set([1, 2])));

  const withoutUser = entries.flatMap(([id, entry]) => {
    const decision = decideOwner(entry, null);
    if ('problem' in decision) return [{ id, entry, why: decision.problem }];
    if (!users.withLogin(decision.login)) return [{ id, entry, why: `${decision.source === 'odoo_login' ? 'its odoo_login' : 'the login'} ${decision.login} is not a user in this Odoo` }];
    return [];
  });
  if (withoutUser.length === 0) {
    sections.push('Every operator has an Odoo user.');
    return `${sections.join('\n\n')}\n`;
  }

  withoutUser.sort((a, b) => recordTotal(b.entry.records) - recordTotal(a.entry.records) || (a.id < b.id ? -1 : 1));
  const rows = withoutUser.slice(0, listedOperators).map(({ id, entry, why }) => [id, entry.name ?? '-', entry.disabled ? 'yes' : 'no', String(recordTotal(entry.records)), why]);
  const more = withoutUser.length > listedOperators ? `\n… and ${withoutUser.length - listedOperators} more in owners.yaml` : '';
  sections.push(`Operators without an Odoo user:\n${table(['Operator', 'Name', 'Left', 'Records', 'Why'], rows, new Set([3]))}${more}`);

  const fallbackUser = file.fallback === null ? undefined : users.withLogin(file.fallback);
  if (file.fallback !== null && fallbackUser) {
    sections.push(`pmap apply gives their records to the fallback user ${file.fallback} (${fallbackUser.name}).`);
  } else {
    const missing = file.fallback === null ? '' : `The fallback login ${file.fallback} is not a user in this Odoo. `;
    sections.push(`${missing}pmap apply loads none of the records of an object while one of its operators has no user. Set odoo_login or fallback in owners.yaml, or run pmap users --provision.`);
  }
  return `${sections.join('\n\n')}\n`;
}
