import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import type { Plan } from '../../compiler/plan-types.js';
import { collectReferenceData, type ReferenceData } from '../../compiler/reference-data.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { previewPlan } from '../../runtime/preview/preview-plan.js';
import { planPreviewSchemaErrors } from '../../runtime/preview/preview-schema.js';
import type { ObjectPreview, PlanPreview } from '../../runtime/preview/preview-types.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { recordedCalls } from '../../sandbox/call-log.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';

const PASSWORD = 'preview-secret';

/** A case that links to the contact the edited extract adds, so it needs that contact's stand-in id. */
const newCase = `  <ACME-CS-Work-Service>
    <pzInsKey>ACME-CS-WORK S-9001</pzInsKey>
    <pxObjClass>ACME-CS-Work-Service</pxObjClass>
    <pyID>S-9001</pyID>
    <pyLabel>Welcome call for a new customer</pyLabel>
    <pyDescription xsi:nil="true"/>
    <pyStatusWork>Open</pyStatusWork>
    <pxUrgencyWork>30</pxUrgencyWork>
    <CustomerID>CONT-9001</CustomerID>
    <pxCreateDateTime>20240102T080000.000 GMT</pxCreateDateTime>
    <pxUpdateDateTime>20240102T080000.000 GMT</pxUpdateDateTime>
    <pxCreateOperator>glindqvist</pxCreateOperator>
  </ACME-CS-Work-Service>
</Classes>`;

const newContact = `  <PegaData-Contact>
    <ContactID>CONT-9001</ContactID>
    <FirstName>Nora</FirstName>
    <LastName>Lindgren</LastName>
    <Email>nora.lindgren@alderpeak.example</Email>
    <Phone xsi:nil="true"/>
    <OrganizationID>ORG-1001</OrganizationID>
  </PegaData-Contact>
</Classes>`;

function compile(directory: string): { plan: Plan; referenceData: ReferenceData } {
  const loaded = loadProject(directory);
  expect(loaded.diagnostics).toEqual([]);
  const compiled = compileProject(loaded.inputs!);
  expect(compiled.diagnostics).toEqual([]);
  return { plan: compiled.plan!, referenceData: collectReferenceData(loaded.inputs!.specs) };
}

function object(preview: PlanPreview, name: string): ObjectPreview {
  return preview.objects.find((entry) => entry.object === name)!;
}

/** Counts what a write to Odoo would change: external ids, records and their latest write_date. */
async function writeMarks(client: OdooClient): Promise<unknown> {
  const latest = async (model: string) => (await client.searchRead(model, [], ['write_date'], { order: 'write_date desc', limit: 1 }))[0]?.write_date;
  return {
    externalIds: await client.searchCount('ir.model.data', []),
    partners: await client.searchCount('res.partner', []),
    leads: await client.searchCount('crm.lead', []),
    customFields: await client.searchCount('ir.model.fields', [['name', '=like', 'x_%']]),
    partnerWritten: await latest('res.partner'),
    leadWritten: await latest('crm.lead'),
    externalIdWritten: await latest('ir.model.data'),
  };
}

describe('previewPlan on the demo after an apply', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;
  let preview: PlanPreview;
  let before: unknown;
  let callsBefore: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
    directory = copyDemoProject();
    const applied = compile(directory);
    const source = new BixXmlSource({ directory: join(directory, 'extract') });
    await applyPlan({ plan: applied.plan, client, source, projectDirectory: directory });
    await source.close();

    // Three contacts change, one is new, one company changes, and a new case links to the new contact.
    editProjectFile(directory, 'extract/customerdata.contact.xml', '<Email>claire.evans@ashcombepublishing.example</Email>', '<Email>claire.evans@ashcombe.example</Email>');
    editProjectFile(directory, 'extract/customerdata.contact.xml', '<LastName>van Dijk</LastName>', '<LastName>van Dijk-Bos</LastName>');
    editProjectFile(directory, 'extract/customerdata.contact.xml', '<Phone>+1 512 555 0199</Phone>', '<Phone>+1 512 555 0100</Phone>');
    editProjectFile(directory, 'extract/customerdata.contact.xml', '</Classes>', newContact);
    editProjectFile(directory, 'extract/customerdata.organization.xml', '<City>Frankfurt am Main</City>', '<City>Berlin</City>');
    editProjectFile(directory, 'extract/data.pc_acme_cs_work.xml', '</Classes>', newCase);
    // A custom field the spec declares and Odoo lacks.
    editProjectFile(directory, 'specs/company.pmap', '  name       = trim(Name)\n', '  name       = trim(Name)\n  x_pega_org_id = OrganizationID\n  custom field x_pega_org_id: char "Pega organization ID"\n');

    const { plan, referenceData } = compile(directory);
    before = await writeMarks(client);
    callsBefore = recordedCalls(sandbox).length;
    const previewSource = new BixXmlSource({ directory: join(directory, 'extract') });
    preview = await previewPlan({ plan, client, source: previewSource, projectDirectory: directory, referenceData, sampleSize: 3 });
    await previewSource.close();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('counts each object by what apply would do', () => {
    expect(preview.objects.map((entry) => [entry.object, entry.status, entry.counts])).toEqual([
      ['Company', 'computed', { sourceRows: 40, create: 0, update: 40, unchanged: 0, rejected: 0, deduplicated: 0 }],
      ['Contact', 'computed', { sourceRows: 201, create: 1, update: 3, unchanged: 197, rejected: 0, deduplicated: 0 }],
      ['WorkObject', 'computed', { sourceRows: 501, create: 1, update: 0, unchanged: 485, rejected: 15, deduplicated: 0 }],
    ]);
    expect(preview.totals).toEqual({ create: 2, update: 43, unchanged: 682, rejected: 15, deduplicated: 0 });
    expect(preview.hasChanges).toBe(true);
    expect(preview.hasErrors).toBe(false);
  });

  it('shows before and after of changed fields', () => {
    const updates = object(preview, 'Contact').samples.update;
    expect(updates).toHaveLength(3);
    expect(updates.map((sample) => [sample.key, sample.changes])).toEqual([
      ['CONT-2101', [{ field: 'email', before: 'claire.evans@ashcombepublishing.example', after: 'claire.evans@ashcombe.example' }]],
      ['CONT-2102', [{ field: 'name', before: 'Grace van Dijk', after: 'Grace van Dijk-Bos' }]],
      ['CONT-2103', [{ field: 'phone', before: '+1 512 555 0199', after: '+1 512 555 0100' }]],
    ]);
    const company = object(preview, 'Company').samples.update.find((sample) => sample.key === 'ORG-1001')!;
    expect(company.changes).toEqual([
      { field: 'x_pega_org_id', before: false, after: 'ORG-1001' },
      { field: 'city', before: 'Frankfurt am Main', after: 'Berlin' },
    ]);
  });

  it('samples new records with linked names', () => {
    const [contact] = object(preview, 'Contact').samples.create;
    expect(contact!.key).toBe('CONT-9001');
    expect(contact!.externalId).toBe('contact__CONT-9001');
    expect(contact!.values.name).toBe('Nora Lindgren');
    expect(contact!.values.parent_id).toEqual({ model: 'res.partner', id: expect.any(Number), name: 'Alder Peak Logistics' });

    const [workObject] = object(preview, 'WorkObject').samples.create;
    expect(workObject!.key).toBe('S-9001');
    expect(workObject!.values.partner_id).toEqual({ model: 'res.partner', id: null, name: 'Nora Lindgren' });
    expect(workObject!.values.stage_id).toEqual({ model: 'crm.stage', id: expect.any(Number), name: 'Qualified' });
  });

  it('groups rejects by reason with messages', () => {
    const [group, ...others] = object(preview, 'WorkObject').rejects;
    expect(others).toEqual([]);
    expect(group!.code).toBe('missing-reference');
    expect(group!.summary).toBe('partner_id references a Contact that was not loaded');
    expect(group!.count).toBe(15);
    expect(group!.examples).toHaveLength(3);
    expect(group!.examples[0]!.message).toMatch(/^partner_id: no Contact with key "CONT-\d+" was loaded/);
  });

  it('lists value-map values no entry covers', () => {
    const coverage = object(preview, 'WorkObject').valueMaps;
    expect(coverage.map((entry) => [entry.map, entry.field, entry.uncovered.map((value) => [value.value, value.count, value.outcome, value.sent])])).toEqual([
      ['CaseStage', 'stage_id', [['Resolved-Cancelled', 37, 'else', 'New'], ['Resolved-Withdrawn', 29, 'else', 'New']]],
      ['Urgency', 'priority', [['30', 19, 'else', '0'], ['0', 12, 'else', '0'], ['90', 7, 'else', '0'], ['70', 6, 'else', '0']]],
      ['CaseOpen', 'active', [
        ['Resolved-Completed', 217, 'else', true],
        ['Open', 104, 'else', true],
        ['Pending-External', 43, 'else', true],
        ['Pending-Approval', 36, 'else', true],
        ['New', 35, 'else', true],
      ]],
    ]);
  });

  it('lists custom fields to add and resolved owners', () => {
    expect(preview.customFields).toEqual({ toAdd: [{ model: 'res.partner', name: 'x_pega_org_id', type: 'char', label: 'Pega organization ID' }], conflicts: [] });
    expect(preview.referenceData.missing).toEqual([]);
    expect(preview.owners?.blocked).toEqual([]);
    expect(preview.owners?.unresolved).toBe(0);
  });

  it('validates against the preview schema', () => {
    expect(planPreviewSchemaErrors(JSON.parse(JSON.stringify(preview)))).toEqual([]);
  });

  it('never writes to Odoo', async () => {
    expect(await writeMarks(client)).toEqual(before);
    const methods = new Set(recordedCalls(sandbox).slice(callsBefore).map((call) => call.method));
    expect([...methods].filter((method) => !['search_read', 'read', 'search_count', 'fields_get', 'search'].includes(method))).toEqual([]);
  });
});

describe('previewPlan on an empty Odoo', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let preview: PlanPreview;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
    const directory = copyDemoProject();
    // A second organization with the name of ORG-1001, removed by dedupe, and a contact that links to it.
    editProjectFile(directory, 'specs/company.pmap', '  name       = trim(Name)\n', '  name       = trim(Name)\n  dedupe by lower(trim(Name)) keep first\n');
    editProjectFile(directory, 'extract/customerdata.organization.xml', '</Classes>', `  <PegaData-Organization>
    <OrganizationID>ORG-9999</OrganizationID>
    <Name>alder peak logistics </Name>
    <CountryCode>DE</CountryCode>
  </PegaData-Organization>
</Classes>`);
    editProjectFile(directory, 'extract/customerdata.contact.xml', '</Classes>', newContact.replace('CONT-9001', 'CONT-9002').replace('ORG-1001', 'ORG-9999'));

    const { plan, referenceData } = compile(directory);
    const source = new BixXmlSource({ directory: join(directory, 'extract') });
    preview = await previewPlan({ plan, client, source, projectDirectory: directory, referenceData });
    await source.close();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('links to records the run would create', () => {
    expect(preview.objects.map((entry) => [entry.object, entry.counts])).toEqual([
      ['Company', { sourceRows: 41, create: 40, update: 0, unchanged: 0, rejected: 0, deduplicated: 1 }],
      ['Contact', { sourceRows: 201, create: 201, update: 0, unchanged: 0, rejected: 0, deduplicated: 0 }],
      ['WorkObject', { sourceRows: 500, create: 485, update: 0, unchanged: 0, rejected: 15, deduplicated: 0 }],
    ]);
    expect(object(preview, 'Contact').samples.create[0]!.values.parent_id).toEqual({ model: 'res.partner', id: null, name: 'Ashcombe Publishing' });
  });

  it('keeps dedupe removals out of the reject groups', () => {
    expect(object(preview, 'Company').rejects).toEqual([]);
  });
});

describe('previewPlan with owners that have no Odoo user', () => {
  let sandbox: Sandbox;
  let preview: PlanPreview;

  beforeAll(async () => {
    sandbox = await startSandbox({ password: PASSWORD });
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
    const directory = copyDemoProject();
    editProjectFile(directory, 'owners.yaml', 'fallback: admin', 'fallback: null');

    const { plan, referenceData } = compile(directory);
    const source = new BixXmlSource({ directory: join(directory, 'extract') });
    preview = await previewPlan({ plan, client, source, projectDirectory: directory, referenceData });
    await source.close();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('blocks the object and names the operators', () => {
    const workObject = object(preview, 'WorkObject');
    expect(workObject.status).toBe('blocked');
    expect(workObject.reason).toMatch(/^because \d+ Pega operators who own \d+ of its records have no Odoo user; set odoo_login or fallback in owners\.yaml/);
    expect(workObject.reason).toContain('AU13256839476927485: 28 records');
    expect(workObject.counts).toEqual({ sourceRows: 0, create: 0, update: 0, unchanged: 0, rejected: 0, deduplicated: 0 });
    expect(preview.owners?.blocked.map((entry) => entry.object)).toEqual(['WorkObject']);
    expect(preview.owners?.unresolved).toBeGreaterThan(0);
  });

  it('still computes the other objects', () => {
    expect(object(preview, 'Contact').status).toBe('computed');
    expect(object(preview, 'Contact').counts.create).toBe(200);
    expect(preview.hasErrors).toBe(true);
  });
});
