/**
 * Extraction completeness: every row of every table a migration object
 * reads must come out of each source connector, whether pmap reads the
 * Pega database itself or a BIX extract of it (XML or CSV, UTF-8 or
 * ISO-8859-1). Tables are read as `pmap apply` reads them: with the class
 * and key that schemas/pega.json records.
 *
 * The small fixture runs by default. PMAP_TEST_MEDIUM=1 runs the medium one
 * (50,000 work objects), which takes minutes.
 */

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PegaSchema } from '../../runtime/schema-types.js';
import { BixCsvSource } from '../../runtime/sources/bix-csv.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { PegaPostgresSource } from '../../runtime/sources/pega-postgres.js';
import type { SourceConnector, SourceRecord, SourceTableRef } from '../../runtime/sources/source.js';
import { buildFixturePegaSchema } from '../fixtures/pega-db/fixture-schema-json.js';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { writeInteractionHistoryExport, type InteractionHistoryExport } from '../fixtures/pega-db/ih-dataset-export.js';
import { writeBixExport, type BixExport } from '../fixtures/pega-db/write-bix.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';

const SIZE = process.env.PMAP_TEST_MEDIUM === '1' ? 'medium' : 'small';
const SETUP_TIMEOUT_MS = SIZE === 'medium' ? 900_000 : 300_000;
const READ_TIMEOUT_MS = SIZE === 'medium' ? 600_000 : 60_000;

/** The tables the standard objects read: cases, customers, companies, operators, history and attachments. */
const OBJECT_TABLES = [
  'data.pc_work', 'data.pc_acme_cs_work', 'data.pc_acme_cs_interaction_work', 'data.pr_other',
  'customerdata.contact', 'customerdata.organization', 'data.pr_operators',
  'data.pc_history_work', 'data.pc_history_acme_cs_work', 'data.pr_history',
  'data.pc_link_attachment', 'data.pc_data_workattach',
];

let db: TestDatabase;
let generated: GeneratedPegaDatabase;
let schema: PegaSchema;
let exported: BixExport;
let history: InteractionHistoryExport;
let exportDirectory: string;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('completeness');
  const started = performance.now();
  generated = await generatePegaDatabase({ connectionString: db.connectionString, size: SIZE, schemaPrefix: db.schemaPrefix });
  const generatedAt = performance.now();
  schema = buildFixturePegaSchema(generated);

  exportDirectory = mkdtempSync(join(tmpdir(), 'pmap-completeness-'));
  exported = await writeBixExport({ connectionString: db.connectionString, generated, outputDirectory: exportDirectory, tables: OBJECT_TABLES });
  history = await writeInteractionHistoryExport(db.connectionString, generated, join(exportDirectory, 'interaction-history'));
  process.stderr.write(
    `extraction completeness (${SIZE}): generated in ${Math.round((generatedAt - started) / 1000)} s, ` +
      `exported in ${Math.round((performance.now() - generatedAt) / 1000)} s\n`,
  );

  client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await client?.end();
  await db?.drop();
  await releaseTestDatabases();
  if (exportDirectory) rmSync(exportDirectory, { recursive: true, force: true });
});

/** Returns the table as `pmap apply` reads it: with the class and key that schemas/pega.json records. */
function tableRef(table: string): SourceTableRef {
  const definition = schema.tables[table]!;
  return { table, className: definition.className, key: definition.key ?? [] };
}

async function countRecords(source: SourceConnector, table: string): Promise<number> {
  let count = 0;
  for await (const _record of source.read(tableRef(table))) {
    count += 1;
  }
  return count;
}

async function readRecords(source: SourceConnector, table: string): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.read(tableRef(table))) {
    records.push(record);
  }
  return records;
}

async function countInDatabase(table: string): Promise<number> {
  const [schemaName, name] = table.split('.') as ['data' | 'rules' | 'customerdata', string];
  const relation = `${pg.escapeIdentifier(generated.schemaNames[schemaName])}.${pg.escapeIdentifier(name)}`;
  const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${relation}`);
  return Number(result.rows[0]!.count);
}

function sources(): Record<string, SourceConnector> {
  return {
    postgres: new PegaPostgresSource({ connectionString: db.connectionString, schema, schemaNames: generated.schemaNames }),
    'bix xml utf-8': new BixXmlSource({ directory: exported.directories['xml/utf-8']! }),
    'bix xml iso-8859-1': new BixXmlSource({ directory: exported.directories['xml/iso-8859-1']! }),
    'bix csv utf-8': new BixCsvSource({ directory: exported.directories['csv/utf-8']! }),
    'bix csv iso-8859-1': new BixCsvSource({ directory: exported.directories['csv/iso-8859-1']! }),
  };
}

describe(`extraction completeness of the ${SIZE} fixture`, () => {
  it.each(OBJECT_TABLES)('yields every row of %s from each source', async (table) => {
    const expected = await countInDatabase(table);
    expect(expected, `${table} has rows`).toBeGreaterThan(0);
    expect(exported.rowCounts[table], `${table} rows exported`).toBe(expected);

    for (const [name, source] of Object.entries(sources())) {
      const started = performance.now();
      const count = await countRecords(source, table);
      await source.close();
      expect(count, `${table} from ${name}`).toBe(expected);
      if (SIZE === 'medium') {
        process.stderr.write(`${table} from ${name}: ${count} rows in ${Math.round(performance.now() - started)} ms\n`);
      }
    }
  }, READ_TIMEOUT_MS);

  it('exports every Interaction History fact', async () => {
    const lines = readFileSync(history.dataJson, 'utf8').trimEnd().split('\n');
    const facts = await countInDatabase('data.pr_data_ih_fact');

    expect(history.rows).toBe(facts);
    expect(lines).toHaveLength(facts);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toHaveLength(49);
    expect(first.pxOutcomeTime).toMatch(/^\d{8}T\d{6}\.\d{3} GMT$/);
    expect(typeof first.pyPropensity).toBe('number');
    expect(first.BundleHead).toBe(false);
  }, READ_TIMEOUT_MS);
});

describe('records of the same table from each source', () => {
  it('are equal from PostgreSQL, BIX XML and BIX CSV', async () => {
    const all = sources();
    const fromPostgres = await readRecords(all.postgres!, 'customerdata.contact');
    const fromXml = await readRecords(all['bix xml utf-8']!, 'customerdata.contact');
    const fromCsv = await readRecords(all['bix csv utf-8']!, 'customerdata.contact');
    const fromLatin1Xml = await readRecords(all['bix xml iso-8859-1']!, 'customerdata.contact');

    expect(fromXml).toEqual(fromPostgres);
    expect(fromCsv).toEqual(fromPostgres);
    expect(fromLatin1Xml).toEqual(fromPostgres);
  }, READ_TIMEOUT_MS);

  it('keep Latin-1 names in ISO-8859-1 CSV and lose the others to ?', async () => {
    const all = sources();
    const utf8 = await readRecords(all['bix csv utf-8']!, 'customerdata.contact');
    const latin1 = await readRecords(all['bix csv iso-8859-1']!, 'customerdata.contact');
    const names = (records: SourceRecord[]): string[] => records.map((record) => `${record.FirstName ?? ''} ${record.LastName ?? ''}`);

    const accented = names(utf8).filter((name) => /[À-ÿ]/.test(name) && !/[^\u0000-\u00ff]/.test(name));
    const nonLatin = names(utf8).filter((name) => /[^\u0000-\u00ff]/.test(name));
    expect(accented.length, 'contacts with accented Latin-1 names').toBeGreaterThan(0);
    expect(nonLatin.length, 'contacts with names outside Latin-1').toBeGreaterThan(0);

    const latin1Names = new Set(names(latin1));
    for (const name of accented) {
      expect(latin1Names.has(name), name).toBe(true);
    }
    for (const name of nonLatin) {
      expect(latin1Names.has(name.replace(/[^\u0000-\u00ff]/gu, '?')), name).toBe(true);
    }
    expect(exported.replacedCharacters['customerdata.contact']).toBeGreaterThan(0);
  }, READ_TIMEOUT_MS);
});
