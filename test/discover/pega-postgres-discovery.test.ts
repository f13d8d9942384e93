import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDiscoverPega } from '../../cli/commands/discover-pega.js';
import { UserError } from '../../cli/user-error.js';
import { PegaDiscoveryError } from '../../runtime/discover/discovery-errors.js';
import { discoverPegaSchema, parseSchemaSelection } from '../../runtime/discover/pega-postgres-discovery.js';
import { pegaPropertyName } from '../../runtime/discover/pega-property-names.js';
import type { PegaRelationship, PegaSchema } from '../../runtime/schema-types.js';
import { buildFixturePegaSchema } from '../fixtures/pega-db/fixture-schema-json.js';
import { fixtureTables } from '../fixtures/pega-db/fixture-tables.js';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const temporaryFolders: string[] = [];

let db: TestDatabase;
let generated: GeneratedPegaDatabase;
let schemas: string[];
let discovered: PegaSchema;

beforeAll(async () => {
  db = await createTestDatabase('pega discover');
  generated = await generatePegaDatabase({ connectionString: db.connectionString, size: 'small', schemaPrefix: db.schemaPrefix });
  schemas = Object.entries(generated.schemaNames).map(([name, schema]) => `${name}=${schema}`);
  discovered = await discoverPegaSchema({ connectionString: db.connectionString, schemas });
});

afterAll(async () => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  await db?.drop();
  await releaseTestDatabases();
});

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pmap-discover-'));
  temporaryFolders.push(folder);
  return folder;
}

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
  try {
    return Number((await client.query<{ value: string }>(`SELECT (${sql}) AS value`)).rows[0]!.value);
  } finally {
    await client.end();
  }
}

const relation = (table: string): string => {
  const [schema, name] = table.split('.') as ['data' | 'rules' | 'customerdata', string];
  return `${pg.escapeIdentifier(generated.schemaNames[schema])}.${pg.escapeIdentifier(name)}`;
};

const findReference = (from: string, column: string, to: string): PegaRelationship | undefined =>
  discovered.relationships?.find((relationship) => relationship.kind === 'pega-reference' && relationship.from === from && relationship.fromColumns[0] === column && relationship.to === to);

describe('discovered tables', () => {
  it('finds every fixture table under its schema name', () => {
    expect(Object.keys(discovered.tables).sort()).toEqual(Object.keys(generated.rowCounts).sort());
  });

  it('matches the fixture schema table by table', () => {
    const expected = buildFixturePegaSchema(generated);
    for (const [name, table] of Object.entries(expected.tables)) {
      const found = discovered.tables[name]!;
      expect(found.className, name).toBe(table.className);
      expect(found.key, name).toEqual(table.key);
      expect(found.rowCount, name).toBe(table.rowCount);
      expect(found.unmappedColumns, name).toEqual(table.unmappedColumns);
      expect(Object.keys(found.columns).sort(), name).toEqual(Object.keys(table.columns).sort());
      for (const [property, column] of Object.entries(table.columns)) {
        const { distinctValues: _values, ...shape } = found.columns[property]!;
        expect(shape, `${name}.${property}`).toEqual(column);
      }
    }
  });

  it('finds the foreign keys the fixture declares', () => {
    const foreignKeys = discovered.relationships?.filter((relationship) => relationship.kind === 'foreign-key');
    expect(foreignKeys).toEqual(buildFixturePegaSchema(generated).relationships);
  });

  it('takes the class from pxobjclass or the table name', () => {
    expect(discovered.tables['data.pc_assign_worklist']?.className).toBe('Assign-Worklist');
    expect(discovered.tables['data.pr_operators']?.className).toBe('Data-Admin-Operator-ID');
    expect(discovered.tables['customerdata.contact']?.className).toBe('contact');
    expect(discovered.tables['data.pr_data_ih_fact']?.className).toBe('pr_data_ih_fact');
  });

  it('maps column types', () => {
    const work = discovered.tables['data.pc_acme_cs_work']!.columns;
    expect(work.pxCreateDateTime?.type).toBe('datetime');
    expect(work.pxUrgencyWork?.type).toBe('integer');
    expect(work.IsPendingClose?.type).toBe('truefalse');
    expect(work.pyHasAttachments?.type).toBe('truefalse');
    expect(work.RequestDate?.type).toBe('text');
    expect(work.RefundAmount?.type).toBe('text');
    expect(work.pzInsKey).toMatchObject({ nullable: false, length: 255 });
    expect(discovered.tables['customerdata.acme_account']!.columns.AccountBalance?.type).toBe('decimal');
    expect(discovered.tables['customerdata.acme_account']!.columns.AccountOpenDate?.type).toBe('date');
    expect(discovered.tables['data.pr_data_ih_fact']!.columns.pxInteractionID?.type).toBe('integer');
    expect(discovered.tables['data.pr_data_ih_fact']!.columns.pyPropensity?.type).toBe('decimal');
    expect(discovered.tables['customerdata.acme_country']!.columns.CountryCode?.type).toBe('text');
  });

  it('recovers the spelling of every fixture property', () => {
    for (const table of fixtureTables()) {
      for (const column of table.columns) {
        expect(pegaPropertyName(column.name), `${table.name}.${column.name}`).toBe(column.property);
      }
    }
  });
});

describe('discovered distinct values', () => {
  it('lists low-cardinality values with counts', () => {
    const status = discovered.tables['data.pc_acme_cs_work']!.columns.pyStatusWork!.distinctValues!;
    const values = status.map(([value]) => value);
    expect(values).toContain('Pending-CustomerReply');
    expect(values).toEqual([...values].sort());
    expect(status.reduce((sum, [, rows]) => sum + rows, 0)).toBe(generated.rowCounts['data.pc_acme_cs_work']);
  });

  it('puts NULL first and keeps empty text', () => {
    const flags = discovered.tables['data.pc_acme_cs_work']!.columns.IsPendingClose!.distinctValues!;
    expect(flags.map(([value]) => value)).toEqual([null, '', 'false', 'true']);
  });

  it('renders numbers in Pega text form', () => {
    const urgency = discovered.tables['data.pc_acme_cs_work']!.columns.pxUrgencyWork!.distinctValues!;
    expect(urgency.map(([value]) => value)).toContain('10');
  });

  it('keeps both Accept and Accepted outcomes', () => {
    const outcomes = discovered.tables['data.pr_data_ih_dim_outcome']!.columns.pyOutcome!.distinctValues!.map(([value]) => value);
    expect(outcomes).toEqual(expect.arrayContaining(['Accept', 'Accepted', 'Churned', 'Loyal']));
  });

  it('leaves out unique, many-valued and long columns', () => {
    const work = discovered.tables['data.pc_acme_cs_work']!.columns;
    expect(work.pzInsKey?.distinctValues).toBeUndefined();
    expect(work.pyID?.distinctValues).toBeUndefined();
    expect(work.pxCreateDateTime?.distinctValues).toBeUndefined();
    expect(discovered.tables['customerdata.organization']!.columns.Description?.distinctValues).toBeUndefined();
  });
});

describe('discovered Pega references', () => {
  it('links assignments, history and attachments to work tables', () => {
    for (const [from, column] of [
      ['data.pc_assign_worklist', 'pxRefObjectKey'],
      ['data.pc_assign_workbasket', 'pxRefObjectKey'],
      ['data.pc_history_acme_cs_work', 'pxHistoryForReference'],
      ['data.pc_link_attachment', 'pxLinkedRefFrom'],
      ['data.pc_data_workattach', 'pxRefObjectKey'],
    ] as const) {
      expect(findReference(from, column, 'data.pc_acme_cs_work'), `${from}.${column}`).toBeDefined();
    }
    expect(findReference('data.pc_history_work', 'pxHistoryForReference', 'data.pc_work')).toBeDefined();
    expect(findReference('data.pr_history', 'pxHistoryForReference', 'data.pr_other')).toBeDefined();
    expect(findReference('data.pc_history_acme_cs_work', 'pxHistoryForReference', 'data.pc_work')).toBeUndefined();
  });

  it('links child cases to their covers', () => {
    expect(findReference('data.pc_acme_cs_work', 'pxCoverInsKey', 'data.pc_acme_cs_interaction_work')).toBeDefined();
    expect(findReference('data.pc_acme_cs_work', 'pxCoverInsKey', 'data.pc_acme_cs_work')).toBeDefined();
  });

  it('counts the rows that match', async () => {
    const links = findReference('data.pc_link_attachment', 'pxLinkedRefTo', 'data.pc_data_workattach')!;
    // One link names an attachment that does not exist.
    expect(links.matchedRows).toBe(generated.rowCounts['data.pc_link_attachment']! - 1);
    const history = findReference('data.pc_history_acme_cs_work', 'pxHistoryForReference', 'data.pc_acme_cs_interaction_work')!;
    expect(history.matchedRows).toBe(await count(`SELECT count(*) FROM ${relation('data.pc_history_acme_cs_work')} WHERE pzinskey LIKE 'HISTORY-ACME-CS-WORK-INTERACTION %'`));
  });

  it('orders relationships', () => {
    const order = (discovered.relationships ?? []).map((relationship) => `${relationship.from} ${relationship.fromColumns.join(',')} ${relationship.to}`);
    expect(order).toEqual([...order].sort());
  });
});

describe('pmap discover pega', () => {
  it('writes the same file on every run', async () => {
    const first = temporaryFolder();
    const second = temporaryFolder();
    expect(await runDiscoverPega(first, { connectionString: db.connectionString, schemas })).toBe(0);
    expect(await runDiscoverPega(second, { connectionString: db.connectionString, schemas })).toBe(0);
    const firstText = readFileSync(join(first, 'schemas', 'pega.json'), 'utf8');
    expect(readFileSync(join(second, 'schemas', 'pega.json'), 'utf8')).toBe(firstText);
    expect(JSON.parse(firstText)).toEqual(JSON.parse(JSON.stringify(discovered)));
  });

  it('writes a file pmap accepts', async () => {
    const folder = temporaryFolder();
    await runDiscoverPega(folder, { connectionString: db.connectionString, schemas });
    const schemaFiles = JSON.parse(readFileSync(join(repository, 'compiler', 'schema-files.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(schemaFiles);
    const validate = ajv.getSchema('pmap-schema-files#/definitions/pegaSchema')!;
    expect(validate(JSON.parse(readFileSync(join(folder, 'schemas', 'pega.json'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reads every schema with tables by default', async (context) => {
    // In a shared database other tests' schemas would be read too.
    if (db.schemaPrefix !== '') context.skip();
    const all = await discoverPegaSchema({ connectionString: db.connectionString });
    expect(all).toEqual(discovered);
  });

  it('reports a missing folder as a user error', async () => {
    await expect(runDiscoverPega(join(temporaryFolder(), 'missing'), { connectionString: db.connectionString, schemas })).rejects.toThrow(UserError);
  });

  it('reports discovery errors as user errors', async () => {
    const error = await runDiscoverPega(temporaryFolder(), { connectionString: db.connectionString, schemas: ['nope_schema'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('"nope_schema"');
  });
});

describe('discovery errors', () => {
  async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('names host and port of a refused connection, not the password', async () => {
    const port = await closedPort();
    const error = await discoverPegaSchema({ connectionString: `postgres://pmap:sekret-word@127.0.0.1:${port}/pega` }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PegaDiscoveryError);
    expect((error as PegaDiscoveryError).kind).toBe('connection-refused');
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain('check that the server is running');
    expect((error as Error).message).not.toContain('sekret-word');
  });

  it('names a missing schema and the schemas that exist', async () => {
    const error = await discoverPegaSchema({ connectionString: db.connectionString, schemas: [`data=${generated.schemaNames.data}`, 'pegadata'] }).catch((caught: unknown) => caught);
    expect((error as PegaDiscoveryError).kind).toBe('schema-not-found');
    expect((error as Error).message).toMatch(/schema "pegadata" does not exist in database ".+" at [^ ]+:\d+/);
    expect((error as Error).message).toContain(generated.schemaNames.customerdata);
  });

  it('rejects a malformed schema entry', () => {
    expect(() => parseSchemaSelection(['data='])).toThrow(/schema entry "data=" is invalid/);
    expect(() => parseSchemaSelection(['a.b'])).toThrow(PegaDiscoveryError);
    expect(() => parseSchemaSelection(['data=x', 'data=y'])).toThrow(/given twice/);
    expect(parseSchemaSelection(['data=pegadata', 'rules'])).toEqual([{ name: 'data', schema: 'pegadata' }, { name: 'rules', schema: 'rules' }]);
  });

  it('rejects an unparsable connection string without quoting it', async () => {
    const error = await discoverPegaSchema({ connectionString: 'postgres://pmap:sekret-word@[bad' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PegaDiscoveryError);
    expect((error as Error).message).not.toContain('sekret-word');
  });

  it('names a missing database', async (context) => {
    if (!db.features.checksLogins) context.skip();
    const url = new URL(db.connectionString);
    url.pathname = '/pmap_no_such_database';
    const error = await discoverPegaSchema({ connectionString: url.toString() }).catch((caught: unknown) => caught);
    expect((error as PegaDiscoveryError).kind).toBe('database-not-found');
    expect((error as Error).message).toContain('"pmap_no_such_database"');
  });

  it('reports a schema without tables', async () => {
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    const empty = `${db.schemaPrefix}empty`;
    try {
      await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(empty)}`);
    } finally {
      await client.end();
    }
    const error = await discoverPegaSchema({ connectionString: db.connectionString, schemas: [empty] }).catch((caught: unknown) => caught);
    expect((error as PegaDiscoveryError).kind).toBe('no-tables');
    expect((error as Error).message).toContain(`"${empty}"`);
  });
});

describe('discovery of hand-made tables', () => {
  it('handles empty tables and clashing names', async () => {
    const schema = `${db.schemaPrefix}odd`;
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
      await client.query(`CREATE TABLE ${pg.escapeIdentifier(schema)}.empty_work (pyid varchar(32), "pyID" varchar(32), flag varchar(5), tags text[])`);
    } finally {
      await client.end();
    }

    const found = await discoverPegaSchema({ connectionString: db.connectionString, schemas: [`odd=${schema}`] });
    const table = found.tables['odd.empty_work']!;
    expect(table.rowCount).toBe(0);
    expect(table.className).toBe('empty_work');
    expect(table.key).toBeUndefined();
    expect(table.columns.pyID?.column).toBe('pyID');
    expect(table.columns.pyid?.column).toBe('pyid');
    expect(table.columns.flag).toEqual({ column: 'flag', type: 'text', nullable: true, length: 5, databaseType: 'character varying(5)' });
    expect(table.unmappedColumns).toEqual({ tags: 'text[]' });
    expect(found.relationships).toEqual([]);
  });
});

describe('discovery on PGlite', () => {
  it('discovers a fixture generated on PGlite', async () => {
    const pglite = await createTestDatabase('pega discover lite', { backend: 'pglite' });
    try {
      const lite = await generatePegaDatabase({ connectionString: pglite.connectionString, size: 'small', schemaPrefix: pglite.schemaPrefix, attachStream: 'blob-only' });
      const liteSchemas = Object.entries(lite.schemaNames).map(([name, schema]) => `${name}=${schema}`);
      const schema = await discoverPegaSchema({ connectionString: pglite.connectionString, schemas: liteSchemas });
      expect(schema.tables['data.pc_data_workattach']?.columns.pyAttachStream).toBeUndefined();
      expect(schema.tables['data.pc_acme_cs_work']).toEqual(discovered.tables['data.pc_acme_cs_work']);
      expect(schema.relationships).toEqual(discovered.relationships);
    } finally {
      await pglite.drop();
    }
  });
});
