import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../grammar/parse-spec.js';
import type { ObjectDeclaration, ValueMapDeclaration } from '../../grammar/ast.js';

const companySpec = `# Pega organizations become Odoo companies.
object Company
  from pega table customerdata.organization key OrganizationID
  to odoo res.partner

  name       = trim(Name)              # stray spaces are common
  is_company = true
  email      = lower(trim(Email))
  color      = 3
  comment    = null
  website    = coalesce(Website, "n/a")
  parent_id  = ref(Company, ParentID)
`;

describe('parseSpec', () => {
  it('parses an object with every expression kind', () => {
    const { spec, diagnostics } = parseSpec('company.pmap', companySpec);

    expect(diagnostics).toEqual([]);
    expect(spec.declarations).toHaveLength(1);
    const company = spec.declarations[0] as ObjectDeclaration;
    expect(company.kind).toBe('object');
    expect(company.name.text).toBe('Company');
    expect(company.table.text).toBe('customerdata.organization');
    expect(company.key.map((name) => name.text)).toEqual(['OrganizationID']);
    expect(company.model.text).toBe('res.partner');
    expect(company.assignments.map((assignment) => assignment.field.text)).toEqual([
      'name', 'is_company', 'email', 'color', 'comment', 'website', 'parent_id',
    ]);
    expect(company.assignments[1]!.value).toMatchObject({ kind: 'literal', literal: { kind: 'boolean', value: true } });
    expect(company.assignments[3]!.value).toMatchObject({ kind: 'literal', literal: { kind: 'number', value: 3 } });
    expect(company.assignments[4]!.value).toMatchObject({ kind: 'literal', literal: { kind: 'null' } });
    expect(company.assignments[2]!.value).toMatchObject({
      kind: 'call',
      callee: { text: 'lower' },
      args: [{ kind: 'call', callee: { text: 'trim' }, args: [{ kind: 'name', name: { text: 'Email' } }] }],
    });
  });

  it('records spans with 1-based lines and columns', () => {
    const { spec } = parseSpec('company.pmap', companySpec);
    const company = spec.declarations[0] as ObjectDeclaration;
    const email = company.assignments[2]!;

    expect(email.field.span).toMatchObject({ file: 'company.pmap', startLine: 8, startColumn: 3, endColumn: 8 });
    expect(email.value.span).toMatchObject({ startLine: 8, startColumn: 16, endLine: 8, endColumn: 34 });
  });

  it('parses composite keys', () => {
    const { spec, diagnostics } = parseSpec('x.pmap', 'object A from pega table t key K1, K2 to odoo res.partner name = K1');
    expect(diagnostics).toEqual([]);
    expect((spec.declarations[0] as ObjectDeclaration).key.map((name) => name.text)).toEqual(['K1', 'K2']);
  });

  it('parses value maps with a target model and else', () => {
    const source = `values CaseStage -> crm.stage {
      "New"                => "New"
      "Resolved-Completed" => "Won"
      else                 => "Qualified"
    }
    values Priority { 10 => "1" "x\\"y" => "2" }`;
    const { spec, diagnostics } = parseSpec('maps.pmap', source);

    expect(diagnostics).toEqual([]);
    const [stages, priority] = spec.declarations as ValueMapDeclaration[];
    expect(stages!.targetModel?.text).toBe('crm.stage');
    expect(stages!.entries).toHaveLength(3);
    expect(stages!.entries[2]!.from).toBeUndefined();
    expect(stages!.entries[2]!.to).toMatchObject({ kind: 'string', value: 'Qualified' });
    expect(priority!.targetModel).toBeUndefined();
    expect(priority!.entries[1]!.from).toMatchObject({ kind: 'string', value: 'x"y' });
  });

  it('reports a syntax error with its position and keeps parsing', () => {
    const source = `object A from pega table t key K to odoo res.partner
  name = trim(Name
  email = Email

object B from pega table u key K to odoo res.partner
  name = = Name
`;
    const { spec, diagnostics } = parseSpec('bad.pmap', source);

    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(diagnostics.every((diagnostic) => diagnostic.code === 'PM102')).toBe(true);
    expect(diagnostics[0]!.span).toMatchObject({ startLine: 3, startColumn: 3 });
    expect(diagnostics[0]!.message).toBe("expected ')', found 'email'");
    expect(diagnostics.some((diagnostic) => diagnostic.span?.startLine === 6)).toBe(true);
    expect(spec.declarations.map((declaration) => declaration.name.text)).toEqual(['A', 'B']);
  });

  it('anchors an error at the end of the file after the last token', () => {
    const { diagnostics } = parseSpec('end.pmap', 'object A from pega table t key');

    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe('expected a name, found the end of the file');
    expect(diagnostics[0]!.span).toMatchObject({ startLine: 1, startColumn: 31 });
  });

  it('reports invalid characters and unterminated strings', () => {
    const { diagnostics } = parseSpec('chars.pmap', 'object A from pega table t key K to odoo res.partner\n  name = "open\n  x = $y\n');
    const codes = diagnostics.map((diagnostic) => diagnostic.code);

    expect(codes).toContain('PM103');
    expect(codes).toContain('PM101');
    const invalid = diagnostics.find((diagnostic) => diagnostic.code === 'PM101')!;
    expect(invalid.message).toBe('invalid character "$"');
    expect(invalid.span).toMatchObject({ startLine: 3, startColumn: 7 });
  });

  it('never throws on arbitrary input', () => {
    const inputs = ['', '}}}', 'object', 'values X {', '"', 'object A from pega table t key K to odoo m x = f(,)', '=>=>', '\u0000'];
    for (const input of inputs) {
      expect(() => parseSpec('fuzz.pmap', input)).not.toThrow();
    }
  });
});

describe('parseSpec expressions', () => {
  function valueOf(expression: string) {
    const { spec, diagnostics } = parseSpec('e.pmap', `object A from pega table t key K to odoo m\n  x = ${expression}\n`);
    expect(diagnostics).toEqual([]);
    return (spec.declarations[0] as ObjectDeclaration).assignments[0]!.value;
  }

  it('binds and tighter than or', () => {
    expect(valueOf('a == 1 or b == 2 and not c is null')).toMatchObject({
      kind: 'binary',
      operator: 'or',
      left: { kind: 'binary', operator: '==' },
      right: { kind: 'binary', operator: 'and', right: { kind: 'not', operand: { kind: 'isNull', negated: false } } },
    });
  });

  it('parses if, case and parentheses', () => {
    expect(valueOf('if (a) then 1 else 2')).toMatchObject({ kind: 'if', condition: { kind: 'name' }, then: { kind: 'literal' } });
    expect(valueOf('case S when "a" then 1 when "b" then 2 else 3 end')).toMatchObject({
      kind: 'case',
      subject: { kind: 'name', name: { text: 'S' } },
      branches: [{ when: { kind: 'literal' } }, { when: { kind: 'literal' } }],
      otherwise: { kind: 'literal' },
    });
    expect(valueOf('case when a is not null then 1 end')).toMatchObject({ kind: 'case', subject: undefined, otherwise: undefined });
  });

  it('parses named arguments after positional ones', () => {
    expect(valueOf('phone(Phone, region: "US", invalid: "null")')).toMatchObject({
      kind: 'call',
      args: [{ kind: 'name' }],
      namedArgs: [{ name: { text: 'region' } }, { name: { text: 'invalid' } }],
    });
  });

  it('parses else => error and else => pass', () => {
    const { spec, diagnostics } = parseSpec('m.pmap', 'values A { "x" => "y" else => pass }\nvalues B { else => error }');
    expect(diagnostics).toEqual([]);
    expect((spec.declarations[0] as ValueMapDeclaration).entries[1]!.to).toMatchObject({ kind: 'pass' });
    expect((spec.declarations[1] as ValueMapDeclaration).entries[0]!.to).toMatchObject({ kind: 'error' });
  });

  it('reports an unclosed case', () => {
    const { diagnostics } = parseSpec('c.pmap', 'object A from pega table t key K to odoo m\n  x = case when a then 1\n');
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toContain("expected 'end', found the end of the file");
  });
});

describe('parseSpec object members', () => {
  const source = `import "shared/stages.pmap"
object Contact
  from pega table customerdata.contact key ContactID
  to odoo res.partner
  batch 250
  mode create-only
  match email
  name  = trim(Name)
  email = email(Email)
  custom field x_pega_id: char "Pega customer ID"
  custom field x_tier: selection "Tier" { "gold" => "Gold" "silver" => "Silver" }
  dedupe by lower(trim(Email)), Phone keep latest pxUpdateDateTime
  require email or phone
  check email is email
  check name length 1..64
  check x_age in 0..120
  check ref matches "^C-"
  check email unique
  dedupe by Email keep first
  phone = Phone
`;

  it('parses options, custom fields, dedupe rules and validators', () => {
    const { spec, diagnostics } = parseSpec('c.pmap', source);
    expect(diagnostics).toEqual([]);
    expect(spec.imports.map((entry) => entry.path)).toEqual(['shared/stages.pmap']);
    const contact = spec.declarations[0] as ObjectDeclaration;
    expect(contact.options.map((option) => option.kind)).toEqual(['batch', 'mode', 'match']);
    expect(contact.options[0]).toMatchObject({ size: 250 });
    expect(contact.options[1]).toMatchObject({ mode: 'create-only' });
    expect(contact.customFields.map((field) => [field.name.text, field.fieldType.text, field.label, field.selection])).toEqual([
      ['x_pega_id', 'char', 'Pega customer ID', []],
      ['x_tier', 'selection', 'Tier', [['gold', 'Gold'], ['silver', 'Silver']]],
    ]);
    expect(contact.dedupe.map((rule) => [rule.keys.length, rule.keep, rule.orderBy?.text])).toEqual([[2, 'latest', 'pxUpdateDateTime'], [1, 'first', undefined]]);
    expect(contact.validators.map((validator) => (validator.kind === 'require' ? validator.fields.map((field) => field.text) : validator.rule))).toEqual([
      ['email', 'phone'],
      { kind: 'email' },
      { kind: 'length', min: 1, max: 64 },
      { kind: 'range', min: 0, max: 120 },
      { kind: 'matches', pattern: '^C-' },
      { kind: 'unique' },
    ]);
    expect(contact.assignments.map((assignment) => assignment.field.text)).toEqual(['name', 'email', 'phone']);
  });

  it('reports a wrong word in a member with its position', () => {
    const { diagnostics } = parseSpec('c.pmap', 'object A from pega table t key K to odoo m\n  mode merge\n  dedupe by Email keep newest\n');
    expect(diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.span?.startLine])).toEqual([
      ["expected 'upsert' or 'create-only' after mode, found 'merge'", 2],
      ["expected 'first' or 'last' or 'latest' or 'earliest' after keep, found 'newest'", 3],
    ]);
  });

  it('requires a column after keep latest', () => {
    const { diagnostics } = parseSpec('c.pmap', 'object A from pega table t key K to odoo m\n  dedupe by Email keep latest\n  name = K\n');
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['keep latest needs the column to order by']);
  });
});

describe('parseSpec joins', () => {
  it('parses a with clause', () => {
    const { spec, diagnostics } = parseSpec('j.pmap', 'object A from pega table t key K to odoo m\n  with pega table customerdata.address as Address on AddressID = Address.AddressID\n  city = Address.City\n');
    expect(diagnostics).toEqual([]);
    const object = spec.declarations[0] as ObjectDeclaration;
    expect(object.joins.map((join) => [join.table.text, join.alias.text, join.localColumn.text, join.joinedColumn.text])).toEqual([
      ['customerdata.address', 'Address', 'AddressID', 'Address.AddressID'],
    ]);
    expect(object.assignments[0]!.value).toMatchObject({ kind: 'name', name: { text: 'Address.City' } });
  });
});

describe('parseSpec cleansing rules', () => {
  it('parses clean rules in order', () => {
    const { spec, diagnostics } = parseSpec('c.pmap', 'object A from pega table t key K to odoo m\n  clean Email = lower(trim(Email))\n  clean Phone = Phone\n  name = K\n');
    expect(diagnostics).toEqual([]);
    const object = spec.declarations[0] as ObjectDeclaration;
    expect(object.cleansing.map((rule) => rule.column.text)).toEqual(['Email', 'Phone']);
    expect(object.assignments.map((assignment) => assignment.field.text)).toEqual(['name']);
  });
});
