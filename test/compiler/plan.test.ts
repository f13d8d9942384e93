import { describe, expect, it } from 'vitest';
import { compileProject, serializePlan } from '../../compiler/compile.js';
import { planSchemaErrors } from '../../compiler/validate-plan.js';
import { testProject } from '../support/test-schemas.js';

const specs = {
  'company.pmap': `object Company from pega table customerdata.organization key OrganizationID to odoo res.partner
  name = trim(Name)
  is_company = true
`,
  'contact.pmap': `object Contact from pega table customerdata.contact key ContactID to odoo res.partner
  name = join(" ", FirstName, LastName)
  parent_id = ref(Company, OrganizationID)
`,
  'case.pmap': `object WorkObject from pega table data.pc_acme_cs_work key pyID to odoo crm.lead
  name = coalesce(pyLabel, pyID)
  stage_id = CaseStage(pyStatusWork)
  priority = Urgency(pxUrgencyWork)
  date_deadline = null
  partner_id = ref(Contact, CustomerID)
values CaseStage -> crm.stage { "New" => "New" else => "Qualified" }
values Urgency { 10 => "0" 100 => "3" }
`,
};

describe('plan emission', () => {
  it('is byte-identical for identical inputs', () => {
    const first = serializePlan(compileProject(testProject(specs)).plan!);
    const second = serializePlan(compileProject(testProject({ ...specs })).plan!);
    expect(second).toBe(first);
  });

  it('does not depend on the order specs are given in', () => {
    const reversed = Object.fromEntries(Object.entries(specs).reverse());
    expect(serializePlan(compileProject(testProject(reversed)).plan!)).toBe(serializePlan(compileProject(testProject(specs)).plan!));
  });

  it('validates against the plan JSON Schema', () => {
    const plan = JSON.parse(serializePlan(compileProject(testProject(specs)).plan!)) as unknown;
    expect(planSchemaErrors(plan)).toEqual([]);
  });

  it('rejects a malformed plan through the schema', () => {
    const plan = JSON.parse(serializePlan(compileProject(testProject(specs)).plan!)) as { phases: Array<Record<string, unknown>> };
    delete plan.phases[0]!.model;
    expect(planSchemaErrors(plan)).toEqual(["/phases/0 must have required property 'model'"]);
  });

  it('changes the specs fingerprint when a spec changes', () => {
    const before = compileProject(testProject(specs)).plan!.fingerprints;
    const after = compileProject(testProject({ ...specs, 'company.pmap': `${specs['company.pmap']}  email = Email\n` })).plan!.fingerprints;
    expect(after.specs).not.toBe(before.specs);
    expect(after.pegaSchema).toBe(before.pegaSchema);
  });

  it('records the compiled expressions and value maps', () => {
    const plan = compileProject(testProject(specs)).plan!;
    const workObject = plan.phases.find((phase) => phase.object === 'WorkObject')!;
    expect(workObject.externalId).toEqual({ module: 'pmap', prefix: 'work_object' });
    expect(workObject.fields.find((field) => field.field === 'partner_id')!.expression).toEqual({
      op: 'ref', object: 'Contact', args: [{ op: 'column', name: 'CustomerID', type: 'text' }],
    });
    expect(plan.valueMaps.CaseStage).toEqual({ targetModel: 'crm.stage', entries: [['New', 'New']], otherwise: { value: 'Qualified' } });
    expect(plan.valueMaps.Urgency).toEqual({ entries: [[10, '0'], [100, '3']] });
  });
});
