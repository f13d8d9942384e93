import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { writeFixtureSchemaJson } from '../fixtures/pega-db/fixture-schema-json.js';
import { demoDirectory } from '../support/demo-project.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';
import { runPmap, type PmapResult } from '../support/run-pmap.js';

interface QueueEntry {
  disabled: boolean;
  in_pega?: boolean;
  records: Record<string, number>;
  status: string;
  matched_login?: string;
}

/**
 * `pmap users --provision` over the realistic Pega fixture database: its
 * operators include ones who left (pyUserDisabled true), ids that work rows
 * may name but no operator row has, and two ids with one e-mail.
 */
describe('pmap users over a Pega PostgreSQL database', () => {
  let database: TestDatabase;
  let generated: GeneratedPegaDatabase;
  let directory: string;
  let result: PmapResult;
  const expectedRecords = new Map<string, number>();
  const disabledOperators = new Set<string>();
  const operatorRows = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase('owners');
    generated = await generatePegaDatabase({ connectionString: database.connectionString, size: 'small', schemaPrefix: database.schemaPrefix });
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const data = pg.escapeIdentifier(generated.schemaNames.data);
      const cases = await client.query<{ operator: string; count: string }>(`SELECT pxcreateoperator AS operator, count(*) AS count FROM ${data}.pc_acme_cs_work GROUP BY 1`);
      for (const row of cases.rows) expectedRecords.set(row.operator, Number(row.count));
      const operators = await client.query<{ id: string; disabled: string | null }>(`SELECT pyuseridentifier AS id, pyuserdisabled AS disabled FROM ${data}.pr_operators`);
      for (const row of operators.rows) {
        operatorRows.add(row.id);
        if (row.disabled === 'true') disabledOperators.add(row.id);
      }
    } finally {
      await client.end();
    }

    directory = mkdtempSync(join(tmpdir(), 'pmap-owners-pg-'));
    writeFixtureSchemaJson(directory, generated);
    cpSync(join(demoDirectory, 'schemas', 'odoo.json'), join(directory, 'schemas', 'odoo.json'));
    const schemas = Object.entries(generated.schemaNames).map(([name, actual]) => `    ${name}: ${actual}`).join('\n');
    writeFileSync(join(directory, 'pmap.yaml'), `source:
  kind: postgres
  url_env: PMAP_PEGA_DATABASE_URL
  schemas:
${schemas}
target:
  url: http://127.0.0.1:8069
  database: crm
  login: admin
owners:
  table: data.pr_operators
  disabled: pyUserDisabled
`);
    mkdirSync(join(directory, 'specs'));
    writeFileSync(join(directory, 'specs', 'case.pmap'), `object ServiceCase
  from pega table data.pc_acme_cs_work key pyID
  to odoo crm.lead

  name    = coalesce(pyID, pzInsKey)
  user_id = owner(pxCreateOperator)
`);
    result = await runPmap(['users', directory, '--sandbox', '--provision'], { env: { PMAP_PEGA_DATABASE_URL: database.connectionString } });
  });

  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await database?.drop();
    await releaseTestDatabases();
  });

  const queue = (): Record<string, QueueEntry> => (parse(readFileSync(join(directory, 'owners.yaml'), 'utf8')) as { operators: Record<string, QueueEntry> }).operators;

  it('lists every operator that opened a case, with its count', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const entries = queue();
    expect(Object.keys(entries).sort()).toEqual([...expectedRecords.keys()].sort());
    for (const [id, count] of expectedRecords) expect(entries[id]!.records, id).toEqual({ ServiceCase: count });
  });

  it('marks operators who left and ids without a row', () => {
    const entries = queue();
    const left = [...expectedRecords.keys()].filter((id) => disabledOperators.has(id));
    const missing = [...expectedRecords.keys()].filter((id) => !operatorRows.has(id));

    expect(left.length).toBeGreaterThan(0);
    for (const id of left) expect(entries[id]!.disabled, id).toBe(true);
    for (const id of missing) expect(entries[id]!.in_pega, id).toBe(false);
    for (const id of expectedRecords.keys()) if (!left.includes(id)) expect(entries[id]!.disabled, id).toBe(false);
  });

  it('provisions one user per person, archived for those who left', () => {
    const entries = Object.entries(queue());
    const provisioned = entries.filter(([, entry]) => entry.status === 'provisioned');
    const matched = entries.filter(([, entry]) => entry.status === 'matched');
    const archived = provisioned.filter(([id]) => disabledOperators.has(id) || !operatorRows.has(id)).length;
    const provisionedLogins = new Set(provisioned.map(([, entry]) => entry.matched_login));

    expect(result.stdout).toContain(`created ${provisioned.length} Odoo users (${archived} archived, for operators who left)`);
    expect(result.stdout).not.toContain('not created');
    expect(provisioned.length + matched.length).toBe(expectedRecords.size);
    // The fixture has two operator ids with one e-mail: the second id gets the user created for the first.
    expect(matched.length).toBeGreaterThan(0);
    for (const [id, entry] of matched) expect(provisionedLogins.has(entry.matched_login), id).toBe(true);
    expect(result.stdout).toContain('Every operator has an Odoo user.');
  });
});
