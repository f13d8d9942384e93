// pmap discover odoo writes the stages, sales teams and activity types that
// exist in Odoo next to the field metadata, and the compiler still reads the file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import type { OdooSchema } from '../../runtime/schema-types.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const password = 'discover-reference';

describe('discover odoo reference data', () => {
  let sandbox: Sandbox;
  let directory: string;
  let result: Awaited<ReturnType<typeof runPmap>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ password });
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password });
    const [sales] = await client.searchRead('crm.team', [['name', '=', 'Sales']], ['id']);
    await client.create('crm.team', [{ name: 'Europe', active: false }]);
    await client.create('crm.stage', [{ name: 'Negotiation', team_id: sales!.id }]);

    directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
    result = await runPmap(['discover', 'odoo', directory], { env: { PMAP_ODOO_PASSWORD: password } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('writes stages, teams and activity types', () => {
    expect(result.code).toBe(0);
    const schema = JSON.parse(readFileSync(join(directory, 'schemas', 'odoo.json'), 'utf8')) as OdooSchema;
    expect(schema.referenceData?.['crm.stage']).toEqual([
      { name: 'Negotiation', team: 'Sales' },
      { name: 'New' },
      { name: 'Proposition' },
      { name: 'Qualified' },
      { name: 'Won' },
    ]);
    expect(schema.referenceData?.['crm.team']).toEqual([{ name: 'Europe', archived: true }, { name: 'Sales' }]);
    expect(schema.referenceData?.['mail.activity.type']?.map((record) => record.name)).toContain('Call');
  });

  it('reports the counts', () => {
    expect(result.stdout).toMatch(/and the existing 5 crm\.stage, 2 crm\.team, \d+ mail\.activity\.type from Odoo 16\.0/);
  });

  it('compiles against the new file', () => {
    const loaded = loadProject(directory);
    expect(loaded.diagnostics).toEqual([]);
    const compiled = compileProject(loaded.inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });
});
