import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox } from '../../sandbox/server.js';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';
import { runPmap, type PmapResult } from '../support/run-pmap.js';

const variantFolder = fileURLToPath(new URL('../../specs/variants/project-task/', import.meta.url));
const stages = ['New', 'In Progress', 'Waiting', 'Done', 'Cancelled'];

/**
 * The project.task variant of the standard specs, used as its header describes:
 * copied over work-object.pmap, with the record references of the history,
 * attachments and assignments moved from crm.lead to project.task, into a
 * sandbox where an administrator created the project "Cases" and its stages.
 */
describe('the project.task variant on the small Pega fixture', () => {
  let database: TestDatabase;
  let generated: GeneratedPegaDatabase;
  let workspace: string;
  let project: string;
  let env: Record<string, string>;
  const results: Record<string, PmapResult> = {};
  const pmap = async (step: string, args: string[]): Promise<PmapResult> => {
    results[step] = await runPmap(args, { env });
    return results[step]!;
  };
  const specFile = (name: string): string => join(project, 'specs', name);
  const replaceInSpec = (name: string, from: string, to: string): void => {
    const text = readFileSync(specFile(name), 'utf8');
    expect(text, name).toContain(from);
    writeFileSync(specFile(name), text.split(from).join(to));
  };

  beforeAll(async () => {
    database = await createTestDatabase('variant');
    generated = await generatePegaDatabase({ connectionString: database.connectionString, size: 'small', schemaPrefix: database.schemaPrefix });
    env = { PMAP_PEGA_DATABASE_URL: database.connectionString };
    workspace = mkdtempSync(join(tmpdir(), 'pmap-variant-'));
    project = join(workspace, 'acme-tasks');

    await pmap('init', ['init', project]);
    const schemas = Object.entries(generated.schemaNames).map(([name, actual]) => `    ${name}: ${actual}`).join('\n');
    const config = readFileSync(join(project, 'pmap.yaml'), 'utf8');
    writeFileSync(join(project, 'pmap.yaml'), config.replace('  url_env: PMAP_PEGA_DATABASE_URL\n', `  url_env: PMAP_PEGA_DATABASE_URL\n  schemas:\n${schemas}\n`));

    copyFileSync(join(variantFolder, 'work-object.pmap'), specFile('work-object.pmap'));
    copyFileSync(join(variantFolder, 'work-object-task-values.pmap'), specFile('work-object-task-values.pmap'));
    // The opportunity link of calls has no counterpart on tasks; the variant's header asks to remove it.
    replaceInSpec('interactions.pmap', '  opportunity_id = ref(WorkObject, regex_extract(LastServiceCase, " ([^ ]+)$", 1))\n', '');

    await pmap('discover pega', ['discover', 'pega', project]);
    await pmap('discover odoo', ['discover', 'odoo', project, '--sandbox']);
    await pmap('check before the model edits', ['check', project]);

    replaceInSpec('case-history.pmap', 'model        = "crm.lead"', 'model        = "project.task"');
    replaceInSpec('case-attachments.pmap', 'res_model   = "crm.lead"', 'res_model   = "project.task"');
    replaceInSpec('open-assignments.pmap', 'lookup(ir.model, model: "crm.lead")', 'lookup(ir.model, model: "project.task")');
    await pmap('check', ['check', project]);

    // An administrator creates the project and its stages before the load, in the sandbox the project's runs use.
    mkdirSync(join(project, '.pmap', 'sandbox'), { recursive: true });
    const sandbox = await startSandbox({ password: 'variant', persistFile: join(project, '.pmap', 'sandbox', 'odoo.json') });
    try {
      const odoo = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'variant' });
      await odoo.create('project.project', { name: 'Cases' });
      for (const name of stages) await odoo.create('project.task.type', { name });
    } finally {
      await sandbox.close();
    }

    await pmap('users', ['users', project, '--sandbox', '--provision']);
    await pmap('apply', ['apply', project, '--sandbox']);
    await pmap('verify', ['verify', project, '--sandbox']);
  }, 900_000);

  afterAll(async () => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    await database?.drop();
    await releaseTestDatabases();
  });

  it('points at every spec that still names crm.lead', () => {
    const before = results['check before the model edits']!;
    expect(before.code).toBe(1);
    const output = before.stdout + before.stderr;
    for (const file of ['case-history.pmap', 'case-attachments.pmap', 'open-assignments.pmap']) expect(output).toMatch(new RegExp(`error\\[PM222\\][^\\n]*\\n\\s+--> [^\\n]*${file.replace('.', '\\.')}`));
  });

  it('loads and verifies after the edits', () => {
    for (const step of ['init', 'discover pega', 'discover odoo', 'check', 'users', 'apply', 'verify']) {
      expect(results[step]!.code, `${step}: ${results[step]!.stdout}${results[step]!.stderr}`).toBe(0);
    }
    expect(results.verify!.stdout).toContain('Every checked record matches what the specs compute from the source.');
  });

  it('files the cases as tasks of the Cases project', async () => {
    const report = JSON.parse(readFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport;
    const workObjects = report.phases.find((phase) => phase.object === 'WorkObject')!;
    expect(workObjects.model).toBe('project.task');
    expect(workObjects.created).toBe(generated.rowCounts['data.pc_acme_cs_work']);

    const sandbox = await startSandbox({ password: 'variant', persistFile: join(project, '.pmap', 'sandbox', 'odoo.json') });
    const pega = new pg.Client({ connectionString: database.connectionString });
    await pega.connect();
    try {
      const odoo = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'variant' });
      const [cases] = await odoo.searchRead('project.project', [['name', '=', 'Cases']], ['name']);
      const stageNames = new Map((await odoo.searchRead('project.task.type', [], ['name'])).map((stage) => [stage.id, String(stage.name)]));
      const tasks = await odoo.searchRead('project.task', [['x_pega_case_id', '!=', false], ['active', 'in', [true, false]]], ['x_pega_case_id', 'project_id', 'stage_id', 'active']);
      const rows = await pega.query<{ id: string; status: string }>(`SELECT pyid AS id, pystatuswork AS status FROM ${pg.escapeIdentifier(generated.schemaNames.data)}.pc_acme_cs_work`);
      const byCase = new Map(tasks.map((task) => [String(task.x_pega_case_id), task]));
      expect(byCase.size).toBe(rows.rows.length);
      for (const row of rows.rows) {
        const task = byCase.get(row.id)!;
        expect((task.project_id as [number, string])[0], row.id).toBe(cases!.id);
        if (row.status === 'Resolved-Completed') expect(stageNames.get((task.stage_id as [number, string])[0]), row.id).toBe('Done');
        expect(task.active, row.id).toBe(!['Resolved-Cancelled', 'Resolved-Withdrawn', 'Resolved-Duplicate'].includes(row.status));
      }

      // The history notes now hang on the tasks.
      const notes = await odoo.searchCount('mail.message', [['model', '=', 'project.task']]);
      expect(notes).toBe(report.phases.find((phase) => phase.object === 'CaseHistoryNote')!.created);
      expect(await odoo.searchCount('mail.message', [['model', '=', 'crm.lead']])).toBe(0);
    } finally {
      await pega.end();
      await sandbox.close();
    }
  });
});
