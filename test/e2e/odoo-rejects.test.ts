import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { ReferenceDataError } from '../../runtime/resolve-value-map-targets.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';

const dataset = generateDemoDataset();
const organizations = dataset.tables['customerdata.organization']!;
const contacts = dataset.tables['customerdata.contact']!;

describe('records Odoo rejects', () => {
  let sandbox: Sandbox;
  let client: OdooClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: 'rejects' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'rejects' });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  function planFor(directory: string) {
    const loaded = loadProject(directory);
    const compiled = compileProject(loaded.inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    return compiled.plan!;
  }

  it('rejects bad records alone with Odoo text', async () => {
    // Organizations without a website get no name, which Odoo refuses through
    // the res_partner_check_name constraint.
    const directory = copyDemoProject();
    editProjectFile(directory, 'specs/company.pmap', 'name       = trim(Name)', 'name       = trim(Website)');
    const report = await applyPlan({ plan: planFor(directory), client, source: new BixXmlSource({ directory: join(directory, 'extract') }), projectDirectory: directory });

    const withoutWebsite = organizations.filter((row) => row.Website === null).map((row) => row.OrganizationID);
    expect(withoutWebsite.length).toBeGreaterThan(0);
    const company = report.phases.find((phase) => phase.object === 'Company')!;
    expect(company).toMatchObject({ sourceRows: 40, created: 40 - withoutWebsite.length, rejected: withoutWebsite.length });
    expect(company.rejectGroups).toEqual([
      { code: 'odoo-rejected', summary: 'Odoo: The operation cannot be completed: Contacts require a name', count: withoutWebsite.length, examples: withoutWebsite.slice(0, 3) },
    ]);

    const lines = readFileSync(join(directory, '.pmap/rejects/company.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { key: string; reason: string; values: Record<string, unknown> });
    expect(lines.map((line) => line.key)).toEqual(withoutWebsite);
    expect(lines[0]!.reason).toBe('Odoo rejected the record: The operation cannot be completed: Contacts require a name');
    expect(lines[0]!.values).toMatchObject({ name: false, is_company: true });

    const contact = report.phases.find((phase) => phase.object === 'Contact')!;
    const orphaned = contacts.filter((row) => row.OrganizationID !== null && withoutWebsite.includes(row.OrganizationID)).length;
    expect(contact).toMatchObject({ created: 200 - orphaned, rejected: orphaned });
  });

  it('stops before loading when a value map names a stage Odoo lacks', async () => {
    const directory = copyDemoProject();
    editProjectFile(directory, 'specs/work-object.pmap', '"Resolved-Completed" => "Won"', '"Resolved-Completed" => "Closed Won"');
    const before = await client.searchCount('ir.model.data', [['module', '=', 'pmap']]);

    const attempt = applyPlan({ plan: planFor(directory), client, source: new BixXmlSource({ directory: join(directory, 'extract') }), projectDirectory: directory });
    await expect(attempt).rejects.toThrow(ReferenceDataError);
    await expect(attempt).rejects.toThrow('value map CaseStage: no crm.stage named "Closed Won" exists in Odoo; create it or map to an existing name');
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(before);
  });

  it('stops when two stages share a name, listing both', async () => {
    const [duplicateStage] = await client.create('crm.stage', [{ name: 'Qualified', sequence: 50 }]);
    const directory = copyDemoProject();

    const attempt = applyPlan({ plan: planFor(directory), client, source: new BixXmlSource({ directory: join(directory, 'extract') }), projectDirectory: directory });
    await expect(attempt).rejects.toThrow(/value map CaseStage: 2 crm\.stage records are named "Qualified" \(ids 2, \d+\); rename all but one in Odoo/);
    await client.executeKw('crm.stage', 'unlink', [[duplicateStage]]);
  });

  it('stops before loading when a looked-up country is missing', async () => {
    const directory = copyDemoProject();
    const path = join(directory, 'extract', 'customerdata.organization.xml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(/<CountryCode>[A-Z]{2}<\/CountryCode>/, '<CountryCode>XX</CountryCode>'));
    const first = organizations[0]!.OrganizationID;
    const before = await client.searchCount('ir.model.data', [['module', '=', 'pmap']]);

    const attempt = applyPlan({ plan: planFor(directory), client, source: new BixXmlSource({ directory: join(directory, 'extract') }), projectDirectory: directory });
    await expect(attempt).rejects.toThrow(`lookup(res.country, code: "XX") matches no record (needed by Company ${first}); add it in Odoo or map the value first`);
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(before);
  });
});
