// pmap propose on the small realistic Pega fixture, discovered from a real
// PostgreSQL database, against the Odoo schema the sandbox reports.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canonicalJson } from '../../compiler/canonical-json.js';
import { formatSpec } from '../../compiler/format-spec.js';
import type { Expression, ObjectDeclaration } from '../../grammar/ast.js';
import { childExpressions } from '../../grammar/expression-children.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { discoverPegaSchema } from '../../runtime/discover/pega-postgres-discovery.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import { discoverReferenceData } from '../../runtime/discover-reference-data.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox } from '../../sandbox/server.js';
import { generatePegaDatabase } from '../fixtures/pega-db/generate-pega-db.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';
import { runPmap } from '../support/run-pmap.js';

const referenceFolder = fileURLToPath(new URL('./reference/', import.meta.url));
const temporaryFolders: string[] = [];
let pegaSchemaText: string;
let odooSchemaText: string;
/** A project drafted once by pmap propose; tests that change files work on copies. */
let drafted: string;
let draftOutput: string;

const projectFile = `name: propose-fixture
source:
  kind: postgres
  url_env: PMAP_PEGA_DATABASE_URL
target:
  url: http://127.0.0.1:8069
  database: sandbox
  login: admin
owners:
  table: data.pr_operators
`;

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pmap-propose-'));
  temporaryFolders.push(folder);
  return folder;
}

/** Creates a project with pmap.yaml and both discovered schemas, and no specs yet. */
function newProject(): string {
  const directory = temporaryFolder();
  mkdirSync(join(directory, 'schemas'));
  writeFileSync(join(directory, 'pmap.yaml'), projectFile);
  writeFileSync(join(directory, 'schemas', 'pega.json'), pegaSchemaText);
  writeFileSync(join(directory, 'schemas', 'odoo.json'), odooSchemaText);
  return directory;
}

function copyProject(directory: string): string {
  const copy = temporaryFolder();
  cpSync(directory, copy, { recursive: true });
  return copy;
}

function specTexts(directory: string): Map<string, string> {
  const folder = join(directory, 'specs');
  return new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

/** Accepts every proposal as drafted: drops each `?`, and each entry that still has no target (its value falls to else). */
function acceptProposals(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/=> \?(\s|$)/.test(line))
    .map((line) => line.replace(/^(\s*)\? /, '$1').replace(/=> \?/, '=> '))
    .join('\n');
}

function unconfirmedLines(text: string): number[] {
  return text.split('\n').flatMap((line, index) => (/^\s*\? /.test(line) || /=> \?/.test(line) ? [index + 1] : []));
}

/** Collects the field lines of specs, each as its object's table, the Odoo field and the Pega columns it reads (or the literal it writes). */
function fieldPairs(texts: Iterable<string>): Set<string> {
  const pairs = new Set<string>();
  for (const text of texts) {
    for (const declaration of parseSpec('spec.pmap', text).spec.declarations) {
      if (declaration.kind !== 'object') continue;
      for (const assignment of declaration.assignments) pairs.add(`${declaration.table.text} ${assignment.field.text} <- ${sourceOf(assignment.value, declaration)}`);
    }
  }
  return pairs;
}

function sourceOf(expression: Expression, object: ObjectDeclaration): string {
  const columns = [...new Set(columnsIn(expression))].filter((name) => !object.key.some((key) => key.text === name) || columnsIn(expression).length === 1).sort();
  if (columns.length > 0) return columns.join(', ');
  return expression.kind === 'literal' && expression.literal.kind !== 'null' ? String(expression.literal.value) : 'literal';
}

/** Column names an expression reads; the object a ref names and the model a lookup names are not columns. */
function columnsIn(expression: Expression): string[] {
  if (expression.kind === 'name') return [expression.name.text];
  if (expression.kind === 'call' && (expression.callee.text === 'ref' || expression.callee.text === 'lookup')) {
    return [...expression.args.slice(1), ...expression.namedArgs.map((named) => named.value)].flatMap(columnsIn);
  }
  return childExpressions(expression).flatMap(columnsIn);
}

beforeAll(async () => {
  const database = await createTestDatabase('pmap propose');
  try {
    const generated = await generatePegaDatabase({ connectionString: database.connectionString, size: 'small', schemaPrefix: database.schemaPrefix });
    const schemas = Object.entries(generated.schemaNames).map(([name, schema]) => `${name}=${schema}`);
    pegaSchemaText = `${canonicalJson(await discoverPegaSchema({ connectionString: database.connectionString, schemas }))}\n`;
  } finally {
    await database.drop();
  }

  const password = 'propose';
  const sandbox = await startSandbox({ password });
  try {
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password });
    const models = ['crm.lead', 'crm.stage', 'crm.team', 'mail.activity.type', 'res.country', 'res.partner', 'res.users'];
    odooSchemaText = `${canonicalJson({ ...(await discoverOdooSchema(client, models)), referenceData: await discoverReferenceData(client) })}\n`;
  } finally {
    await sandbox.close();
  }

  drafted = newProject();
  const result = await runPmap(['propose', drafted]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  draftOutput = result.stdout;
});

afterAll(async () => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  await releaseTestDatabases();
});

describe('pmap propose on the fixture', () => {
  it('drafts one spec per main table', () => {
    expect([...specTexts(drafted).keys()]).toEqual(['acme-cs-interaction-work.pmap', 'acme-cs-work.pmap', 'contact.pmap', 'organization.pmap', 'work.pmap']);
    expect(draftOutput).toContain('wrote specs/contact.pmap');
    expect(draftOutput).toContain('skipped data.pr_operators: it stores operators, which pmap users pairs with Odoo users');
    expect(draftOutput).toContain('skipped customerdata.contact_org_rel: its key (ContactID, OrganizationID) has several columns');
  });

  it('chooses the model by correspondence', () => {
    const specs = specTexts(drafted);
    expect(specs.get('acme-cs-work.pmap')).toContain('object AcmeCsWork\n  from pega table data.pc_acme_cs_work key pyID\n  to odoo crm.lead\n');
    expect(specs.get('contact.pmap')).toContain('  to odoo res.partner\n');
    expect(specs.get('contact.pmap')).toMatch(/\n {2}is_company += false /);
    expect(specs.get('organization.pmap')).toMatch(/\n {2}is_company += true /);
  });

  it('proposes most reference lines and few wrong ones', () => {
    const reference = fieldPairs(readdirSync(referenceFolder).map((name) => readFileSync(join(referenceFolder, name), 'utf8')));
    const proposed = fieldPairs(specTexts(drafted).values());
    const found = [...reference].filter((pair) => proposed.has(pair));
    const wrong = [...proposed].filter((pair) => !reference.has(pair));

    expect(reference.size).toBeGreaterThanOrEqual(50);
    expect(found.length / reference.size, `missed: ${[...reference].filter((pair) => !proposed.has(pair)).join('; ')}`).toBeGreaterThanOrEqual(0.8);
    expect(wrong.length / proposed.size, `wrong: ${wrong.join('; ')}`).toBeLessThan(0.1);
  });

  it('writes evidence and confidence on every proposed line', () => {
    for (const [name, text] of specTexts(drafted)) {
      for (const line of text.split('\n').filter((candidate) => /^ {2}(\? )?[a-z_]+ += /.test(candidate))) {
        expect(line, name).toMatch(/ {2}# proposed (0\.\d\d|1\.00): \S/);
      }
    }
  });

  it('lists every value seen in a value map with its row count', () => {
    const text = specTexts(drafted).get('acme-cs-work.pmap')!;
    const values = JSON.parse(pegaSchemaText).tables['data.pc_acme_cs_work'].columns.pyStatusWork.distinctValues as Array<[string | null, number]>;
    for (const [value, rows] of values.filter(([value]) => value)) {
      expect(text).toMatch(new RegExp(`\\n {2}"${value}" +=> [^\\n]*# ${rows} rows?;`));
    }
    expect(text).toMatch(/\n {2}"New" +=> "New" /);
    expect(text).toMatch(/\n {2}"Resolved-Completed" +=> \?"Won" /);
  });

  it('passes pmap fmt unchanged', async () => {
    for (const [name, text] of specTexts(drafted)) expect(formatSpec(name, text).text, name).toBe(text);
    const result = await runPmap(['fmt', drafted, '--check']);
    expect(result.code).toBe(0);
  });
});

describe('pmap check on a draft', () => {
  it('reports one error per unconfirmed line', async () => {
    const result = await runPmap(['check', drafted, '--format', 'json']);
    const diagnostics = JSON.parse(result.stdout) as Array<{ code: string; severity: string; location: { file: string; line: number } }>;
    expect(result.code).toBe(1);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'PM330')).toEqual([]);

    for (const [name, text] of specTexts(drafted)) {
      const reported = diagnostics.filter((diagnostic) => diagnostic.code === 'PM330' && diagnostic.location.file.endsWith(`specs/${name}`)).map((diagnostic) => diagnostic.location.line);
      expect(reported, name).toEqual(unconfirmedLines(text));
    }
  });

  it('passes once the proposals are accepted', async () => {
    const accepted = copyProject(drafted);
    for (const [name, text] of specTexts(accepted)) writeFileSync(join(accepted, 'specs', name), acceptProposals(text));
    const result = await runPmap(['check', accepted]);
    expect(result.stdout).toContain('0 errors');
    expect(result.code).toBe(0);
  });

  it('accepts the reference specs too', async () => {
    const project = newProject();
    cpSync(referenceFolder, join(project, 'specs'), { recursive: true });
    const result = await runPmap(['check', project]);
    expect(result.stdout).toMatch(/ok: 5 objects/);
    expect(result.code).toBe(0);
  });
});

describe('re-running pmap propose', () => {
  it('gives identical output on two runs', async () => {
    const again = newProject();
    const result = await runPmap(['propose', again]);
    expect(result.code).toBe(0);
    expect(specTexts(again)).toEqual(specTexts(drafted));
    expect(result.stdout).toBe(draftOutput);
  });

  it('changes nothing when nothing was discovered since', async () => {
    const project = copyProject(drafted);
    const result = await runPmap(['propose', project]);
    expect(result.code).toBe(0);
    expect(specTexts(project)).toEqual(specTexts(drafted));
    expect(result.stdout).toContain('specs/contact.pmap: every column is mapped or listed as not mapped');
  });

  it('adds only the line of a new column', async () => {
    const project = copyProject(drafted);
    const schema = JSON.parse(pegaSchemaText) as { tables: Record<string, { columns: Record<string, unknown> }> };
    schema.tables['data.pc_acme_cs_work']!.columns.pyEmail1 = { column: 'pyemail1', type: 'text', nullable: true, length: 128 };
    writeFileSync(join(project, 'schemas', 'pega.json'), `${canonicalJson(schema)}\n`);

    const result = await runPmap(['propose', project]);
    expect(result.code).toBe(0);

    const before = specTexts(drafted);
    const after = specTexts(project);
    for (const [name, text] of after) if (name !== 'acme-cs-work.pmap') expect(text, name).toBe(before.get(name));
    const oldLines = before.get('acme-cs-work.pmap')!.split('\n');
    const newLines = after.get('acme-cs-work.pmap')!.split('\n');
    const added = newLines.filter((line) => !oldLines.includes(line));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^ {2}\? email_from += email\(pyEmail1\) {2}# proposed 0\.\d\d: /);
    expect(newLines.filter((line) => line !== added[0])).toEqual(oldLines);
  });

  it('never changes a line a person wrote', async () => {
    const project = newProject();
    mkdirSync(join(project, 'specs'));
    const written = [
      '# Contacts, mapped by hand so far for the name and e-mail only.',
      'object Person',
      '  from pega table customerdata.contact key ContactID',
      '  to odoo res.partner',
      '',
      '  name  = trim(LastName)  # the family name is enough here',
      '  email = lower(Email)',
      '',
      '  require email',
      '',
    ].join('\n');
    writeFileSync(join(project, 'specs', 'person.pmap'), written);

    const result = await runPmap(['propose', project, 'customerdata.contact']);
    expect(result.code).toBe(0);
    const text = readFileSync(join(project, 'specs', 'person.pmap'), 'utf8');
    const lines = text.split('\n');
    let position = 0;
    for (const line of written.split('\n')) {
      position = lines.indexOf(line, position);
      expect(position, line).toBeGreaterThanOrEqual(0);
    }
    expect(text).toMatch(/\n {2}\? phone += phone\(Phone, region: "US"\) /);
    expect(text).not.toMatch(/join\(" ", trim\(FirstName\)/);
    expect(text).toContain('# not mapped: FirstName (name is already fed by an existing line)');
    expect([...specTexts(project).keys()]).toEqual(['person.pmap']);
  });
});

describe('pmap propose arguments', () => {
  it('drafts a skipped table with --model', async () => {
    const project = newProject();
    const result = await runPmap(['propose', project, 'customerdata.address', '--model', 'res.partner']);
    expect(result.code).toBe(0);
    const text = readFileSync(join(project, 'specs', 'address.pmap'), 'utf8');
    expect(text).toContain('  from pega table customerdata.address key AddressID\n  to odoo res.partner\n');
    expect(text).toMatch(/\n {2}\? street += trim\(AddressLine1\) /);
  });

  it('rejects an unknown table', async () => {
    const result = await runPmap(['propose', newProject(), 'data.pc_nothing']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: data.pc_nothing is not a table or class in schemas/pega.json, nor an object in specs/; run pmap discover pega if the table is new\n');
  });
});
