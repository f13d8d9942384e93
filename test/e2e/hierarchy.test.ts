import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import type { PegaSchema } from '../../runtime/schema-types.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { renderBixXml } from '../fixtures/bix-xml-writer.js';
import { copyDemoProject } from '../support/demo-project.js';

// Subsidiaries listed before their parents, a parent missing from the extract, and a chain of three.
const organizations = [
  { OrganizationID: 'ORG-1', Name: 'Acme Holding', ParentID: null },
  { OrganizationID: 'ORG-2', Name: 'Acme Europe', ParentID: 'ORG-1' },
  { OrganizationID: 'ORG-3', Name: 'Acme Germany', ParentID: 'ORG-2' },
  { OrganizationID: 'ORG-0', Name: 'Acme Labs', ParentID: 'ORG-3' },
  { OrganizationID: 'ORG-4', Name: 'Orphan Ltd', ParentID: 'ORG-99' },
];

describe('an object that references itself', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: 'tree' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'tree' });
    directory = copyDemoProject();

    const schemaPath = join(directory, 'schemas', 'pega.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as PegaSchema;
    const table = { className: 'PegaData-Organization', columns: { OrganizationID: { column: 'organizationid', type: 'text' as const, nullable: false, length: 32 }, Name: { column: 'name', type: 'text' as const, nullable: false, length: 128 }, ParentID: { column: 'parentid', type: 'text' as const, nullable: true, length: 32 } } };
    writeFileSync(schemaPath, JSON.stringify({ ...schema, tables: { ...schema.tables, 'customerdata.orgtree': table } }));
    mkdirSync(join(directory, 'tree'));
    writeFileSync(join(directory, 'tree', 'customerdata.orgtree.xml'), renderBixXml('PegaData-Organization', ['OrganizationID', 'Name', 'ParentID'], organizations));
    writeFileSync(join(directory, 'specs', 'tree.pmap'), `object Group
  from pega table customerdata.orgtree key OrganizationID
  to odoo res.partner
  batch 2
  name       = Name
  is_company = true
  parent_id  = ref(Group, ParentID)
`);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  async function run() {
    const loaded = loadProject(directory);
    const compiled = compileProject(loaded.inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const plan = { ...compiled.plan!, phases: compiled.plan!.phases.filter((phase) => phase.object === 'Group') };
    return applyPlan({ plan, client, source: new BixXmlSource({ directory: join(directory, 'tree') }), projectDirectory: directory });
  }

  it('loads in two passes and links parents loaded later', async () => {
    const report = await run();
    const group = report.phases[0]!;
    expect(group).toMatchObject({ status: 'succeeded', created: 5, rejected: 0, linked: 3 });
    expect(group.linkProblems).toEqual([{ code: 'missing-reference', summary: 'parent_id links to a Group that was not loaded', count: 1, examples: ['ORG-4'] }]);

    const partners = await client.searchRead('res.partner', [['name', 'like', 'Acme']], ['name', 'parent_id']);
    const parentName = (name: string) => {
      const parent = partners.find((partner) => partner.name === name)!.parent_id;
      return Array.isArray(parent) ? partners.find((partner) => partner.id === parent[0])!.name : false;
    };
    expect(parentName('Acme Holding')).toBe(false);
    expect(parentName('Acme Europe')).toBe('Acme Holding');
    expect(parentName('Acme Germany')).toBe('Acme Europe');
    expect(parentName('Acme Labs')).toBe('Acme Germany');
  });

  it('writes nothing on a second run', async () => {
    const report = await run();
    expect(report.phases[0]).toMatchObject({ created: 0, updated: 0, unchanged: 5, linked: 0 });
  });
});
