import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';

const dataset = generateDemoDataset();
const contacts = dataset.tables['customerdata.contact']!;
const organizations = new Map(dataset.tables['customerdata.organization']!.map((row) => [row.OrganizationID!, row]));
const joinClause = '  with pega table customerdata.organization as Org on OrganizationID = Org.OrganizationID\n  city       = trim(Org.City)\n';

describe('joined tables', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;

  beforeEach(async () => {
    sandbox = await startSandbox({ password: 'joins' });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'joins' });
    directory = copyDemoProject();
    editProjectFile(directory, 'specs/contact.pmap', '  is_company = false\n', `  is_company = false\n${joinClause}`);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  async function apply() {
    const compiled = compileProject(loadProject(directory).inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    return applyPlan({ plan: compiled.plan!, client, source: new BixXmlSource({ directory: join(directory, 'extract') }), projectDirectory: directory });
  }

  it('adds the joined row columns to each record', async () => {
    const report = await apply();
    expect(report.phases.find((phase) => phase.object === 'Contact')).toMatchObject({ created: 200, rejected: 0 });

    const links = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['name', '=like', 'contact\\_\\_%']], ['name', 'res_id']);
    const records = new Map((await client.read('res.partner', links.map((link) => Number(link.res_id)), ['city'])).map((record) => [record.id, record.city]));
    for (const link of links) {
      const contact = contacts.find((row) => `contact__${row.ContactID}` === link.name)!;
      const city = contact.OrganizationID ? organizations.get(contact.OrganizationID)?.City?.trim() : undefined;
      expect(records.get(Number(link.res_id))).toBe(city || false);
    }
  });

  it('rejects records whose join key matches several rows', async () => {
    const path = join(directory, 'extract', 'customerdata.organization.xml');
    const text = readFileSync(path, 'utf8');
    const first = text.indexOf('  <PegaData-Organization>');
    const end = text.indexOf('</PegaData-Organization>', first) + '</PegaData-Organization>\n'.length;
    writeFileSync(path, text.slice(0, end) + text.slice(first, end) + text.slice(end));
    const duplicated = [...organizations.keys()][0]!;

    const report = await apply().catch((error: unknown) => error);
    // The duplicated organization also breaks the Company phase's key, which pmap reports there.
    const contactPhase = (report as Awaited<ReturnType<typeof apply>>).phases.find((phase) => phase.object === 'Contact')!;
    const affected = contacts.filter((row) => row.OrganizationID === duplicated).length;
    expect(contactPhase.rejectGroups.find((group) => group.summary === 'ambiguous join')?.count).toBe(affected);
  });

  it('reports unknown joined columns with a did-you-mean', () => {
    editProjectFile(directory, 'specs/contact.pmap', 'trim(Org.City)', 'trim(Org.Cty)');
    const diagnostics = compileProject(loadProject(directory).inputs!).diagnostics;
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message, diagnostic.hint])).toEqual([
      ['PM202', 'unknown column `Cty` in the joined table Org', 'did you mean `City`?'],
    ]);
  });

  it('requires the joined column to name the alias', () => {
    editProjectFile(directory, 'specs/contact.pmap', '= Org.OrganizationID', '= OrganizationID');
    const diagnostics = compileProject(loadProject(directory).inputs!).diagnostics;
    expect(diagnostics[0]!.message).toBe('the column after = must be written Org.<Column>');
  });
});
