import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ObjectProfile, ProfileReport } from '../../runtime/profile/profile-types.js';
import { generateDemoDataset, type DemoDataset } from '../fixtures/demo-dataset.js';
import { CASE_TABLE, CONTACT_TABLE } from '../fixtures/demo-schema.js';
import { copyDemoProject } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const folders: string[] = [];
let dataset: DemoDataset;
let report: ProfileReport;
let directory: string;

function objectProfile(name: string): ObjectProfile {
  return report.objects.find((object) => object.object === name)!;
}

function column(object: string, name: string) {
  return objectProfile(object).columns.find((entry) => entry.column === name)!;
}

beforeAll(async () => {
  dataset = generateDemoDataset();
  directory = copyDemoProject();
  folders.push(directory);
  const result = await runPmap(['profile', directory, '--format', 'json', '--no-timestamp']);
  expect(result.stderr).toContain('profiling Contact');
  expect(result.code).toBe(0);
  report = JSON.parse(result.stdout) as ProfileReport;
});

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('pmap profile on the demo', () => {
  it('counts the rows of every object', () => {
    expect(report.objects.map((object) => [object.object, object.rows])).toEqual([
      ['Company', 40],
      ['Contact', dataset.tables[CONTACT_TABLE.table]!.length],
      ['WorkObject', dataset.tables[CASE_TABLE.table]!.length],
    ]);
  });

  it('finds the cases whose customer is missing', () => {
    const orphans = objectProfile('WorkObject').orphans.find((check) => check.field === 'partner_id')!;
    expect(orphans.status).toBe('checked');
    expect(orphans.orphanRows).toBe(dataset.dirt.casesWithMissingCustomer);
    expect(orphans.orphanRows).toBe(15);
    expect(orphans.empty).toBe(dataset.dirt.casesWithoutCustomer);

    const contactIds = new Set(dataset.tables[CONTACT_TABLE.table]!.map((row) => row.ContactID));
    const missing = dataset.tables[CASE_TABLE.table]!.filter((row) => row.CustomerID && !contactIds.has(row.CustomerID));
    expect(orphans.examples[0]!.value).toBe([...new Set(missing.map((row) => row.CustomerID!))].sort()[0]);
  });

  it('groups the duplicate profiles by e-mail', () => {
    const groups = new Map<string, string[]>();
    for (const row of dataset.tables[CONTACT_TABLE.table]!) {
      if (!row.Email) continue;
      const email = row.Email.trim().toLowerCase();
      groups.set(email, [...(groups.get(email) ?? []), row.ContactID!]);
    }
    const expected = [...groups].filter(([, keys]) => keys.length > 1).map(([value, keys]) => ({ value, count: keys.length, keys }));
    expected.sort((left, right) => (left.value < right.value ? -1 : 1));

    const byEmail = objectProfile('Contact').duplicates.find((check) => check.by === 'email')!;
    expect(byEmail.groups).toEqual(expected);
    expect(byEmail.groups).toHaveLength(dataset.dirt.duplicateContacts!);
  });

  it('counts the e-mail and phone dirt the generator planted', () => {
    const email = column('Contact', 'Email');
    expect(email.kind).toBe('email');
    expect(email.nulls).toBe(dataset.dirt.contactsWithoutEmail);
    expect(email.leadingSpaces + email.trailingSpaces).toBe(dataset.dirt.contactEmailsWithStrayWhitespace);
    expect(email.formats!.find((format) => format.format === 'upper-case')!.count).toBe(dataset.dirt.contactEmailsWithMixedCase);

    const phone = column('Contact', 'Phone');
    expect(phone.kind).toBe('phone');
    expect(phone.nulls).toBe(dataset.dirt.contactsWithoutPhone);
    const counts = Object.fromEntries(phone.formats!.map((format) => [format.format, format.count]));
    expect(counts.national).toBe(dataset.dirt.contactPhonesInNationalFormat);
    expect(counts.international).toBe(dataset.dirt.contactPhonesInInternationalFormat);
    expect(counts.e164).toBe(200 - dataset.dirt.contactsWithoutPhone! - 40 - 60);
  });

  it('counts names with stray whitespace and foreign scripts', () => {
    const first = column('Contact', 'FirstName');
    const last = column('Contact', 'LastName');
    // Each padded name has one run of whitespace, at its start or its end.
    expect(first.leadingSpaces + first.trailingSpaces + last.leadingSpaces + last.trailingSpaces).toBe(dataset.dirt.contactNamesWithStrayWhitespace);
    expect(first.rightToLeft).toBe(dataset.dirt.arabicNames);
  });

  it('finds descriptions with line breaks and HTML', () => {
    const description = column('WorkObject', 'pyDescription');
    expect(description.lineBreaks).toBe(dataset.dirt.descriptionsWithCrlf);
    expect(description.htmlMarkup).toBe(dataset.dirt.descriptionsWithHtml);
    expect(description.nulls + description.blanks).toBe(dataset.dirt.casesWithoutDescription);
  });

  it('writes the Markdown and HTML reports', () => {
    const markdown = readFileSync(join(directory, '.pmap', 'reports', 'profile.md'), 'utf8');
    const html = readFileSync(join(directory, '.pmap', 'reports', 'profile.html'), 'utf8');
    expect(markdown).toContain('# Data-quality profile: acme-demo');
    expect(markdown).toMatch(/\| WorkObject \| data\.pc\\_acme\\_cs\\_work \| 500 \| 0 \| 0 \| 15 \|/);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h2>Sign-off</h2>');
    expect(html).not.toMatch(/<script|<link|src=/i);
  });

  it('gives the same reports on a second run', async () => {
    const first = readFileSync(join(directory, '.pmap', 'reports', 'profile.html'), 'utf8');
    const second = await runPmap(['profile', directory, '--no-timestamp']);
    expect(second.code).toBe(0);
    expect(readFileSync(join(directory, '.pmap', 'reports', 'profile.html'), 'utf8')).toBe(first);
    expect(second.stdout).toContain('partner_id = ref(Contact, CustomerID): 15 of 498 rows match no Contact');
  });

  it('takes the generated-at time from SOURCE_DATE_EPOCH', async () => {
    const result = await runPmap(['profile', directory, '--object', 'Company', '--format', 'markdown'], { env: { SOURCE_DATE_EPOCH: '1717200000' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Generated at 2024-06-01T00:00:00Z.');
    expect(result.stdout).not.toContain('## Contact');
  });

  it('writes --out instead of standard output', async () => {
    const out = join(directory, 'profile.json');
    const result = await runPmap(['profile', directory, '--object', 'Contact', '--format', 'json', '--out', out, '--no-timestamp']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const written = JSON.parse(readFileSync(out, 'utf8')) as ProfileReport;
    expect(written.objects.map((object) => object.object)).toEqual(['Contact']);
    expect(written.objects[0]!.orphans[0]).toMatchObject({ object: 'Company', status: 'checked', orphanRows: 0 });
  });

  it('names an unknown object', async () => {
    const result = await runPmap(['profile', directory, '--object', 'Lead']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--object Lead: no such object in the specs; the objects are Company, Contact, WorkObject');
  });

  it('rejects an unknown format and a bad cap', async () => {
    const format = await runPmap(['profile', directory, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be text, markdown, html or json, not "pdf"');
    const cap = await runPmap(['profile', directory, '--max-distinct', '0']);
    expect(cap.code).toBe(2);
    expect(cap.stderr).toContain('--max-distinct must be a positive whole number');
  });
});
