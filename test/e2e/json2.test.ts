import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { OdooFault } from '../../runtime/odoo/odoo-errors.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, demoDirectory, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const apiKey = 'json2-api-key';

describe('apply over JSON-2 to an Odoo 19 sandbox', () => {
  let sandbox: Sandbox;
  let client: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ serverVersion: '19.0', apiKey, password: 'not-used' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: apiKey, protocol: 'json2' });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('loads the demo and upserts on a second run', async () => {
    const plan = compileProject(loadProject(demoDirectory).inputs!).plan!;
    const apply = () => applyPlan({ plan, client, source: new BixXmlSource({ directory: join(demoDirectory, 'extract') }), projectDirectory: copyDemoProject() });

    const first = await apply();
    expect(first.phases.map((phase) => [phase.object, phase.created, phase.rejected, phase.odooCount])).toEqual([
      ['Company', 40, 0, 40],
      ['Contact', 200, 0, 200],
      ['WorkObject', 485, 15, 485],
    ]);
    const second = await apply();
    expect(second.phases.map((phase) => [phase.created, phase.updated])).toEqual([[0, 0], [0, 0], [0, 0]]);
  });

  it('maps JSON-2 errors to the faults pmap knows', async () => {
    const attempt = client.create('crm.lead', [{ name: 'x', priority: '7' }]);
    await expect(attempt).rejects.toBeInstanceOf(OdooFault);
    await expect(attempt).rejects.toThrow("Wrong value for crm.lead.priority: '7'");
  });

  it('runs from pmap.yaml with protocol json2', async () => {
    const directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}\n  protocol: json2`);
    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: apiKey } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('over JSON-2');
    expect(result.stdout).toMatch(/Company\s+res\.partner\s+40\s+0\s+0\s+0\s+40\s+0\s+40/);
    expect(result.stdout).not.toContain(apiKey);
  });
});
