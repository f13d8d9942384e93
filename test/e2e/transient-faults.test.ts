import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { injectedFaults, injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, demoDirectory } from '../support/demo-project.js';

const fastRetries = { retries: 8, baseDelayMs: 2, maxDelayMs: 20 };

describe('apply under transient faults', () => {
  let sandbox: Sandbox;
  let client: OdooClient;

  beforeEach(async () => {
    sandbox = await startSandbox({ password: 'faults' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'faults', retry: fastRetries });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  async function apply() {
    const plan = compileProject(loadProject(demoDirectory).inputs!).plan!;
    // A copy of the demo, for its owners.yaml and to keep reject files out of the repository.
    return applyPlan({ plan, client, source: new BixXmlSource({ directory: join(demoDirectory, 'extract') }), projectDirectory: copyDemoProject() });
  }

  async function pmapRecordCount(model: string): Promise<number> {
    return client.searchCount(model, [['id', 'in', (await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['model', '=', model]], ['res_id'])).map((row) => Number(row.res_id))], ['active', 'in', [true, false]]]);
  }

  it('loads every record exactly once through 503s and serialization failures', async () => {
    injectFaults(sandbox, { httpStatusRate: { status: 503, rate: 0.05 }, serializationFailureRate: 0.05, seed: 7 });
    const report = await apply();

    expect(injectedFaults(sandbox).length).toBeGreaterThan(0);
    expect(client.retries).toBe(injectedFaults(sandbox).length);
    expect(report.phases.map((phase) => [phase.object, phase.status, phase.created, phase.rejected])).toEqual([
      ['Company', 'succeeded', 40, 0],
      ['Contact', 'succeeded', 200, 0],
      ['WorkObject', 'succeeded', 485, 15],
    ]);
    expect(await client.searchCount('res.partner', [['id', '>', 3]])).toBe(240);
    expect(await client.searchCount('crm.lead', [['active', 'in', [true, false]]])).toBe(485);
  });

  it('repeats reads whose connection dropped', async () => {
    injectFaults(sandbox, { dropConnectionRate: 0.2, methods: ['search_read', 'read', 'search_count'], seed: 11 });
    const report = await apply();
    expect(injectedFaults(sandbox).length).toBeGreaterThan(0);
    expect(report.phases.every((phase) => phase.status === 'succeeded')).toBe(true);
    expect(await pmapRecordCount('crm.lead')).toBe(485);
  });

  it('does not resend a create whose answer was lost after it committed', async () => {
    injectFaults(sandbox, { commitThenDropRate: 1, methods: ['create'], models: ['res.partner'], limit: 1, seed: 3 });
    const report = await apply();

    const company = report.phases.find((phase) => phase.object === 'Company')!;
    expect(company.status).toBe('failed');
    expect(company.error).toMatch(/^the create call on res\.partner lost its answer .*whether Odoo saved it is unknown; pmap did not send it again/);
    // The batch that was committed exists once: nothing was created a second time.
    expect(await client.searchCount('res.partner', [['id', '>', 3]])).toBe(40);
    expect(report.phases.find((phase) => phase.object === 'Contact')!.status).toBe('skipped');
  });
});
