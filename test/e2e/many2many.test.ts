import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { canonicalJson } from '../../compiler/canonical-json.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { ReferenceDataError } from '../../runtime/resolve-value-map-targets.js';
import type { PegaSchema } from '../../runtime/schema-types.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { renderBixXml } from '../fixtures/bix-xml-writer.js';
import { copyDemoProject } from '../support/demo-project.js';

const customers = [
  { CustomerID: 'C-1', Name: 'Ann Lee', Segments: 'Gold; Newsletter' },
  { CustomerID: 'C-2', Name: 'Bo Chan', Segments: ' Newsletter ' },
  { CustomerID: 'C-3', Name: 'Cy Diaz', Segments: null },
];

describe('many2many from a list of values', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: 'tags' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'tags' });
    await client.create('res.partner.category', [{ name: 'Gold' }, { name: 'Newsletter' }]);
    directory = copyDemoProject();

    const schemaPath = join(directory, 'schemas', 'pega.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as PegaSchema;
    const text = (column: string, nullable: boolean) => ({ column, type: 'text' as const, nullable, length: 128 });
    const table = { className: 'PegaData-Customer', columns: { CustomerID: text('customerid', false), Name: text('name', false), Segments: text('segments', true) } };
    writeFileSync(schemaPath, JSON.stringify({ ...schema, tables: { ...schema.tables, 'customerdata.customer': table } }));
    mkdirSync(join(directory, 'segments'));
    writeFileSync(join(directory, 'segments', 'customerdata.customer.xml'), renderBixXml('PegaData-Customer', ['CustomerID', 'Name', 'Segments'], customers));
    writeFileSync(join(directory, 'specs', 'customer.pmap'), `object Customer
  from pega table customerdata.customer key CustomerID
  to odoo res.partner
  name        = Name
  category_id = lookup(res.partner.category, name: split(Segments, ";"))
`);
    const odooSchema = await discoverOdooSchema(client, ['res.partner', 'res.partner.category', 'res.country', 'crm.lead', 'crm.stage']);
    writeFileSync(join(directory, 'schemas', 'odoo.json'), canonicalJson(odooSchema));
  });

  afterAll(async () => {
    await sandbox.close();
  });

  async function run() {
    const compiled = compileProject(loadProject(directory).inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const plan = { ...compiled.plan!, phases: compiled.plan!.phases.filter((phase) => phase.object === 'Customer') };
    return applyPlan({ plan, client, source: new BixXmlSource({ directory: join(directory, 'segments') }), projectDirectory: directory });
  }

  it('links each record to the categories its list names', async () => {
    const report = await run();
    expect(report.phases[0]).toMatchObject({ created: 3, rejected: 0 });

    const categories = new Map((await client.searchRead('res.partner.category', [], ['name'])).map((category) => [category.id, category.name]));
    const partners = await client.searchRead('res.partner', [['name', 'in', customers.map((customer) => customer.Name)]], ['name', 'category_id']);
    const namesOf = (name: string) => (partners.find((partner) => partner.name === name)!.category_id as number[]).map((id) => categories.get(id)).sort();
    expect(namesOf('Ann Lee')).toEqual(['Gold', 'Newsletter']);
    expect(namesOf('Bo Chan')).toEqual(['Newsletter']);
    expect(namesOf('Cy Diaz')).toEqual([]);
  });

  it('writes nothing on a second run', async () => {
    expect((await run()).phases[0]).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('stops before loading when a listed category is missing', async () => {
    const path = join(directory, 'segments', 'customerdata.customer.xml');
    writeFileSync(path, renderBixXml('PegaData-Customer', ['CustomerID', 'Name', 'Segments'], [...customers, { CustomerID: 'C-4', Name: 'Di Ek', Segments: 'Platinum' }]));
    await expect(run()).rejects.toThrow(ReferenceDataError);
    await expect(run()).rejects.toThrow('lookup(res.partner.category, name: "Platinum") matches no record (needed by Customer C-4)');
  });

  it('rejects a list where a single record is expected', () => {
    writeFileSync(join(directory, 'specs', 'customer.pmap'), `object Customer
  from pega table customerdata.customer key CustomerID
  to odoo res.partner
  name      = Name
  parent_id = lookup(res.partner, name: split(Segments, ";"))
`);
    const diagnostics = compileProject(loadProject(directory).inputs!).diagnostics;
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['PM215', 'res.partner.parent_id links to a res.partner record, but the value is a list of res.partner records'],
    ]);
  });
});
