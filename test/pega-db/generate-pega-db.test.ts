import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Ajv } from 'ajv';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PegaSchema } from '../../runtime/schema-types.js';
import { buildFixturePegaSchema, writeFixtureSchemaJson } from '../fixtures/pega-db/fixture-schema-json.js';
import { fixtureTables } from '../fixtures/pega-db/fixture-tables.js';
import { qualifiedName, type FixtureSchemaName } from '../fixtures/pega-db/fixture-table.js';
import { FixtureGenerationError, generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { HUGE_BLOB_BYTES } from '../fixtures/pega-db/case-blob.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';
import { tableHashes, withClient } from './table-hashes.js';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 20240601;

/** The tables a realistic Pega database must have, by area. */
const EXPECTED_TABLES = [
  'data.pc_work', 'data.pc_acme_cs_work', 'data.pc_acme_cs_interaction_work', 'data.pr_other',
  'data.pc_assign_worklist', 'data.pc_assign_workbasket',
  'data.pc_history_work', 'data.pc_history_acme_cs_work', 'data.pr_history',
  'data.pc_link_attachment', 'data.pc_data_workattach',
  'data.pr_operators', 'data.pc_data_uniqueid', 'data.pr_data_admin', 'data.pr_extract_time',
  'data.pr_data_ih_fact', 'data.pr_data_ih_dim_action', 'data.pr_data_ih_dim_channel', 'data.pr_data_ih_dim_outcome',
  'data.pr_data_ih_dim_customer', 'data.pr_data_ih_dim_operator', 'data.pr_data_ih_dim_context', 'data.pr_data_ih_dim_application',
  'data.pr_data_ih_association',
  'customerdata.contact', 'customerdata.organization', 'customerdata.address', 'customerdata.contact_org_rel',
  'customerdata.crm_data_contact_xref', 'customerdata.acme_account', 'customerdata.acme_loyalty_account',
  'customerdata.acme_country', 'customerdata.acme_product',
  'rules.pr4_rule', 'rules.pr4_rule_flow', 'rules.pr4_rule_property',
];
const WORK_TABLES = ['data.pc_work', 'data.pc_acme_cs_work', 'data.pc_acme_cs_interaction_work'];
const HISTORY_TABLES = ['data.pc_history_work', 'data.pc_history_acme_cs_work', 'data.pr_history'];
const ASSIGNMENT_TABLES = ['data.pc_assign_worklist', 'data.pc_assign_workbasket'];

let db: TestDatabase;
let generated: GeneratedPegaDatabase;
let again: GeneratedPegaDatabase;
let client: pg.Client;

/** Returns the quoted relation of `schema.table` under the first generation's prefix. */
function relation(table: string, names: Readonly<Record<FixtureSchemaName, string>> = generated.schemaNames): string {
  const [schema, name] = table.split('.') as [FixtureSchemaName, string];
  return `${pg.escapeIdentifier(names[schema])}.${pg.escapeIdentifier(name)}`;
}

async function scalar(sql: string, values: unknown[] = []): Promise<number> {
  const result = await client.query<{ value: string }>({ text: `SELECT (${sql}) AS value`, values });
  return Number(result.rows[0]!.value);
}

const unionOf = (tables: readonly string[], select: string): string => tables.map((table) => `SELECT ${select} FROM ${relation(table)}`).join(' UNION ALL ');

beforeAll(async () => {
  db = await createTestDatabase('pega db');
  generated = await generatePegaDatabase({ connectionString: db.connectionString, size: 'small', seed: SEED, schemaPrefix: `${db.schemaPrefix}a_` });
  again = await generatePegaDatabase({ connectionString: db.connectionString, size: 'small', seed: SEED, schemaPrefix: `${db.schemaPrefix}b_` });
  client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
  await releaseTestDatabases();
});

describe('generated tables', () => {
  it('has every table of a Pega installation', () => {
    expect(Object.keys(generated.rowCounts).sort()).toEqual([...EXPECTED_TABLES].sort());
  });

  it('has the row counts it reports', async () => {
    for (const [table, count] of Object.entries(generated.rowCounts)) {
      expect(await scalar(`SELECT count(*) FROM ${relation(table)}`), table).toBe(count);
    }
  });

  it('has small volumes', () => {
    const work = WORK_TABLES.reduce((sum, table) => sum + generated.rowCounts[table]!, 0);
    expect(work).toBe(500);
    expect(generated.rowCounts['customerdata.contact']).toBe(200);
    expect(generated.rowCounts['data.pr_other']).toBeGreaterThanOrEqual(1);
  });

  it('gives Pega tables the mandatory columns', async () => {
    const expected = [
      ['pzinskey', 'character varying(255)', true],
      ['pxobjclass', 'character varying(96)', false],
      ['pxcreatedatetime', 'timestamp without time zone', false],
      ['pylabel', 'character varying(64)', false],
      ['pzpvstream', 'bytea', false],
    ];
    const pegaTables = fixtureTables().filter((table) => table.columns.some((column) => column.name === 'pzinskey'));
    expect(pegaTables.length).toBe(18);

    for (const table of pegaTables) {
      const result = await client.query<{ attname: string; type: string; attnotnull: boolean }>({
        text: 'SELECT attname, format_type(atttypid, atttypmod) AS type, attnotnull FROM pg_attribute WHERE attrelid = $1::regclass AND attname = ANY($2) ORDER BY attnum',
        values: [relation(qualifiedName(table)), expected.map(([name]) => name)],
      });
      expect(result.rows.map((row) => [row.attname, row.type, row.attnotnull]), qualifiedName(table)).toEqual(expected);
      const primaryKey = await scalar("SELECT count(*) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p' AND conkey = ARRAY[1::int2]", [relation(qualifiedName(table))]);
      expect(primaryKey, `${qualifiedName(table)} is keyed by pzinskey`).toBe(1);
    }
  });

  it('keeps Pega columns out of CustomerData tables', async () => {
    const pegaColumns = await scalar(
      "SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('pzinskey', 'pxobjclass', 'pzpvstream')",
      [generated.schemaNames.customerdata],
    );
    expect(pegaColumns).toBe(0);
  });

  it('stores timestamps without time zone', async () => {
    const zoned = await scalar(
      "SELECT count(*) FROM information_schema.columns WHERE table_schema = ANY($1) AND data_type = 'timestamp with time zone'",
      [Object.values(generated.schemaNames)],
    );
    const plain = await scalar(
      "SELECT count(*) FROM information_schema.columns WHERE table_schema = ANY($1) AND data_type = 'timestamp without time zone'",
      [Object.values(generated.schemaNames)],
    );
    expect(zoned).toBe(0);
    expect(plain).toBeGreaterThan(50);
  });

  it('gives the work tables different application columns', async () => {
    const columnsOf = async (table: string): Promise<Set<string>> => {
      const result = await client.query<{ attname: string }>({ text: 'SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0', values: [relation(table)] });
      return new Set(result.rows.map((row) => row.attname));
    };
    const service = await columnsOf('data.pc_acme_cs_work');
    const interaction = await columnsOf('data.pc_acme_cs_interaction_work');
    expect(service.has('refundamount')).toBe(true);
    expect(interaction.has('refundamount')).toBe(false);
    expect(interaction.has('callduration')).toBe(true);
    expect(service.has('callduration')).toBe(false);
  });

  it('stores drifted types as text', async () => {
    const types = await client.query<{ column_name: string; type: string }>({
      text: "SELECT column_name, data_type || coalesce('(' || character_maximum_length || ')', '') AS type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'pc_acme_cs_work' AND column_name IN ('requestdate', 'refundamount', 'ispendingclose') ORDER BY column_name",
      values: [generated.schemaNames.data],
    });
    expect(types.rows).toEqual([
      { column_name: 'ispendingclose', type: 'character varying(5)' },
      { column_name: 'refundamount', type: 'character varying(32)' },
      { column_name: 'requestdate', type: 'character varying(32)' },
    ]);
    const flags = await client.query<{ value: string | null }>(`SELECT DISTINCT ispendingclose AS value FROM ${relation('data.pc_acme_cs_work')} ORDER BY 1`);
    expect(flags.rows.map((row) => row.value)).toEqual(['', 'false', 'true', null]);
  });

  it('stores goal times as date in one assignment table', async () => {
    const types = await client.query<{ table_name: string; data_type: string }>({
      text: "SELECT table_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'pxgoaltime' ORDER BY table_name",
      values: [generated.schemaNames.data],
    });
    expect(types.rows).toEqual([
      { table_name: 'pc_assign_workbasket', data_type: 'date' },
      { table_name: 'pc_assign_worklist', data_type: 'timestamp without time zone' },
    ]);
  });
});

describe('generated keys', () => {
  it('builds case keys from class group and pyID', async () => {
    const prefixes: Readonly<Record<string, RegExp>> = {
      'data.pc_acme_cs_work': /^ACME-CS-WORK S-\d+$/,
      'data.pc_acme_cs_interaction_work': /^ACME-CS-WORK-INTERACTION I-\d+$/,
      'data.pc_work': /^ACME-OPS-WORK W-[0-9A-Z-]+$/,
    };
    for (const [table, pattern] of Object.entries(prefixes)) {
      const rows = (await client.query<{ pzinskey: string; pyid: string; pxinsname: string }>(`SELECT pzinskey, pyid, pxinsname FROM ${relation(table)}`)).rows;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.pzinskey, table).toMatch(pattern);
        expect(row.pzinskey.endsWith(` ${row.pyid}`), row.pzinskey).toBe(true);
        expect(row.pxinsname).toBe(row.pyid);
      }
    }
  });

  it('numbers cases with gaps and one long pyID', async () => {
    const numbers = (await client.query<{ pyid: string }>(`SELECT pyid FROM ${relation('data.pc_acme_cs_work')}`)).rows
      .map((row) => Number(row.pyid.slice(2)))
      .sort((left, right) => left - right);
    const gaps = numbers.filter((number, index) => index > 0 && number - numbers[index - 1]! > 1).length;
    expect(gaps).toBeGreaterThan(10);
    expect(await scalar(`SELECT max(length(pyid)) FROM ${relation('data.pc_work')}`)).toBeGreaterThan(18);
  });

  it('keys assignments by case and flow', async () => {
    for (const table of ASSIGNMENT_TABLES) {
      const rows = (await client.query<{ pzinskey: string; pxrefobjectkey: string; pxflowname: string; pxobjclass: string }>(`SELECT pzinskey, pxrefobjectkey, pxflowname, pxobjclass FROM ${relation(table)}`)).rows;
      for (const row of rows) {
        const match = /^(ASSIGN-WORKLIST|ASSIGN-EXTERNAL|ASSIGN-WORKBASKET) (.+)!([A-Z]+)(_\d+)?$/.exec(row.pzinskey);
        expect(match, row.pzinskey).not.toBeNull();
        expect(match![1]).toBe(row.pxobjclass.toUpperCase());
        expect(match![2]).toBe(row.pxrefobjectkey);
        expect(match![3]).toBe(row.pxflowname.toUpperCase());
      }
    }
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pc_assign_worklist')} WHERE pzinskey ~ '_[0-9]+$'`)).toBeGreaterThan(0);
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pc_assign_worklist')} WHERE pxobjclass = 'Assign-External'`)).toBeGreaterThan(0);
  });

  it('keys history by case and time', async () => {
    for (const table of HISTORY_TABLES) {
      const rows = (await client.query<{ pzinskey: string; pxhistoryforreference: string; created: string; pxobjclass: string }>(
        `SELECT pzinskey, pxhistoryforreference, to_char(pxtimecreated, 'YYYYMMDD"T"HH24MISS.MS') AS created, pxobjclass FROM ${relation(table)}`,
      )).rows;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const match = /^HISTORY-(\S+) (\S+ \S+)!(\d{8}T\d{6}\.\d{3}) GMT$/.exec(row.pzinskey);
        expect(match, row.pzinskey).not.toBeNull();
        expect(row.pxhistoryforreference.startsWith(`${match![1]} `)).toBe(true);
        expect(match![2]).toBe(row.pxhistoryforreference);
        expect(match![3]).toBe(row.created);
        expect(row.pxobjclass).toMatch(/^History-ACME-/);
      }
    }
  });

  it('keys links, attachments, operators and rules', async () => {
    const links = (await client.query<{ pzinskey: string; pxlinkedreffrom: string }>(`SELECT pzinskey, pxlinkedreffrom FROM ${relation('data.pc_link_attachment')}`)).rows;
    for (const link of links) {
      expect(link.pzinskey).toMatch(/^LINK-ATTACHMENT .+!\d{8}T\d{6}\.\d{3} GMT$/);
      expect(link.pzinskey.slice('LINK-ATTACHMENT '.length, link.pzinskey.indexOf('!'))).toBe(link.pxlinkedreffrom);
    }
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pr_operators')} WHERE pzinskey <> 'DATA-ADMIN-OPERATOR-ID ' || pyuseridentifier`)).toBe(0);
    expect(await scalar(`SELECT count(*) FROM ${relation('rules.pr4_rule_flow')} WHERE pzinskey !~ '^RULE-OBJ-FLOW \\S+ \\S+ #\\d{8}T\\d{6}\\.\\d{3} GMT$'`)).toBe(0);
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pc_data_workattach')} WHERE pzinskey !~ '^DATA-WORKATTACH-(FILE|NOTE|URL) '`)).toBe(0);
  });

  it('uses operator ids of every shape', async () => {
    const ids = (await client.query<{ id: string }>(`SELECT pyuseridentifier AS id FROM ${relation('data.pr_operators')}`)).rows.map((row) => row.id);
    expect(ids).toContain('rep@acme');
    expect(ids).toContain('jdoe');
    expect(ids.some((id) => /^AU\d{17}$/.test(id))).toBe(true);
    expect(ids.some((id) => /^\d{18}$/.test(id))).toBe(true);
  });
});

describe('generated volumes and shapes', () => {
  it('makes history the largest table, over 20 rows per case', async () => {
    const cases = WORK_TABLES.reduce((sum, table) => sum + generated.rowCounts[table]!, 0);
    const history = HISTORY_TABLES.reduce((sum, table) => sum + generated.rowCounts[table]!, 0);
    const largest = Object.entries(generated.rowCounts).sort(([, left], [, right]) => right - left)[0]![0];
    expect(largest).toBe('data.pc_history_acme_cs_work');
    expect(history).toBeGreaterThanOrEqual(20 * cases);
  });

  it('skews history over cases', async () => {
    const perCase = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${relation('data.pc_history_acme_cs_work')} GROUP BY pxhistoryforreference ORDER BY 1`);
    const counts = perCase.rows.map((row) => Number(row.rows));
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(counts.at(-1)!).toBeGreaterThan(20 * median);
  });

  it('gives cases zero, one and many assignments', async () => {
    const perCase = await client.query<{ assignments: string; cases: string }>(
      `SELECT assignments, count(*) AS cases FROM (SELECT w.pzinskey, count(a.ref) AS assignments FROM ${relation('data.pc_acme_cs_work')} w ` +
        `LEFT JOIN (${unionOf(ASSIGNMENT_TABLES, 'pxrefobjectkey AS ref')}) a ON a.ref = w.pzinskey GROUP BY w.pzinskey) c GROUP BY assignments`,
    );
    const byCount = new Map(perCase.rows.map((row) => [Number(row.assignments), Number(row.cases)]));
    expect(byCount.get(0)).toBeGreaterThan(0);
    expect(byCount.get(1)).toBeGreaterThan(0);
    expect(Math.max(...byCount.keys())).toBeGreaterThan(10);
    const assignments = ASSIGNMENT_TABLES.reduce((sum, table) => sum + generated.rowCounts[table]!, 0);
    expect(assignments).toBeGreaterThan(2 * 500);
  });

  it('uses standard and custom statuses', async () => {
    const statuses = (await client.query<{ status: string }>(`SELECT DISTINCT pystatuswork AS status FROM (${unionOf(WORK_TABLES, 'pystatuswork')}) s`)).rows.map((row) => row.status);
    for (const status of ['New', 'Open', 'Pending-Approval', 'Resolved-Completed', 'Resolved-Cancelled', 'Resolved-Withdrawn', 'Pending-CustomerReply']) {
      expect(statuses).toContain(status);
    }
  });

  it('mixes several case types in one table', async () => {
    expect(await scalar(`SELECT count(DISTINCT pxobjclass) FROM ${relation('data.pc_acme_cs_work')}`)).toBe(5);
    expect(generated.classNames['data.pc_acme_cs_work']).toMatch(/^ACME-CS-Work-Service-/);
  });

  it('stores special BLOBs', async () => {
    const blobLength = (key: string): Promise<number | null> =>
      client.query<{ length: number | null }>({ text: `SELECT length(pzpvstream) AS length FROM ${relation('data.pc_acme_cs_work')} WHERE pzinskey = $1`, values: [key] })
        .then((result) => result.rows[0]!.length);
    expect(await blobLength(generated.keys.nullBlobKey!)).toBeNull();
    expect(await blobLength(generated.keys.hugeBlobKey!)).toBe(HUGE_BLOB_BYTES);
    expect(await blobLength(generated.keys.corruptBlobKey!)).toBeLessThan(16);
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pc_acme_cs_work')} WHERE pzpvstream IS NULL`)).toBe(1);
  });

  it('stores the one-off attachments', async () => {
    const attachments = relation('data.pc_data_workattach');
    expect(await scalar(`SELECT length(pylabel) FROM ${attachments} WHERE pzinskey = $1`, [generated.keys.sixtyCharacterSubjectKey])).toBe(60);
    const zipped = await client.query<{ name: string; content: string }>({ text: `SELECT pxattachname AS name, pyattachstream AS content FROM ${attachments} WHERE pzinskey = $1`, values: [generated.keys.zippedCorrespondenceKey] });
    expect(zipped.rows[0]!.name).toBe('Correspondence.htm.zip');
    const zip = Buffer.from(zipped.rows[0]!.content, 'base64');
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.toString('utf8')).toContain('Correspondence.htm');
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pc_link_attachment')} l WHERE NOT EXISTS (SELECT 1 FROM ${attachments} a WHERE a.pzinskey = l.pxlinkedrefto)`)).toBe(1);
  });

  it('keeps a work object in pr_other with history in pr_history', async () => {
    const key = generated.keys.workObjectInPrOther!;
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pr_other')} WHERE pzinskey = $1`, [key])).toBe(1);
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pr_history')} WHERE pxhistoryforreference = $1`, [key])).toBeGreaterThan(1);
  });

  it('records the last reserved case number per prefix', async () => {
    const reserved = await scalar(`SELECT pylastreservedid FROM ${relation('data.pc_data_uniqueid')} WHERE pxinsname = 'S-'`);
    const highest = await scalar(`SELECT max(substr(pyid, 3)::int) FROM ${relation('data.pc_acme_cs_work')}`);
    expect(reserved).toBeGreaterThanOrEqual(highest);
  });
});

describe('generated dirt', () => {
  const contact = (): string => relation('customerdata.contact');
  const organization = (): string => relation('customerdata.organization');
  const product = (): string => relation('customerdata.acme_product');
  const missingCustomers = (table: string): string =>
    `SELECT count(*) FROM ${relation(table)} w WHERE customerid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${contact()} c WHERE c.contactid = w.customerid)`;
  const workUnion = (): string => unionOf(WORK_TABLES, 'pyid, pzinskey, pystatuswork, pydescription, pxcreatedatetime, pxupdatedatetime, pxsavedatetime, pxcommitdatetime');
  const work = (where: string): string => `SELECT count(*) FROM (${workUnion()}) w WHERE ${where}`;
  const factsWithOutcome = (outcome: string): string =>
    `SELECT count(*) FROM ${relation('data.pr_data_ih_fact')} f JOIN ${relation('data.pr_data_ih_dim_outcome')} o ON o.pzid = f.pzoutcomeid WHERE o.pyoutcome = '${outcome}'`;
  const notes = (): string => `SELECT notes AS text FROM ${contact()} UNION ALL SELECT description FROM ${organization()}`;
  const dst = "('2023-03-26 01:00:00', '2023-03-26 00:59:59.999', '2023-10-29 01:00:00', '2023-03-12 07:00:00', '2023-11-05 06:30:00')";

  const checks = (): Record<string, string> => ({
    addressCountriesNotIsoCode: `SELECT count(*) FROM ${relation('customerdata.address')} WHERE country !~ '^[A-Z]{2}$'`,
    addressesWithMissingOwner: `SELECT count(*) FROM ${relation('customerdata.address')} a WHERE NOT EXISTS (SELECT 1 FROM ${contact()} c WHERE c.contactid = a.ownerid) AND NOT EXISTS (SELECT 1 FROM ${organization()} o WHERE o.organizationid = a.ownerid)`,
    assignmentsInError: `SELECT count(*) FROM (${unionOf(ASSIGNMENT_TABLES, 'pyerrormessage')}) a WHERE pyerrormessage IS NOT NULL`,
    birthDatesNotIso: `SELECT count(*) FROM ${contact()} WHERE birthdate IS NOT NULL AND birthdate !~ '^\\d{4}-\\d{2}-\\d{2}$'`,
    caseDescriptionsWithCrlf: work("pydescription LIKE '%' || chr(13) || chr(10) || '%'"),
    caseDescriptionsWithHtml: work("pydescription ~ '<[a-z]'"),
    caseIdsLongerThan18: work('length(pyid) > 18'),
    casesCommittedDaysAfterUpdate: work("pxcommitdatetime > pxupdatedatetime + interval '1 day'"),
    casesCreatedOnDstBoundary: work(`pxcreatedatetime IN ${dst}`),
    casesSavedAfterUpdate: work('pxsavedatetime > pxupdatedatetime'),
    casesWithMissingCustomerIn_pc_acme_cs_interaction_work: missingCustomers('data.pc_acme_cs_interaction_work'),
    casesWithMissingCustomerIn_pc_acme_cs_work: missingCustomers('data.pc_acme_cs_work'),
    casesWithNullUpdateDateTime: work('pxupdatedatetime IS NULL'),
    casesWithRetiredProduct: `SELECT count(*) FROM ${relation('data.pc_acme_cs_work')} w WHERE productcode IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${product()} p WHERE p.productcode = w.productcode)`,
    childCasesIn_pc_acme_cs_work: `SELECT count(*) FROM ${relation('data.pc_acme_cs_work')} WHERE pxcoverinskey IS NOT NULL`,
    childCasesIn_pc_work: `SELECT count(*) FROM ${relation('data.pc_work')} WHERE pxcoverinskey IS NOT NULL`,
    contactOrgRelsWithMissingOrganization: `SELECT count(*) FROM ${relation('customerdata.contact_org_rel')} r WHERE NOT EXISTS (SELECT 1 FROM ${organization()} o WHERE o.organizationid = r.organizationid)`,
    contactsWithMissingOrganization: `SELECT count(*) FROM ${contact()} c WHERE organizationid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${organization()} o WHERE o.organizationid = c.organizationid)`,
    contactsWithNonAsciiName: `SELECT count(*) FROM ${contact()} WHERE firstname || lastname ~ '[^\\x01-\\x7f]'`,
    contactsWithNullStatus: `SELECT count(*) FROM ${contact()} WHERE status IS NULL`,
    contactsWithRightToLeftName: `SELECT count(*) FROM ${contact()} WHERE firstname || lastname ~ '[\\u0590-\\u08ff]'`,
    contactsWithTrailingSpaces: `SELECT count(*) FROM ${contact()} WHERE firstname LIKE '% ' OR lastname LIKE '% '`,
    customerLevelFacts: `SELECT count(*) FROM ${relation('data.pr_data_ih_fact')} f JOIN ${relation('data.pr_data_ih_dim_channel')} c ON c.pzid = f.pzchannelid WHERE c.pychannel = ''`,
    customerValuesNotPlainDecimal: `SELECT count(*) FROM ${contact()} WHERE customervalue IS NOT NULL AND customervalue !~ '^-?\\d+(\\.\\d+)?$'`,
    duplicateEmailContacts: `SELECT count(email) - count(DISTINCT email) FROM ${contact()}`,
    factsWithAcceptOutcome: factsWithOutcome('Accept'),
    factsWithAcceptedOutcome: factsWithOutcome('Accepted'),
    historyRowsByDeletedOperators: `SELECT count(*) FROM (${unionOf(HISTORY_TABLES, 'pyperformer')}) h WHERE pyperformer IN ('tmiller', 'contractor07@acme')`,
    historyRowsByOperatorsWhoLeft: `SELECT count(*) FROM (${unionOf(HISTORY_TABLES, 'pyperformer')}) h JOIN ${relation('data.pr_operators')} o ON o.pyuseridentifier = h.pyperformer WHERE o.pyuserdisabled = 'true'`,
    hotSubjectFacts: `SELECT count(*) FROM ${relation('data.pr_data_ih_fact')} WHERE pysubjectid = '${generated.keys.hotSubjectID}'`,
    loyaltyAccountsWithNullStatus: `SELECT count(*) FROM ${relation('customerdata.acme_loyalty_account')} WHERE status IS NULL`,
    notesLongerThan10000: `SELECT count(*) FROM (${notes()}) n WHERE length(text) > 10000`,
    notesWithCrlf: `SELECT count(*) FROM (${notes()}) n WHERE text LIKE '%' || chr(13) || chr(10) || '%'`,
    notesWithHtml: `SELECT count(*) FROM (${notes()}) n WHERE text ~ '<[a-z]'`,
    operatorsWhoLeft: `SELECT count(*) FROM ${relation('data.pr_operators')} WHERE pyuserdisabled = 'true'`,
    operatorsWithoutEmail: `SELECT count(*) FROM ${relation('data.pr_operators')} WHERE pyemailaddress IS NULL`,
    organizationNamesWithTrailingSpaces: `SELECT count(*) FROM ${organization()} WHERE name LIKE '% '`,
    organizationsWithNullStatus: `SELECT count(*) FROM ${organization()} WHERE status IS NULL`,
    orphanAssignments: `SELECT count(*) FROM (${unionOf(ASSIGNMENT_TABLES, 'pxrefobjectkey')}) a WHERE NOT EXISTS (SELECT 1 FROM (${workUnion()}) w WHERE w.pzinskey = a.pxrefobjectkey)`,
    rawHandlesInBusinessColumn: `SELECT count(*) FROM ${relation('data.pc_acme_cs_interaction_work')} WHERE lastservicecase ~ '^ACME-CS-WORK S-\\d+$'`,
    refundAmountsNotPlainDecimal: `SELECT count(*) FROM ${relation('data.pc_acme_cs_work')} WHERE refundamount IS NOT NULL AND refundamount !~ '^-?\\d+(\\.\\d+)?$'`,
    requestDatesNotPegaDate: `SELECT count(*) FROM ${relation('data.pc_acme_cs_work')} WHERE requestdate IS NOT NULL AND requestdate !~ '^\\d{8}$'`,
    resolvedCasesWithOpenAssignments: `SELECT count(*) FROM (${workUnion()}) w WHERE pystatuswork LIKE 'Resolved-%' AND EXISTS (SELECT 1 FROM (${unionOf(ASSIGNMENT_TABLES, 'pxrefobjectkey')}) a WHERE a.pxrefobjectkey = w.pzinskey)`,
    urlAttachments: `SELECT count(*) FROM ${relation('data.pc_data_workattach')} WHERE pxobjclass = 'Data-WorkAttach-URL'`,
  });

  it('checks every kind of dirt it reports', () => {
    expect(Object.keys(generated.dirt).sort()).toEqual(Object.keys(checks()).sort());
  });

  it('injects each kind of dirt', () => {
    for (const [kind, count] of Object.entries(generated.dirt)) {
      expect(count, kind).toBeGreaterThan(0);
    }
  });

  it('reports the dirt the database holds', async () => {
    for (const [kind, sql] of Object.entries(checks())) {
      expect(await scalar(sql), kind).toBe(generated.dirt[kind]);
    }
  });

  it('puts over 500 facts on one subject', () => {
    expect(generated.dirt.hotSubjectFacts).toBeGreaterThan(500);
  });
});

describe('generator determinism', () => {
  it('generates identical rows from one seed', async () => {
    const first = await tableHashes(client, generated.schemaNames, 'exposed');
    const second = await tableHashes(client, again.schemaNames, 'exposed');
    expect(Object.keys(first).length).toBe(EXPECTED_TABLES.length);
    expect(second).toEqual(first);
    expect(again.dirt).toEqual(generated.dirt);
    expect(again.keys).toEqual(generated.keys);
  });

  it('generates other rows from another seed', async () => {
    const other = await generatePegaDatabase({ connectionString: db.connectionString, size: 'small', seed: SEED + 1, schemaPrefix: `${db.schemaPrefix}c_` });
    const first = await tableHashes(client, generated.schemaNames, 'exposed');
    const changed = await tableHashes(client, other.schemaNames, 'exposed');
    expect(changed['customerdata.contact']).not.toBe(first['customerdata.contact']);
    expect(changed['data.pc_history_acme_cs_work']).not.toBe(first['data.pc_history_acme_cs_work']);
  });
});

describe('generator options', () => {
  it('rejects an existing schema', async () => {
    const error = await generatePegaDatabase({ connectionString: db.connectionString, size: 'small', schemaPrefix: `${db.schemaPrefix}a_` }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FixtureGenerationError);
    expect((error as Error).message).toContain(`"${db.schemaPrefix}a_data" already exists`);
    // The failed run rolled back, so the first generation is intact.
    expect(await scalar(`SELECT count(*) FROM ${relation('data.pc_work')}`)).toBe(generated.rowCounts['data.pc_work']);
  });

  it('rejects an invalid prefix', async () => {
    await expect(generatePegaDatabase({ connectionString: db.connectionString, size: 'small', schemaPrefix: 'Bad-Prefix' })).rejects.toThrow(/schema prefix "Bad-Prefix" is invalid/);
    await expect(generatePegaDatabase({ connectionString: db.connectionString, size: 'small', schemaPrefix: 'p'.repeat(60) })).rejects.toThrow(/too long/);
  });
});

describe('fixture schema file', () => {
  it('matches the generated tables', () => {
    const schema = buildFixturePegaSchema(generated);
    expect(Object.keys(schema.tables).sort()).toEqual([...EXPECTED_TABLES].sort());
    const work = schema.tables['data.pc_acme_cs_work']!;
    expect(work.className).toBe(generated.classNames['data.pc_acme_cs_work']);
    expect(work.key).toEqual(['pzInsKey']);
    expect(work.columns.pyStatusWork).toEqual({ column: 'pystatuswork', type: 'text', nullable: true, length: 32, databaseType: 'character varying(32)' });
    expect(work.columns.IsPendingClose?.type).toBe('truefalse');
    expect(work.unmappedColumns).toEqual({ pzpvstream: 'bytea' });
    expect(schema.tables['customerdata.contact']!.className).toBe('contact');
    expect(schema.relationships?.map((relationship) => relationship.constraint)).toEqual([
      'acme_account_accountowner_fkey', 'acme_loyalty_account_contactid_fkey', 'acme_loyalty_account_countrycode_fkey', 'contact_org_rel_contactid_fkey',
    ]);
  });

  it('writes a file that pmap accepts', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pmap-fixture-schema-'));
    try {
      const path = writeFixtureSchemaJson(folder, generated);
      const text = readFileSync(path, 'utf8');
      const schemaFiles = JSON.parse(readFileSync(join(repository, 'compiler', 'schema-files.schema.json'), 'utf8')) as object;
      const ajv = new Ajv({ strict: false });
      ajv.addSchema(schemaFiles);
      const validate = ajv.getSchema('pmap-schema-files#/definitions/pegaSchema')!;
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
      expect((JSON.parse(text) as PegaSchema).tables['data.pc_work']?.rowCount).toBe(generated.rowCounts['data.pc_work']);
      expect(text.endsWith('}\n')).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('generate-cli', () => {
  const cli = join(repository, 'dist', 'test', 'fixtures', 'pega-db', 'generate-cli.js');

  it('generates from the command line', async () => {
    const { stdout } = await run(process.execPath, [cli, 'small', '--prefix', `${db.schemaPrefix}cli_`, '--seed', String(SEED)], {
      env: { ...process.env, PMAP_FIXTURE_DATABASE_URL: db.connectionString },
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout) as GeneratedPegaDatabase;
    expect(report.rowCounts).toEqual(generated.rowCounts);
    expect(report.dirt).toEqual(generated.dirt);
    expect(report.schemaNames.data).toBe(`${db.schemaPrefix}cli_data`);
  });

  it('rejects a missing size', async () => {
    const failure = await run(process.execPath, [cli], { env: { ...process.env, PMAP_FIXTURE_DATABASE_URL: db.connectionString } }).catch((error: unknown) => error);
    expect((failure as { code?: number }).code).toBe(2);
    expect((failure as { stderr?: string }).stderr).toContain('the first argument must be small, medium or large');
  });

  it('requires the database URL', async () => {
    const environment = { ...process.env };
    delete environment.PMAP_FIXTURE_DATABASE_URL;
    const failure = await run(process.execPath, [cli, 'small'], { env: environment }).catch((error: unknown) => error);
    expect((failure as { code?: number }).code).toBe(2);
    expect((failure as { stderr?: string }).stderr).toContain('PMAP_FIXTURE_DATABASE_URL is not set');
  });
});

describe('generator on PGlite', () => {
  it('loads by INSERT the same rows as the default backend', async () => {
    const pglite = await createTestDatabase('pega db lite', { backend: 'pglite' });
    try {
      const lite = await generatePegaDatabase({ connectionString: pglite.connectionString, size: 'small', seed: SEED, schemaPrefix: pglite.schemaPrefix, attachStream: 'blob-only' });
      expect(lite.loadMethod).toBe('insert');
      expect(lite.rowCounts).toEqual(generated.rowCounts);
      const liteHashes = await withClient(pglite.connectionString, (liteClient) => tableHashes(liteClient, lite.schemaNames, 'blob-only'));
      const serverHashes = await tableHashes(client, generated.schemaNames, 'exposed');
      expect(liteHashes['customerdata.contact']).toBe(serverHashes['customerdata.contact']);
      expect(liteHashes['data.pc_acme_cs_work']).toBe(serverHashes['data.pc_acme_cs_work']);
      expect(liteHashes['data.pc_data_workattach']).not.toBe(serverHashes['data.pc_data_workattach']);
      const exposed = await withClient(pglite.connectionString, (liteClient) =>
        liteClient.query({ text: "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'pyattachstream'", values: [lite.schemaNames.data] }));
      expect(exposed.rows[0].n).toBe(0);
    } finally {
      await pglite.drop();
    }
  });
});

