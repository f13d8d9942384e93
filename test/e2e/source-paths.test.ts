import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { PegaPostgresSource } from '../../runtime/sources/pega-postgres.js';
import type { SourceConnector } from '../../runtime/sources/source.js';
import { startSandbox } from '../../sandbox/server.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { DEMO_TABLES } from '../fixtures/demo-schema.js';
import { loadDatasetIntoPostgres } from '../fixtures/load-postgres.js';
import { copyDemoProject, demoDirectory } from '../support/demo-project.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';

afterAll(releaseTestDatabases);

/** Applies the demo from one source into a fresh sandbox and returns what Odoo holds, without database ids. */
async function migrate(source: SourceConnector): Promise<{ counts: unknown[]; leads: unknown[]; partners: unknown[] }> {
  const sandbox = await startSandbox({ password: 'paths' });
  try {
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'paths' });
    const loaded = loadProject(demoDirectory);
    const plan = compileProject(loaded.inputs!).plan!;
    const report = await applyPlan({ plan, client, source, projectDirectory: copyDemoProject() });

    const names = new Map((await client.searchRead('res.partner', [], ['name'])).map((partner) => [partner.id, partner.name]));
    const leads = await client.searchRead('crm.lead', [], ['name', 'stage_id', 'priority', 'active', 'description', 'partner_id'], { order: 'name, id' });
    const partners = await client.searchRead('res.partner', [['id', '>', 3]], ['name', 'email', 'phone', 'website', 'parent_id', 'is_company'], { order: 'name, id' });
    const withoutIds = (record: Record<string, unknown>) => {
      const { id: _id, ...rest } = record;
      for (const [field, value] of Object.entries(rest)) if (Array.isArray(value)) rest[field] = field === 'partner_id' || field === 'parent_id' ? names.get(value[0] as number) : value[1];
      return rest;
    };
    return {
      counts: report.phases.map((phase) => [phase.object, phase.created, phase.rejected]),
      leads: leads.map(withoutIds),
      partners: partners.map(withoutIds),
    };
  } finally {
    await sandbox.close();
  }
}

describe('the same migration from BIX XML and from the Pega database', () => {
  it('loads identical records', async () => {
    const dataset = generateDemoDataset();
    const database = await createTestDatabase('source-paths');
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const keys = Object.fromEntries(DEMO_TABLES.map((table) => [table.table, table.key]));
      const loaded = await loadDatasetIntoPostgres(client, dataset, { schemaPrefix: database.schemaPrefix, keys });

      const fromBix = await migrate(new BixXmlSource({ directory: join(demoDirectory, 'extract') }));
      const postgresSource = new PegaPostgresSource({ connectionString: database.connectionString, schema: dataset.schema, schemaNames: loaded.schemaNames });
      const fromPostgres = await migrate(postgresSource);
      await postgresSource.close();

      expect(fromBix.counts).toEqual([['Company', 40, 0], ['Contact', 200, 0], ['WorkObject', 485, 15]]);
      expect(fromPostgres.counts).toEqual(fromBix.counts);
      expect(fromPostgres.partners).toEqual(fromBix.partners);
      expect(fromPostgres.leads).toEqual(fromBix.leads);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
