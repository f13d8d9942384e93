import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';

describe('writes of identical changes', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;
  let writeCalls: number[][];

  beforeEach(async () => {
    sandbox = await startSandbox({ password: 'grouped' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'grouped' });
    directory = copyDemoProject();
    writeCalls = [];
    // Records the ids of each write call; the call itself still goes over the socket.
    const write = client.write.bind(client);
    client.write = async (model, ids, values) => {
      if (model === 'res.partner') writeCalls.push([...ids]);
      return write(model, ids, values);
    };
  });

  afterEach(async () => {
    await sandbox.close();
  });

  async function apply() {
    const plan = compileProject(loadProject(directory).inputs!).plan!;
    const source = new BixXmlSource({ directory: join(directory, 'extract') });
    const report = await applyPlan({ plan, client, source, projectDirectory: directory });
    await source.close();
    return report;
  }

  it('share one call per batch', async () => {
    await apply();
    editProjectFile(directory, 'specs/company.pmap', '  is_company = true\n', '  is_company = true\n  comment    = "Migrated from Pega"\n');
    writeCalls = [];

    const report = await apply();

    expect(report.phases[0]!.updated).toBe(40);
    expect(writeCalls).toHaveLength(1);
    expect(writeCalls[0]).toHaveLength(40);
    expect(await client.searchCount('res.partner', [['comment', '=', 'Migrated from Pega']])).toBe(40);
  });

  it('fall back to one call per record when Odoo rejects the group', async () => {
    await apply();
    editProjectFile(directory, 'specs/company.pmap', '  is_company = true\n', '  is_company = true\n  comment    = "Migrated from Pega"\n');
    // Odoo rejects the comment, so the group call fails and each record is then written, and rejected, alone.
    injectFaults(sandbox, { validationErrorPattern: { model: 'res.partner', field: 'comment', pattern: '^Migrated' }, seed: 1 });
    writeCalls = [];

    const report = await apply();

    expect(report.phases[0]!.rejected).toBe(40);
    expect(report.phases[0]!.updated).toBe(0);
    expect(writeCalls.map((ids) => ids.length)).toEqual([40, ...Array(40).fill(1)]);
  });
});
