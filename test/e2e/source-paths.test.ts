import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openSource } from '../../cli/open-source.js';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { PegaPostgresSource } from '../../runtime/sources/pega-postgres.js';
import type { SourceConnector } from '../../runtime/sources/source.js';
import { startSandbox } from '../../sandbox/server.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { CASE_TABLE, CONTACT_TABLE, DEMO_TABLES, ORGANIZATION_TABLE } from '../fixtures/demo-schema.js';
import { loadDatasetIntoPostgres } from '../fixtures/load-postgres.js';
import { copyDemoProject, demoDirectory } from '../support/demo-project.js';
import { startPegaDxServer } from '../support/pega-dx-server.js';
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

/** Opens the demo project's source as `pmap.yaml` would with `kind: dx`, cases by table and customer data by class. */
function openDxSource(url: string, api: 'v1' | 'v2'): SourceConnector {
  const inputs = loadProject(demoDirectory).inputs!;
  const source = {
    kind: 'dx' as const,
    url,
    api,
    clientIdEnv: 'PMAP_TEST_PEGA_CLIENT_ID',
    clientSecretEnv: 'PMAP_TEST_PEGA_CLIENT_SECRET',
    pageSize: 150,
    dataViews: {
      [CASE_TABLE.table]: 'D_ServiceCaseList',
      [CONTACT_TABLE.className]: 'D_ContactList',
      [ORGANIZATION_TABLE.className]: 'D_OrganizationList',
    },
  };
  const environment = { PMAP_TEST_PEGA_CLIENT_ID: 'pmap-client', PMAP_TEST_PEGA_CLIENT_SECRET: 'pmap-secret' };
  return openSource({ ...inputs, config: { ...inputs.config, source } }, environment);
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

describe('the same migration through the Pega DX API', () => {
  it('loads the records BIX XML loads', async () => {
    const dataset = generateDemoDataset();
    const pega = await startPegaDxServer({
      schema: dataset.schema,
      tables: dataset.tables,
      dataViews: { D_ServiceCaseList: CASE_TABLE.table, D_ContactList: CONTACT_TABLE.table, D_OrganizationList: ORGANIZATION_TABLE.table },
    });
    try {
      const fromBix = await migrate(new BixXmlSource({ directory: join(demoDirectory, 'extract') }));

      for (const api of ['v2', 'v1'] as const) {
        const dxSource = openDxSource(pega.url, api);
        const fromDx = await migrate(dxSource);
        await dxSource.close();

        expect(fromDx.counts, api).toEqual(fromBix.counts);
        expect(fromDx.partners, api).toEqual(fromBix.partners);
        expect(fromDx.leads, api).toEqual(fromBix.leads);
      }

      // The 500 cases come in pages of 150 over v2, and in one call over v1.
      // Each path reads the case table twice: once to resolve the case owners, once to load.
      const casePages = pega.requests.filter((request) => request.path.endsWith('/data_views/D_ServiceCaseList'));
      expect(casePages.map((request) => (request.body as { paging: { pageNumber: number } }).paging.pageNumber)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
      expect(pega.requests.filter((request) => request.path === '/prweb/api/v1/data/D_ServiceCaseList')).toHaveLength(2);
    } finally {
      await pega.close();
    }
  });
});
