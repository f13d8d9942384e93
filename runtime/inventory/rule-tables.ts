/**
 * Reads the key columns of Pega's rule tables: `pr4_rule` (rule types
 * without a table of their own, such as case types, SLAs, strategies and
 * report definitions) and `pr4_rule_flow`. Rule bodies are in the
 * `pzpvstream` BLOB, which only Pega can decode, so these rows give the list
 * of rules and their versions, and the application export gives the details.
 */

import pg from 'pg';

import { PegaDiscoveryError, toDiscoveryError, type ServerLabel } from '../discover/discovery-errors.js';
import { isInventoryRuleClass, type InventoryRuleClass } from './rule-identity.js';

export interface RuleTableRow {
  readonly ruleClass: InventoryRuleClass;
  readonly handle: string;
  readonly className: string;
  readonly name: string;
  readonly label?: string;
  readonly ruleSet?: string;
  readonly ruleSetVersion?: string;
}

export interface RuleTableLocation {
  /** PostgreSQL schema of the table. */
  readonly schema: string;
  /** `pr4_rule` or `pr4_rule_flow`. */
  readonly table: string;
}

/** Column holding the rule name, per table; without it the name comes from the last word of pxInsName. */
const NAME_COLUMNS: Readonly<Record<string, string>> = { pr4_rule: 'pyrulename', pr4_rule_flow: 'pyflowname' };

async function columnsOf(client: pg.ClientBase, location: RuleTableLocation): Promise<Set<string>> {
  const result = await client.query<{ column_name: string }>({
    text: 'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
    values: [location.schema, location.table],
  });
  return new Set(result.rows.map((row) => row.column_name));
}

async function readTable(client: pg.ClientBase, location: RuleTableLocation): Promise<RuleTableRow[]> {
  const columns = await columnsOf(client, location);
  const wanted = ['pzinskey', 'pxobjclass', 'pyclassname', 'pxinsname', 'pylabel', 'pyruleset', 'pyrulesetversion'];
  const nameColumn = NAME_COLUMNS[location.table];
  const selected = [...wanted, ...(nameColumn !== undefined ? [nameColumn] : [])].map((column) => (columns.has(column) ? pg.escapeIdentifier(column) : `NULL AS ${column}`));
  const relation = `${pg.escapeIdentifier(location.schema)}.${pg.escapeIdentifier(location.table)}`;
  const result = await client.query<Record<string, string | null>>(`SELECT ${selected.join(', ')} FROM ${relation} ORDER BY pzinskey`);

  const rows: RuleTableRow[] = [];
  for (const row of result.rows) {
    const ruleClass = row.pxobjclass ?? '';
    const handle = row.pzinskey;
    const className = row.pyclassname;
    if (!isInventoryRuleClass(ruleClass) || !handle || !className) continue;
    // pxInsName is `<APPLIES-TO> <NAME>` in upper case: the last resort for the name.
    const name = (nameColumn !== undefined ? row[nameColumn] : null) ?? row.pxinsname?.split(' ').at(-1) ?? (ruleClass === 'Rule-Obj-CaseType' ? 'pyDefault' : null);
    if (name === null) continue;
    rows.push({
      ruleClass,
      handle,
      className,
      name,
      ...(row.pylabel ? { label: row.pylabel } : {}),
      ...(row.pyruleset ? { ruleSet: row.pyruleset } : {}),
      ...(row.pyrulesetversion ? { ruleSetVersion: row.pyrulesetversion } : {}),
    });
  }
  return rows;
}

/** Reads the rule rows of the inventory's rule classes from the given tables, in one read-only transaction. */
export async function readRuleTables(connectionString: string, locations: readonly RuleTableLocation[]): Promise<RuleTableRow[]> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, application_name: 'pmap discover' });
  } catch (error) {
    throw new PegaDiscoveryError('invalid-option', 'the PostgreSQL connection string could not be parsed; write it as postgres://user:password@host:port/database', { cause: error });
  }
  const server: ServerLabel = { address: `${client.host}:${client.port}`, database: client.database ?? '', user: client.user ?? '' };
  let activity = 'connecting';
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const rows: RuleTableRow[] = [];
    for (const location of locations) {
      activity = `reading rule table ${location.schema}.${location.table}`;
      rows.push(...(await readTable(client, location)));
    }
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    throw toDiscoveryError(error, server, activity);
  } finally {
    await client.end().catch(() => undefined);
  }
}
