import { describe, expect, it } from 'vitest';

import { compileProject } from '../../../compiler/compile.js';
import type { Plan } from '../../../compiler/plan-types.js';
import { DuplicateFinder, normaliseName } from '../../../runtime/profile/duplicate-finder.js';
import { KeyChecker } from '../../../runtime/profile/key-checker.js';
import { OrphanFinder, phaseReferences } from '../../../runtime/profile/orphan-finder.js';
import { columnsReadByPhase, nameColumns } from '../../../runtime/profile/phase-columns.js';
import { profilePlan } from '../../../runtime/profile/profile-plan.js';
import type { SourceConnector, SourceRecord, SourceTableRef } from '../../../runtime/sources/source.js';
import { testProject } from '../../support/test-schemas.js';

const SPECS = {
  'company.pmap': `object Company from pega table customerdata.organization key OrganizationID to odoo res.partner
  name = trim(Name)
  email = lower(trim(Email))
  is_company = true
`,
  'contact.pmap': `object Contact from pega table customerdata.contact key ContactID to odoo res.partner
  name = join(" ", trim(FirstName), trim(LastName))
  email = lower(trim(Email))
  parent_id = ref(Company, OrganizationID)
`,
};

function compilePlan(): Plan {
  const compiled = compileProject(testProject(SPECS));
  expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return compiled.plan!;
}

/** A source that serves hand-made rows per table, in the order given. */
class MemorySource implements SourceConnector {
  constructor(private readonly tables: Record<string, SourceRecord[]>) {}

  async *read(table: SourceTableRef): AsyncGenerator<SourceRecord> {
    yield* this.tables[table.table] ?? [];
  }

  async close(): Promise<void> {}
}

const organizations: SourceRecord[] = [
  { OrganizationID: 'ORG-1', Name: 'Müller GmbH', Email: 'info@mueller.example' },
  { OrganizationID: 'ORG-2', Name: 'Muller  GmbH ', Email: 'INFO@mueller.example' },
  { OrganizationID: 'ORG-3', Name: 'Acme', Email: null },
];

const contacts: SourceRecord[] = [
  { ContactID: 'CONT-1', FirstName: 'Anna', LastName: 'Smith', Email: 'anna.smith@example.com', OrganizationID: 'ORG-1' },
  { ContactID: 'CONT-2', FirstName: 'anna ', LastName: 'SMITH', Email: ' Anna.Smith@Example.com', OrganizationID: 'ORG-9' },
  { ContactID: 'CONT-3', FirstName: 'Zoë', LastName: 'van Dijk', Email: 'zoe@example.com', OrganizationID: ' ORG-2 ' },
  { ContactID: 'CONT-3', FirstName: 'Zoe', LastName: 'Van  Dijk', Email: 'zoe2@example.com', OrganizationID: 'ORG-9' },
  { ContactID: ' ', FirstName: 'Li', LastName: 'Wei', Email: 'li.wei@example.com', OrganizationID: null },
  { ContactID: 'CONT-5', FirstName: 'Omar', LastName: 'Haddad', Email: 'omar@example.com', OrganizationID: 'ORG-8' },
];

describe('DuplicateFinder', () => {
  it('groups rows that share a normalised value', () => {
    const finder = new DuplicateFinder('email', ['Email'], 100);
    finder.add('a@x.example', 'K1');
    finder.add('b@x.example', 'K2');
    finder.add('a@x.example', 'K3');
    finder.add(undefined, 'K4');
    finder.add('a@x.example', 'K5');
    const result = finder.result();
    expect(result.groups).toEqual([{ value: 'a@x.example', count: 3, keys: ['K1', 'K3', 'K5'] }]);
    expect(result.rowsInGroups).toBe(3);
    expect(result.notNormalised).toBe(1);
    expect(result.capped).toBe(false);
  });

  it('stops taking new values at the cap and says so', () => {
    const finder = new DuplicateFinder('phone', ['Phone'], 2);
    for (const [value, key] of [['1', 'A'], ['2', 'B'], ['3', 'C'], ['3', 'D'], ['1', 'E']]) finder.add(value, key!);
    const result = finder.result();
    expect(result.capped).toBe(true);
    expect(result.groups.map((group) => group.value)).toEqual(['1']);
  });

  it('normalises names across case, accents and spaces', () => {
    expect(normaliseName(['Zoë ', ' van  Dijk'])).toBe('zoe van dijk');
    expect(normaliseName(['ZOE', 'Van Dijk'])).toBe('zoe van dijk');
    expect(normaliseName(['Юлия', 'Иванова'])).toBe('юлия иванова');
    expect(normaliseName([null, '  '])).toBeUndefined();
  });
});

describe('KeyChecker', () => {
  it('finds empty and duplicate keys', () => {
    const checker = new KeyChecker(['ContactID'], 100);
    const shown = contacts.map((record, index) => checker.add(record, index + 1));
    expect(shown).toEqual(['CONT-1', 'CONT-2', 'CONT-3', 'CONT-3', 'row 5', 'CONT-5']);
    const result = checker.result();
    expect(result.emptyKeys).toBe(1);
    expect(result.emptyKeyRows).toEqual([5]);
    expect(result.duplicateKeys).toBe(1);
    expect(result.duplicateRows).toBe(1);
    expect(result.duplicateExamples).toEqual([{ key: 'CONT-3', count: 2 }]);
    expect(checker.has('CONT-5')).toBe(true);
  });
});

describe('OrphanFinder', () => {
  it('reports references that match no key', () => {
    const plan = compilePlan();
    const contact = plan.phases.find((phase) => phase.object === 'Contact')!;
    const [reference] = phaseReferences(contact.fields);
    expect(reference).toMatchObject({ field: 'parent_id', object: 'Company', columns: ['OrganizationID'] });

    const companies = new KeyChecker(['OrganizationID'], 100);
    organizations.forEach((record, index) => companies.add(record, index + 1));
    const finder = new OrphanFinder(reference!, plan.valueMaps, 100);
    contacts.forEach((record) => finder.add(record, String(record.ContactID)));
    const result = finder.result(companies, 100);

    expect(result.status).toBe('checked');
    expect(result.rowsWithValue).toBe(5);
    expect(result.empty).toBe(1);
    expect(result.orphanRows).toBe(3);
    expect(result.orphanValues).toBe(2);
    expect(result.examples).toEqual([{ value: 'ORG-8', key: 'CONT-5' }, { value: 'ORG-9', key: 'CONT-2' }]);
  });

  it('declines to check against a capped key set', () => {
    const plan = compilePlan();
    const [reference] = phaseReferences(plan.phases.find((phase) => phase.object === 'Contact')!.fields);
    const companies = new KeyChecker(['OrganizationID'], 1);
    organizations.forEach((record, index) => companies.add(record, index + 1));
    const finder = new OrphanFinder(reference!, plan.valueMaps, 100);
    contacts.forEach((record) => finder.add(record, String(record.ContactID)));
    const result = finder.result(companies, 1);
    expect(result.status).toBe('not-checked');
    expect(result.reason).toContain('raise --max-distinct');
  });
});

describe('phase columns', () => {
  it('lists the key first, then the columns the spec reads', () => {
    const contact = compilePlan().phases.find((phase) => phase.object === 'Contact')!;
    const columns = columnsReadByPhase(contact);
    expect(columns).toEqual(['ContactID', 'Email', 'FirstName', 'LastName', 'OrganizationID']);
    expect(nameColumns(columns)).toEqual(['FirstName', 'LastName']);
    expect(nameColumns(['pxInsName', 'pyLabel', 'Name'])).toEqual(['Name']);
  });
});

describe('profilePlan', () => {
  it('profiles hand-made rows end to end', async () => {
    const source = new MemorySource({ 'customerdata.organization': organizations, 'customerdata.contact': contacts });
    const plan = compilePlan();
    const objects = await profilePlan({ plan, pegaSchema: testProject(SPECS).pegaSchema, source, maxDistinct: 1000 });
    const contact = objects.find((object) => object.object === 'Contact')!;

    expect(contact.rows).toBe(6);
    expect(contact.keys.emptyKeys).toBe(1);
    expect(contact.keys.duplicateKeys).toBe(1);

    const email = contact.columns.find((column) => column.column === 'Email')!;
    expect(email.kind).toBe('email');
    expect(email.leadingSpaces).toBe(1);
    expect(email.formats?.map((format) => [format.format, format.count])).toEqual([['lower-case', 5], ['upper-case', 1]]);

    const byEmail = contact.duplicates.find((check) => check.by === 'email')!;
    expect(byEmail.groups).toEqual([{ value: 'anna.smith@example.com', count: 2, keys: ['CONT-1', 'CONT-2'] }]);
    const byName = contact.duplicates.find((check) => check.by === 'name')!;
    expect(byName.groups.map((group) => [group.value, group.keys])).toEqual([
      ['anna smith', ['CONT-1', 'CONT-2']],
      ['zoe van dijk', ['CONT-3', 'CONT-3']],
    ]);

    expect(contact.orphans[0]).toMatchObject({ status: 'checked', orphanRows: 3, orphanValues: 2 });
    const firstName = contact.columns.find((column) => column.column === 'FirstName')!;
    expect(firstName.trailingSpaces).toBe(1);
    expect(firstName.nonAscii).toBe(1);
  });

  it('reads the keys of a referenced object it does not profile', async () => {
    const source = new MemorySource({ 'customerdata.organization': organizations, 'customerdata.contact': contacts });
    const objects = await profilePlan({ plan: compilePlan(), pegaSchema: testProject(SPECS).pegaSchema, source, maxDistinct: 1000, objects: ['Contact'] });
    expect(objects.map((object) => object.object)).toEqual(['Contact']);
    expect(objects[0]!.orphans[0]).toMatchObject({ status: 'checked', orphanRows: 3 });
  });
});
