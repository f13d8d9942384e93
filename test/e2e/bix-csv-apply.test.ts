import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { openSource } from '../../cli/open-source.js';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixCsvSource } from '../../runtime/sources/bix-csv.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import type { SourceConnector } from '../../runtime/sources/source.js';
import { startSandbox } from '../../sandbox/server.js';
import { renderBixCsv } from '../fixtures/bix-csv-writer.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { DEMO_TABLES } from '../fixtures/demo-schema.js';
import { copyDemoProject, demoDirectory, editProjectFile } from '../support/demo-project.js';

const projects: string[] = [];

afterAll(() => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

/** Copies the demo project and writes its extract as BIX CSV into `extract-csv`. */
function demoProjectWithCsv(): string {
  const project = copyDemoProject();
  projects.push(project);
  const dataset = generateDemoDataset();
  const folder = join(project, 'extract-csv');
  mkdirSync(folder);
  for (const table of DEMO_TABLES) {
    writeFileSync(join(folder, `${table.table}.csv`), renderBixCsv(table.columns.map((column) => column.property), dataset.tables[table.table]!));
  }
  return project;
}

/** Applies the demo from one source into a fresh sandbox and returns what Odoo then contains, without database ids. */
async function migrate(source: SourceConnector): Promise<{ counts: unknown[]; leads: unknown[]; partners: unknown[] }> {
  const sandbox = await startSandbox({ password: 'csv' });
  try {
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'csv' });
    const plan = compileProject(loadProject(demoDirectory).inputs!).plan!;
    const report = await applyPlan({ plan, client, source, projectDirectory: copyDemoProject() });

    const leads = await client.searchRead('crm.lead', [], ['name', 'stage_id', 'priority', 'active', 'description'], { order: 'name, id' });
    const partners = await client.searchRead('res.partner', [['id', '>', 3]], ['name', 'email', 'phone', 'website', 'is_company'], { order: 'name, id' });
    const withoutIds = ({ id: _id, ...rest }: Record<string, unknown>) => rest;
    return {
      counts: report.phases.map((phase) => [phase.object, phase.status, phase.created, phase.rejected]),
      leads: leads.map(withoutIds),
      partners: partners.map(withoutIds),
    };
  } finally {
    await sandbox.close();
  }
}

describe('BIX CSV source in a project', () => {
  it('opens the CSV reader for format csv', () => {
    const project = demoProjectWithCsv();
    editProjectFile(project, 'pmap.yaml', '  path: extract        # relative to this file', '  path: extract-csv\n  format: csv\n  encoding: utf-8');

    const loaded = loadProject(project);
    expect(loaded.diagnostics).toEqual([]);
    const source = openSource(loaded.inputs!, {});

    expect(source).toBeInstanceOf(BixCsvSource);
  });

  it('loads the same records as the XML extract', async () => {
    const project = demoProjectWithCsv();

    const fromXml = await migrate(new BixXmlSource({ directory: join(demoDirectory, 'extract') }));
    const fromCsv = await migrate(new BixCsvSource({ directory: join(project, 'extract-csv') }));

    expect(fromXml.counts.length).toBeGreaterThan(0);
    expect(fromCsv).toEqual(fromXml);
  });
});
