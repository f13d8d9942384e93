import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { clearFaults, injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, demoDirectory, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const PASSWORD = 'rollback';
const env = { PMAP_ODOO_PASSWORD: PASSWORD };

/** Everything a demo apply can touch, with ids, so a rollback must restore the very same records. */
async function snapshot(client: OdooClient): Promise<unknown> {
  return {
    partners: await client.searchRead('res.partner', [], ['name', 'is_company', 'email', 'phone', 'website', 'city', 'country_id', 'parent_id', 'active'], { order: 'id' }),
    leads: await client.searchRead('crm.lead', [], ['name', 'stage_id', 'partner_id'], { order: 'id' }),
    externalIds: await client.searchRead('ir.model.data', [['module', '=', 'pmap']], ['name', 'res_id'], { order: 'id' }),
  };
}

describe('pmap rollback', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;
  let matchedName: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
    directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
    editProjectFile(directory, 'specs/company.pmap', '  to odoo res.partner\n', '  to odoo res.partner\n  match name\n');

    // An Odoo company that exists before the migration, with the name of a
    // Pega organization: apply adopts it and overwrites its phone.
    const source = new BixXmlSource({ directory: join(demoDirectory, 'extract') });
    for await (const organization of source.read({ table: 'customerdata.organization', key: ['OrganizationID'] })) {
      matchedName = organization.Name!.trim();
      break;
    }
    await source.close();
    await client.create('res.partner', [{ name: matchedName, is_company: true, phone: '+1 555 0100', city: 'Before' }]);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('returns Odoo to its state before apply', async () => {
    const before = await snapshot(client);

    const applied = await runPmap(['apply', directory], { env });
    expect(applied.code).toBe(0);
    const [adopted] = await client.searchRead('res.partner', [['name', '=', matchedName]], ['phone', 'city']);
    expect(adopted!.city).not.toBe('Before');

    const refused = await runPmap(['rollback', directory], { env });
    expect(refused.stderr).toContain('--auto-approve');
    expect(refused.code).toBe(1);

    const rolledBack = await runPmap(['rollback', directory, '--auto-approve'], { env });
    expect(rolledBack.stdout).toContain('delete 239 res.partner, 485 crm.lead');
    expect(rolledBack.stdout).toContain('remove pmap\'s external id from 1 existing records');
    expect(rolledBack.code).toBe(0);
    expect(await snapshot(client)).toEqual(before);

    const nothingLeft = await runPmap(['rollback', directory, '--auto-approve'], { env });
    expect(nothingLeft.stdout).toContain('Nothing to roll back');
  });

  it('reapplies after a rollback', async () => {
    const applied = await runPmap(['apply', directory], { env });
    expect(applied.stdout).toContain('Reconciliation: every source row is accounted for');
    expect(applied.code).toBe(0);
    const verified = await runPmap(['verify', directory, '--sample', '10', '--seed', '3'], { env });
    expect(verified.code).toBe(0);
  });

  it('resumes after a kill', async () => {
    const killed = await startSandbox({ password: PASSWORD });
    try {
      const killedClient = await OdooClient.connect({ url: killed.url, database: killed.database, login: killed.login, password: PASSWORD });
      const project = copyDemoProject();
      editProjectFile(project, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${killed.url}`);
      const before = await snapshot(killedClient);
      expect((await runPmap(['apply', project], { env })).code).toBe(0);

      // Slow calls keep the rollback running long enough to be killed halfway.
      injectFaults(killed, { latencyMs: 20, seed: 5 });
      const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
      const child = spawn(process.execPath, [binary, 'rollback', project, '--auto-approve'], { env: { ...process.env, ...env } });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('deleting')) child.kill('SIGKILL');
      });
      await new Promise((resolve) => child.on('close', resolve));
      expect(output).toContain('deleting');
      clearFaults(killed);
      expect(await killedClient.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBeGreaterThan(0);

      const resumed = await runPmap(['rollback', project, '--auto-approve'], { env });
      expect(resumed.code).toBe(0);
      expect(await snapshot(killedClient)).toEqual(before);
    } finally {
      await killed.close();
    }
  }, 120_000);
});
