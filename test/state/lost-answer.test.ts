import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { SqliteStateStore } from '../../runtime/state/sqlite-state-store.js';
import { injectedFaults, injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject } from '../support/demo-project.js';

const fastRetries = { retries: 8, baseDelayMs: 2, maxDelayMs: 20 };

describe('a create whose answer is lost', () => {
  let sandbox: Sandbox;
  let client: OdooClient;

  beforeEach(async () => {
    sandbox = await startSandbox({ password: 'lost' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'lost', retry: fastRetries });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('is found in Odoo, not sent twice', async () => {
    const directory = copyDemoProject();
    const plan = compileProject(loadProject(directory).inputs!).plan!;
    const store = SqliteStateStore.open(join(mkdtempSync(join(tmpdir(), 'pmap-lost-')), 'state.db'));
    const { id: runId } = await store.beginRun({ kind: 'apply', planHash: 'test', target: sandbox.url, user: 'tester' });

    // Odoo commits these creates, then the connection drops before the answer.
    injectFaults(sandbox, { commitThenDropRate: 0.3, methods: ['create'], models: ['res.partner', 'crm.lead'], seed: 11 });
    const source = new BixXmlSource({ directory: join(directory, 'extract') });
    const report = await applyPlan({ plan, client, source, projectDirectory: directory, state: { store, runId } });
    await source.close();

    expect(injectedFaults(sandbox).filter((fault) => fault.kind === 'commit-then-drop').length).toBeGreaterThan(0);
    expect(report.phases.map((phase) => phase.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(report.phases.map((phase) => phase.created)).toEqual([40, 200, 485]);
    const pmapIds = await client.searchRead('ir.model.data', [['module', '=', 'pmap']], ['res_id', 'model']);
    expect(await client.searchCount('res.partner', [['id', 'not in', pmapIds.filter((row) => row.model === 'res.partner').map((row) => Number(row.res_id))], ['create_uid', '=', client.uid], ['id', '>', 3]])).toBe(0);
    expect(await client.searchCount('crm.lead', [])).toBe(485);
    await store.close();
  });
});
