import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ObjectProfile, ProfileReport } from '../../runtime/profile/profile-types.js';
import { contactProfile } from '../fixtures/pega-db/customers.js';
import { DirtTally, type FixtureContext } from '../fixtures/pega-db/fixture-context.js';
import { VOLUMES } from '../fixtures/pega-db/fixture-sizes.js';
import { writeFixtureSchemaJson } from '../fixtures/pega-db/fixture-schema-json.js';
import { generatePegaDatabase, type GeneratedPegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { buildOperators } from '../fixtures/pega-db/operators.js';
import { demoDirectory } from '../support/demo-project.js';
import { createTestDatabase, releaseTestDatabases, type TestDatabase } from '../support/postgres.js';
import { runPmap } from '../support/run-pmap.js';

const SPECS = {
  'company.pmap': `# Pega organizations become Odoo companies.
object Company
  from pega table customerdata.organization key OrganizationID
  to odoo res.partner

  name       = trim(Name)
  is_company = true
  email      = lower(trim(Email))
  phone      = Phone
`,
  'contact.pmap': `# Pega customer profiles become Odoo contacts under their company.
object Contact
  from pega table customerdata.contact key ContactID
  to odoo res.partner

  name         = join(" ", trim(FirstName), trim(LastName))
  is_company   = false
  email        = lower(trim(Email))
  phone        = Phone
  parent_id    = ref(Company, OrganizationID)
  x_birth_date = BirthDate

  custom field x_birth_date: char "Birth date as Pega holds it"
`,
};

let database: TestDatabase;
let generated: GeneratedPegaDatabase;
let report: ProfileReport;
let directory: string;

function objectProfile(name: string): ObjectProfile {
  return report.objects.find((object) => object.object === name)!;
}

/** Rebuilds the fixture's contact rows from its seed, as the generator wrote them. */
function fixtureContacts() {
  const volumes = VOLUMES.small;
  const context: FixtureContext = { seed: generated.seed, volumes, attachStream: generated.attachStream, operators: buildOperators(generated.seed, volumes.operators), dirt: new DirtTally() };
  return Array.from({ length: volumes.contacts }, (_, index) => contactProfile(context, index));
}

beforeAll(async () => {
  database = await createTestDatabase('profile');
  generated = await generatePegaDatabase({ connectionString: database.connectionString, size: 'small', schemaPrefix: database.schemaPrefix });

  directory = mkdtempSync(join(tmpdir(), 'pmap-profile-'));
  const schemas = Object.entries(generated.schemaNames).map(([name, actual]) => `    ${name}: ${actual}`).join('\n');
  writeFileSync(
    join(directory, 'pmap.yaml'),
    `name: fixture-profile\nsource:\n  kind: postgres\n  url_env: PMAP_PEGA_DATABASE_URL\n  schemas:\n${schemas}\ntarget:\n  url: http://127.0.0.1:8069\n  database: sandbox\n  login: admin\n`,
  );
  mkdirSync(join(directory, 'specs'));
  for (const [name, text] of Object.entries(SPECS)) writeFileSync(join(directory, 'specs', name), text);
  writeFixtureSchemaJson(directory, generated);
  copyFileSync(join(demoDirectory, 'schemas', 'odoo.json'), join(directory, 'schemas', 'odoo.json'));

  const result = await runPmap(['profile', directory, '--format', 'json', '--no-timestamp'], { env: { PMAP_PEGA_DATABASE_URL: database.connectionString } });
  expect(result.stderr).not.toContain('error');
  expect(result.code).toBe(0);
  expect(result.stdout).not.toContain(database.connectionString);
  report = JSON.parse(result.stdout) as ProfileReport;
});

afterAll(async () => {
  if (directory) rmSync(directory, { recursive: true, force: true });
  await database?.drop();
  await releaseTestDatabases();
});

describe('pmap profile on the Pega PostgreSQL fixture', () => {
  it('reads every contact and organization', () => {
    expect(objectProfile('Contact').rows).toBe(generated.rowCounts['customerdata.contact']);
    expect(objectProfile('Company').rows).toBe(generated.rowCounts['customerdata.organization']);
  });

  it('groups the planted duplicate e-mails', () => {
    const groups = new Map<string, string[]>();
    for (const contact of fixtureContacts()) {
      if (contact.email === null) continue;
      const email = contact.email.trim().toLowerCase();
      groups.set(email, [...(groups.get(email) ?? []), contact.id]);
    }
    const expected = [...groups].filter(([, keys]) => keys.length > 1).map(([value, keys]) => ({ value, count: keys.length, keys }));
    expected.sort((left, right) => right.count - left.count || (left.value < right.value ? -1 : 1));

    const byEmail = objectProfile('Contact').duplicates.find((check) => check.by === 'email')!;
    expect(byEmail.groups).toEqual(expected);
    // Every planted duplicate repeats one earlier profile, so each adds one row to a group of two.
    expect(byEmail.rowsInGroups - byEmail.groups.length).toBe(generated.dirt.duplicateEmailContacts);
    expect(generated.dirt.duplicateEmailContacts).toBeGreaterThan(0);
  });

  it('reports the mixed phone formats', () => {
    const contacts = fixtureContacts();
    const shapes = { e164: /^\+\d+$/, international: /^\+\d+( \d+)+$/ };
    const written = contacts.map((contact) => contact.phone).filter((phone): phone is string => phone !== null && phone !== '');
    const expected = {
      e164: written.filter((phone) => shapes.e164.test(phone)).length,
      international: written.filter((phone) => shapes.international.test(phone)).length,
      national: written.filter((phone) => !phone.startsWith('+')).length,
    };

    const phone = objectProfile('Contact').columns.find((column) => column.column === 'Phone')!;
    expect(phone.kind).toBe('phone');
    expect(phone.countryColumn).toBe('CountryCode');
    // The PostgreSQL source reads '' as null, as Pega treats both as empty.
    expect(phone.nulls + phone.blanks).toBe(contacts.filter((contact) => contact.phone === null || contact.phone === '').length);
    const counts = Object.fromEntries(phone.formats!.map((format) => [format.format, format.count]));
    expect(counts).toEqual(expected);
    expect(expected.e164 * expected.international * expected.national).toBeGreaterThan(0);

    // With the country of each row every number normalises to E.164.
    const byPhone = objectProfile('Contact').duplicates.find((check) => check.by === 'phone')!;
    expect(byPhone.notNormalised).toBe(0);
  });

  it('reports the birth dates in several formats', () => {
    const birthDate = objectProfile('Contact').columns.find((column) => column.column === 'BirthDate')!;
    expect(birthDate.kind).toBe('date');
    const formats = birthDate.formats!.map((format) => format.format).sort();
    expect(formats).toEqual(expect.arrayContaining(['dd.MM.yyyy', 'iso-date', 'pega-date']));
    // The generator counts '' as a date that is not ISO; the source reads it as null.
    const emptyText = fixtureContacts().filter((contact) => contact.birthDate === '').length;
    const notIso = birthDate.formats!.filter((format) => format.format !== 'iso-date').reduce((sum, format) => sum + format.count, 0);
    expect(notIso).toBe(generated.dirt.birthDatesNotIso! - emptyText);
  });

  it('finds contacts whose organization is gone', () => {
    const orphans = objectProfile('Contact').orphans[0]!;
    expect(orphans).toMatchObject({ field: 'parent_id', object: 'Company', status: 'checked' });
    expect(orphans.orphanRows).toBe(generated.dirt.contactsWithMissingOrganization);
  });

  it('counts names with trailing spaces and right-to-left script', () => {
    const contact = objectProfile('Contact');
    const first = contact.columns.find((column) => column.column === 'FirstName')!;
    const last = contact.columns.find((column) => column.column === 'LastName')!;
    expect(first.trailingSpaces + last.trailingSpaces).toBe(generated.dirt.contactsWithTrailingSpaces);
    expect(first.rightToLeft).toBe(generated.dirt.contactsWithRightToLeftName);
    const company = objectProfile('Company').columns.find((column) => column.column === 'Name')!;
    expect(company.trailingSpaces).toBe(generated.dirt.organizationNamesWithTrailingSpaces);
  });
});
