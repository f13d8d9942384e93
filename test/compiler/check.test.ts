import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostic.js';
import { testProject } from '../support/test-schemas.js';

const company = `object Company
  from pega table customerdata.organization key OrganizationID
  to odoo res.partner
  name       = trim(Name)
  is_company = true
`;

const contact = `object Contact
  from pega table customerdata.contact key ContactID
  to odoo res.partner
  name      = join(" ", trim(FirstName), trim(LastName))
  email     = lower(trim(Email))
  parent_id = ref(Company, OrganizationID)
`;

function compileWith(extra: string): readonly Diagnostic[] {
  return compileProject(testProject({ 'company.pmap': company, 'x.pmap': extra })).diagnostics;
}

function onlyDiagnostic(extra: string): Diagnostic {
  const diagnostics = compileWith(extra);
  expect(diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`)).toHaveLength(1);
  return diagnostics[0]!;
}

const caseHeader = `object Case
  from pega table data.pc_acme_cs_work key pyID
  to odoo crm.lead
  name = coalesce(pyLabel, pyID)
`;

describe('compileProject checks', () => {
  it('accepts valid specs', () => {
    const result = compileProject(testProject({ 'company.pmap': company, 'contact.pmap': contact }));
    expect(result.diagnostics).toEqual([]);
    expect(result.plan?.phases.map((phase) => phase.object)).toEqual(['Company', 'Contact']);
  });

  it('reports an unknown column with a did-you-mean', () => {
    const diagnostic = onlyDiagnostic(contact.replace('trim(LastName)', 'trim(LastNmae)'));
    expect(diagnostic.code).toBe('PM202');
    expect(diagnostic.message).toBe('unknown column `LastNmae` in Pega table customerdata.contact');
    expect(diagnostic.hint).toBe('did you mean `LastName`?');
    expect(diagnostic.span).toMatchObject({ file: 'specs/x.pmap', startLine: 4, startColumn: 47 });
  });

  it('reports an unknown Odoo field with a did-you-mean', () => {
    const diagnostic = onlyDiagnostic(contact.replace('email     =', 'emial     ='));
    expect(diagnostic.code).toBe('PM204');
    expect(diagnostic.message).toBe('unknown field `emial` on Odoo model res.partner');
    expect(diagnostic.hint).toBe('did you mean `email`?');
  });

  it('reports an unknown table and model', () => {
    const diagnostics = compileWith(contact.replace('customerdata.contact', 'customerdata.contacts').replace('to odoo res.partner', 'to odoo res.partners'));
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['PM201', 'PM203']);
    expect(diagnostics[0]!.hint).toBe('did you mean `customerdata.contact`?');
    expect(diagnostics[1]!.hint).toBe('did you mean `res.partner`?');
  });

  it('reports an unknown object in ref', () => {
    const diagnostic = onlyDiagnostic(contact.replace('ref(Company,', 'ref(Compnay,'));
    expect(diagnostic.code).toBe('PM205');
    expect(diagnostic.hint).toBe('did you mean `Company`?');
  });

  it('reports a ref into another model', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  stage_id = ref(Company, CustomerID)\n`);
    expect(diagnostic.code).toBe('PM301');
    expect(diagnostic.message).toBe('ref returns a res.partner record, but crm.lead.stage_id links to crm.stage');
  });

  it('reports a wrong number of ref key values', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  partner_id = ref(Company, CustomerID, pyID)\n`);
    expect(diagnostic.code).toBe('PM210');
  });

  it('reports duplicate assignments with the first one as related span', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  name = pyID\n`);
    expect(diagnostic.code).toBe('PM209');
    expect(diagnostic.related?.[0]?.span.startLine).toBe(4);
  });

  it('reports magic fields with the hint on timestamps', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  create_date = pxCreateDateTime\n`);
    expect(diagnostic.code).toBe('PM213');
    expect(diagnostic.hint).toContain('x_pega_created');
  });

  it('reports a missing required field', () => {
    const diagnostic = onlyDiagnostic(caseHeader.replace('  name = coalesce(pyLabel, pyID)\n', '  description = pyLabel\n'));
    expect(diagnostic.code).toBe('PM302');
    expect(diagnostic.message).toBe('object Case does not assign the required field name (Opportunity) of crm.lead');
  });

  it('reports a selection literal that is not a key', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  priority = "7"\n`);
    expect(diagnostic.code).toBe('PM212');
    expect(diagnostic.hint).toBe('the keys are "0" (Low), "1" (Medium), "2" (High), "3" (Very High)');
  });

  it('reports value map targets that are not selection keys', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  priority = Urgency(pxUrgencyWork)\nvalues Urgency { 10 => "0" 90 => "high" }\n`);
    expect(diagnostic.code).toBe('PM212');
    expect(diagnostic.message).toBe('"high" is not a key of the selection crm.lead.priority');
  });

  it('reports a column written straight into a selection', () => {
    expect(onlyDiagnostic(`${caseHeader}  priority = pyStatusWork\n`).code).toBe('PM211');
  });

  it('reports a value map whose target model does not match', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  partner_id = Stage(pyStatusWork)\nvalues Stage -> crm.stage { "New" => "New" }\n`);
    expect(diagnostic.code).toBe('PM303');
  });

  it('reports a type that does not convert', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  color = pyLabel\n`);
    expect(diagnostic.code).toBe('PM211');
    expect(diagnostic.message).toBe('crm.lead.color is an integer field, but the value is a text value');
  });

  it('reports unknown functions with a did-you-mean', () => {
    const diagnostic = onlyDiagnostic(`${caseHeader}  description = trimm(pyLabel)\n`);
    expect(diagnostic.code).toBe('PM206');
    expect(diagnostic.hint).toBe('did you mean `trim`?');
  });

  it('reports wrong arity of built-in functions', () => {
    expect(onlyDiagnostic(`${caseHeader}  description = lower(pyLabel, pyID)\n`).code).toBe('PM210');
  });

  it('reports duplicate objects and value maps', () => {
    const diagnostics = compileWith(`${company.replace('object Company', 'object Company')}values A { "x" => "y" }\nvalues A { "x" => "y" }\n`);
    expect(diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['PM207', 'PM208']);
  });

  it('reports duplicate value map entries', () => {
    const diagnostic = onlyDiagnostic(`values A { "x" => "y" "x" => "z" }\n`);
    expect(diagnostic.code).toBe('PM305');
  });

  it('reports a dependency cycle as a path', () => {
    const a = `object A from pega table customerdata.contact key ContactID to odoo res.partner
  name = FirstName
  parent_id = ref(B, OrganizationID)
`;
    const b = `object B from pega table customerdata.organization key OrganizationID to odoo res.partner
  name = Name
  parent_id = ref(A, OrganizationID)
`;
    const diagnostic = onlyDiagnostic(`${a}${b}`);
    expect(diagnostic.code).toBe('PM401');
    expect(diagnostic.message).toBe('dependency cycle: A -> B -> A');
    expect(diagnostic.related).toHaveLength(1);
  });

  it('orders phases by dependency with levels', () => {
    const result = compileProject(testProject({ 'contact.pmap': contact, 'company.pmap': company, 'case.pmap': `${caseHeader}  partner_id = ref(Contact, CustomerID)\n` }));
    expect(result.diagnostics).toEqual([]);
    expect(result.plan!.phases.map((phase) => [phase.object, phase.level, phase.dependsOn])).toEqual([
      ['Company', 0, []],
      ['Case', 2, ['Contact']],
      ['Contact', 1, ['Company']],
    ].sort((x, y) => (x[1] as number) - (y[1] as number)));
  });

  describe('expressions', () => {
    const cases: Array<[string, string, string]> = [
      ['a condition that is not boolean', '  description = if pyLabel then "a" else "b"\n', '`if` needs a condition, but this is a text value'],
      ['branches of different types', '  description = if pyLabel is null then "a" else 3\n', 'the branches of `if` give a text value and an integer value'],
      ['a comparison of text with a number', '  description = if pyLabel == 3 then "a" else "b"\n', 'cannot compare a text value with an integer value'],
      ['an unknown named argument', '  description = phone(pyLabel, regoin: "US")\n', 'phone takes no named argument `regoin`'],
      ['an unknown time zone', '  date_deadline = date(pyLabel, tz: "Mars/Olympus")\n', 'tz: "Mars/Olympus" is not an IANA time zone'],
      ['an unknown phone region', '  description = phone(pyLabel, region: "XX")\n', 'region: "XX" is not a country code libphonenumber knows'],
      ['an invalid regular expression', '  description = regex_extract(pyLabel, "(")\n', 'invalid regular expression: /(/u: Unterminated group'],
      ['a column where a literal is required', '  description = truncate(pyLabel, pxUrgencyWork)\n', 'argument 2 of truncate must be a literal written in the spec'],
      ['a named argument outside its values', '  description = email(pyLabel, invalid: "drop")\n', 'invalid: "drop" is not one of "keep", "null", "reject"'],
      ['a datetime parsed into a date field', '  date_deadline = datetime(pyLabel)\n', 'crm.lead.date_deadline is a date field, but the value is a datetime value'],
    ];
    it.each(cases)('reports %s', (_name, line, message) => {
      const diagnostic = onlyDiagnostic(`${caseHeader}${line}`);
      expect(diagnostic.code === 'PM211' || diagnostic.code === 'PM210').toBe(true);
      expect(diagnostic.message).toBe(message);
    });

    it('suggests the closest named argument', () => {
      expect(onlyDiagnostic(`${caseHeader}  description = phone(pyLabel, regoin: "US")\n`).hint).toBe('did you mean `region`?');
    });

    it('checks literals in branches against selection keys', () => {
      const diagnostic = onlyDiagnostic(`${caseHeader}  priority = if pxUrgencyWork > 50 then "3" else "9"\n`);
      expect(diagnostic.code).toBe('PM212');
      expect(diagnostic.span?.startColumn).toBe(50);
    });

    it('accepts the full expression language', () => {
      const line = [
        '  description = case pyStatusWork when "New" then html(pyLabel) else trim(coalesce(pyLabel, pyID)) end',
        '  date_last_stage_update = datetime(pxCreateDateTime)',
        '  date_deadline = date(pxCreateDateTime, tz: "Europe/Berlin")',
        '  priority = if pxUrgencyWork >= 50 and not (pyLabel is null) then "2" else "0"',
        '  email_from = email(pyLabel, invalid: "null")',
        '  phone = phone(pyLabel, region: "US")',
        '',
      ].join('\n');
      // date_last_stage_update is read-only in Odoo's forms, which only warns.
      expect(compileWith(`${caseHeader}${line}`).map((diagnostic) => diagnostic.code)).toEqual(['PM310']);
    });

    it('rejects else => pass in a map of records', () => {
      const diagnostic = onlyDiagnostic(`${caseHeader}  stage_id = Stage(pyStatusWork)\nvalues Stage -> crm.stage { "New" => "New" else => pass }\n`);
      expect(diagnostic.code).toBe('PM303');
    });

    it('reports a name after => that is not error or pass', () => {
      const diagnostic = onlyDiagnostic('values A { "x" => "y" else => skip }\n');
      expect(diagnostic.code).toBe('PM102');
      expect(diagnostic.message).toBe("expected a literal, error or pass after else =>, found 'skip'");
    });
  });

  describe('object members', () => {
    const cases: Array<[string, string, string, string]> = [
      ['a custom field without x_', '  custom field pega_id: char "Pega ID"\n', 'PM216', 'custom field `pega_id` must have a name that starts with x_'],
      ['an unknown custom field type', '  custom field x_id: string "Pega ID"\n', 'PM217', 'unknown custom field type `string`'],
      ['a selection without keys', '  custom field x_tier: selection "Tier"\n', 'PM217', 'selection field x_tier lists no keys'],
      ['a check on a field not assigned', '  check email_from is email\n', 'PM219', 'check names `email_from`, which object Case does not assign'],
      ['a require of a field not assigned', '  require phone or email_from\n', 'PM219', 'require names `phone`, which object Case does not assign'],
      ['match on a field not assigned', '  match email_from\n', 'PM219', 'match names `email_from`, which object Case does not assign'],
      ['an unknown dedupe order column', '  dedupe by pyLabel keep latest pxUpdated\n', 'PM202', 'unknown column `pxUpdated` in Pega table data.pc_acme_cs_work'],
      ['an empty range', '  check name length 5..1\n', 'PM211', 'the range 5..1 is empty'],
      ['an option given twice', '  batch 10\n  batch 20\n', 'PM209', 'option batch is given twice in object Case'],
    ];
    it.each(cases)('reports %s', (_name, lines, code, message) => {
      const diagnostic = onlyDiagnostic(`${caseHeader}${lines}`);
      expect(diagnostic.code).toBe(code);
      expect(diagnostic.message).toBe(message);
    });

    it('reports a custom field whose type differs from Odoo', () => {
      const project = testProject({ 'case.pmap': `${caseHeader}  custom field x_pega_id: char "Pega ID"\n` });
      const lead = project.odooSchema.models['crm.lead']!;
      const odooSchema = { ...project.odooSchema, models: { ...project.odooSchema.models, 'crm.lead': { ...lead, fields: { ...lead.fields, x_pega_id: { type: 'integer' as const, string: 'Pega ID', required: false, readonly: false, store: true } } } } };
      const diagnostics = compileProject({ ...project, odooSchema }).diagnostics;
      expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([['PM218', 'crm.lead.x_pega_id already exists in Odoo as an integer field, not char']]);
    });

    it('reports one custom field declared two ways', () => {
      const other = `object Other from pega table data.pc_acme_cs_work key pyID to odoo crm.lead\n  name = pyID\n  custom field x_pega_id: text "Pega ID"\n`;
      const diagnostics = compileProject(testProject({ 'a.pmap': `${caseHeader}  custom field x_pega_id: char "Pega ID"\n`, 'b.pmap': other })).diagnostics;
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['PM218']);
      expect(diagnostics[0]!.related?.[0]?.span.file).toBe('specs/a.pmap');
    });

    it('compiles members into the plan', () => {
      const spec = `${caseHeader}  batch 25\n  mode create-only\n  email_from = pyLabel\n  match email_from\n  x_pega_id = pyID\n  custom field x_pega_id: char "Pega ID"\n  dedupe by lower(pyLabel) keep earliest pxCreateDateTime\n  require email_from or x_pega_id\n  check x_pega_id matches "^S-"\n  check x_pega_id unique\n`;
      const result = compileProject(testProject({ 'case.pmap': spec }));
      expect(result.diagnostics).toEqual([]);
      const phase = result.plan!.phases[0]!;
      expect(phase).toMatchObject({ batchSize: 25, mode: 'create-only', match: { field: 'email_from' }, dedupe: { keep: 'earliest', orderBy: 'pxCreateDateTime' } });
      expect(phase.validators).toEqual([
        { kind: 'require', fields: ['email_from', 'x_pega_id'] },
        { kind: 'matches', field: 'x_pega_id', pattern: '^S-' },
        { kind: 'unique', field: 'x_pega_id' },
      ]);
      expect(result.plan!.customFields).toEqual([{ model: 'crm.lead', name: 'x_pega_id', type: 'char', label: 'Pega ID' }]);
    });
  });

  describe('lookup', () => {
    const companyHeader = `object Org from pega table customerdata.organization key OrganizationID to odoo res.partner\n  name = Name\n`;
    it('reports an unknown lookup model and field', () => {
      const withModel = compileProject(testProject({ 'o.pmap': `${companyHeader}  country_id = lookup(res.partnr, ref: Name)\n` })).diagnostics;
      expect(withModel.map((diagnostic) => [diagnostic.code, diagnostic.hint])).toEqual([['PM203', 'did you mean `res.partner`?']]);
    });
    it('reports a lookup without its named field', () => {
      const diagnostics = compileProject(testProject({ 'o.pmap': `${companyHeader}  parent_id = lookup(res.partner, Name)\n` })).diagnostics;
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['lookup takes a model and one named argument: the field to match and its value']);
    });
    it('types a lookup as a record of its model', () => {
      const diagnostics = compileProject(testProject({ 'o.pmap': `${companyHeader}  parent_id = lookup(crm.stage, name: Name)\n` })).diagnostics;
      expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([['PM301', 'ref returns a crm.stage record, but res.partner.parent_id links to res.partner']]);
    });
  });

  describe('warnings', () => {
    it('lists values discovery saw that a value map does not cover', () => {
      const project = testProject({ 'case.pmap': `${caseHeader}  stage_id = Stage(pyStatusWork)\nvalues Stage -> crm.stage { "New" => "New" "Open" => "Qualified" }\n` });
      const table = project.pegaSchema.tables['data.pc_acme_cs_work']!;
      const column = { ...table.columns.pyStatusWork!, distinctValues: [[null, 3], ['New', 40], ['Open', 12], ['Pending-Investigation', 5]] as Array<[string | null, number]> };
      const pegaSchema = { ...project.pegaSchema, tables: { ...project.pegaSchema.tables, 'data.pc_acme_cs_work': { ...table, columns: { ...table.columns, pyStatusWork: column } } } };
      const diagnostics = compileProject({ ...project, pegaSchema }).diagnostics;
      expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.message])).toEqual([
        ['PM307', 'warning', 'value map Stage does not cover 2 values of pyStatusWork seen in the data (8 rows): null (3), "Pending-Investigation" (5)'],
      ]);
    });

    it('warns when a nullable column feeds a required field', () => {
      const diagnostics = compileWith(caseHeader.replace('coalesce(pyLabel, pyID)', 'trim(pyLabel)'));
      expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([['PM308', 'crm.lead.name is required, but the value can be empty for some records']]);
    });

    it('accepts a nullable column guarded by require', () => {
      expect(compileWith(`${caseHeader.replace('coalesce(pyLabel, pyID)', 'trim(pyLabel)')}  require name\n`)).toEqual([]);
    });
  });

  describe('from pega class', () => {
    it('reads the table that stores the class', () => {
      const result = compileProject(testProject({ 'c.pmap': contact.replace('from pega table customerdata.contact', 'from pega class PegaData-Contact'), 'company.pmap': company }));
      expect(result.diagnostics).toEqual([]);
      expect(result.plan!.phases.find((phase) => phase.object === 'Contact')!.source).toEqual({ table: 'customerdata.contact', className: 'PegaData-Contact', key: ['ContactID'] });
    });

    it('reports an unknown class with a did-you-mean', () => {
      const diagnostic = onlyDiagnostic(contact.replace('from pega table customerdata.contact', 'from pega class PegaData-Contct'));
      expect([diagnostic.code, diagnostic.message, diagnostic.hint]).toEqual(['PM201', 'no table in schemas/pega.json stores the Pega class `PegaData-Contct`', 'did you mean `PegaData-Contact`?']);
    });
  });

  describe('clean', () => {
    it('compiles cleansing rules into the plan in order', () => {
      const result = compileProject(testProject({ 'case.pmap': `${caseHeader}  clean pyLabel = trim(pyLabel)\n  clean pyStatusWork = default(pyStatusWork, "New")\n` }));
      expect(result.diagnostics).toEqual([]);
      expect(result.plan!.phases[0]!.cleansing!.map((rule) => rule.column)).toEqual(['pyLabel', 'pyStatusWork']);
    });
    it('reports an unknown column and a column cleaned twice', () => {
      expect(onlyDiagnostic(`${caseHeader}  clean pyLable = trim(pyLabel)\n`).hint).toBe('did you mean `pyLabel`?');
      expect(onlyDiagnostic(`${caseHeader}  clean pyLabel = trim(pyLabel)\n  clean pyLabel = lower(pyLabel)\n`).message).toBe('column `pyLabel` is cleaned twice');
    });
  });
});
