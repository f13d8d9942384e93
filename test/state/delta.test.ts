import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const PASSWORD = 'delta';
const env = { PMAP_ODOO_PASSWORD: PASSWORD };
const WORK_FILE = 'extract/data.pc_acme_cs_work.xml';

/** Changes the label and the update time of the given cases in the BIX extract, as a later Pega commit would. */
function touchCases(directory: string, caseIds: readonly string[]): void {
  const path = join(directory, WORK_FILE);
  let xml = readFileSync(path, 'utf8');
  for (const caseId of caseIds) {
    const block = new RegExp(`(<pyID>${caseId}</pyID>\\s*<pyLabel>)[^<]*(</pyLabel>[\\s\\S]*?<pxUpdateDateTime>)[^<]*(</pxUpdateDateTime>)`);
    if (!block.test(xml)) throw new Error(`case ${caseId} not found in ${WORK_FILE}`);
    xml = xml.replace(block, `$1Changed after cutover ${caseId}$220300101T000000.000 GMT$3`);
  }
  writeFileSync(path, xml);
}

function lastReport(directory: string): ApplyReport {
  return JSON.parse(readFileSync(join(directory, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport;
}

describe('pmap apply --delta', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
    directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('writes exactly the rows changed since the last run', async () => {
    const first = await runPmap(['apply', directory], { env });
    expect(first.code).toBe(0);

    // 1% of the 500 cases: five that loaded.
    const loaded = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['model', '=', 'crm.lead']], ['name'], { order: 'name', limit: 5 });
    const caseIds = loaded.map((row) => String(row.name).replace(/^work_object__/, ''));
    expect(caseIds).toHaveLength(5);
    touchCases(directory, caseIds);

    const delta = await runPmap(['apply', directory, '--delta'], { env });
    expect(delta.stdout).toMatch(/delta: WorkObject reads rows with pxUpdateDateTime from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC on/);
    expect(delta.code).toBe(0);

    const work = lastReport(directory).phases.find((phase) => phase.object === 'WorkObject')!;
    expect(work.updated).toBe(5);
    expect(work.created).toBe(0);
    expect(work.sourceRows).toBeLessThan(50);
    for (const phase of lastReport(directory).phases.filter((candidate) => candidate.object !== 'WorkObject')) {
      expect(phase.created + phase.updated).toBe(0);
    }
    const names = (await client.searchRead('crm.lead', [['name', 'like', 'Changed after cutover']], ['name'])).map((lead) => lead.name).sort();
    expect(names).toEqual(caseIds.map((caseId) => `Changed after cutover ${caseId}`).sort());

    const again = await runPmap(['apply', directory, '--delta'], { env });
    expect(again.stdout).toContain('No changes');
  });
});
