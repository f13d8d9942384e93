import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalJson } from '../../compiler/canonical-json.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import type { PegaSchema } from '../../runtime/schema-types.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { renderBixXml } from '../fixtures/bix-xml-writer.js';
import { runPmap } from '../support/run-pmap.js';

const password = 'owners-secret';

// Operators as Pega stores them: e-mails typed with stray spaces and mixed case, one who left, one without an e-mail.
const operators = [
  { pyUserIdentifier: 'asmith', pyUserName: 'Ann Smith', pyEmailAddress: 'ann.smith@acme.example', pyUserDisabled: 'false' },
  { pyUserIdentifier: 'idle', pyUserName: 'Ida Idle', pyEmailAddress: 'ida.idle@acme.example', pyUserDisabled: 'false' },
  { pyUserIdentifier: 'jdoe', pyUserName: 'John Doe', pyEmailAddress: ' john.doe@acme.example ', pyUserDisabled: 'false' },
  { pyUserIdentifier: 'lleft', pyUserName: 'Lee Left', pyEmailAddress: 'lee.left@acme.example', pyUserDisabled: 'true' },
  { pyUserIdentifier: 'mwong', pyUserName: 'Mia Wong', pyEmailAddress: 'Mia.Wong@ACME.example', pyUserDisabled: null },
  { pyUserIdentifier: 'nomail', pyUserName: 'Noor Mail', pyEmailAddress: null, pyUserDisabled: 'false' },
];

const customers = [
  { CustomerID: 'C-1', Name: 'Acme Retail' },
  { CustomerID: 'C-2', Name: 'Borealis Ltd' },
];

// `ghost` has no operator row: Pega deleted it, old cases still name it.
const caseOwners = ['jdoe', 'jdoe', 'jdoe', 'mwong', 'mwong', 'asmith', 'asmith', 'lleft', 'lleft', 'nomail', 'ghost', null];
const cases = caseOwners.map((operator, index) => ({ pyID: `S-${101 + index}`, pyLabel: `Case ${101 + index}`, CustomerID: index % 2 === 0 ? 'C-1' : 'C-2', pxCreateOperator: operator }));

const text = (column: string, nullable = true) => ({ column, type: 'text' as const, nullable, length: 128 });
const pegaSchema: PegaSchema = {
  pegaSchema: 1,
  tables: {
    'customerdata.customer': { className: 'PegaData-Customer', columns: { CustomerID: text('customerid', false), Name: text('name', false) } },
    'data.pc_acme_cs_work': {
      className: 'ACME-CS-Work-Service',
      columns: { pyID: text('pyid', false), pyLabel: text('pylabel', false), CustomerID: text('customerid'), pxCreateOperator: text('pxcreateoperator') },
    },
    'data.pr_operators': {
      className: 'Data-Admin-Operator-ID',
      columns: { pyUserIdentifier: text('pyuseridentifier', false), pyUserName: text('pyusername'), pyEmailAddress: text('pyemailaddress'), pyUserDisabled: text('pyuserdisabled') },
    },
  },
};

interface QueueEntry {
  name: string | null;
  email: string | null;
  disabled: boolean;
  in_pega?: boolean;
  records: Record<string, number>;
  status: string;
  matched_login?: string;
  candidates?: string[];
  odoo_login: string | null;
  note?: string;
}

interface Queue {
  fallback: string | null;
  operators: Record<string, QueueEntry>;
}

describe('pmap users and owner(...) against the sandbox', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;
  const userIds = new Map<string, number>();

  beforeAll(async () => {
    sandbox = await startSandbox({ password });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password });
    const users = [
      { name: 'John Doe', login: 'john.odoo', email: 'JOHN.DOE@Acme.Example' },
      { name: 'Mia Wong', login: 'mia.wong@acme.example' },
      { name: 'Ann Smith (sales)', login: 'ann1', email: 'ann.smith@acme.example' },
      { name: 'Ann Smith (service)', login: 'ann2', email: 'Ann.Smith@acme.example ' },
    ];
    for (const user of users) userIds.set(user.login, (await client.create('res.users', [user]))[0]!);
    userIds.set('admin', 2);

    directory = mkdtempSync(join(tmpdir(), 'pmap-owners-'));
    writeProject(directory, sandbox.url);
    const odooSchema = await discoverOdooSchema(client, ['res.partner', 'crm.lead', 'mail.message']);
    writeFileSync(join(directory, 'schemas', 'odoo.json'), canonicalJson(odooSchema));
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const pmap = (...args: string[]) => runPmap([...args], { cwd: directory, env: { PMAP_ODOO_PASSWORD: password } });
  const readQueue = (): Queue => parse(readFileSync(join(directory, 'owners.yaml'), 'utf8')) as Queue;
  const editQueue = (from: string, to: string) => {
    const path = join(directory, 'owners.yaml');
    const before = readFileSync(path, 'utf8');
    if (!before.includes(from)) throw new Error(`owners.yaml does not contain ${JSON.stringify(from)}`);
    writeFileSync(path, before.replace(from, to));
  };
  /** Reads the author of each case's note on its customer, by note subject (the case label): a res.partner id or false. */
  const noteAuthors = async (): Promise<Map<string, number | false>> => {
    const notes = await client.searchRead('mail.message', [['model', '=', 'res.partner'], ['subject', 'like', 'Case ']], ['subject', 'author_id']);
    return new Map(notes.map((note) => [String(note.subject), Array.isArray(note.author_id) ? (note.author_id[0] as number) : false]));
  };
  const partnerOf = async (login: string): Promise<number> => {
    const [user] = await client.searchRead('res.users', [['login', '=', login], ['active', 'in', [true, false]]], ['partner_id']);
    return (user!.partner_id as [number, string])[0];
  };
  const leadOwners = async (): Promise<Map<string, number | false>> => {
    const leads = await client.searchRead('crm.lead', [], ['name', 'user_id']);
    return new Map(leads.map((lead) => [String(lead.name), Array.isArray(lead.user_id) ? (lead.user_id[0] as number) : false]));
  };

  it('matches operators by e-mail, ignoring case and spaces', async () => {
    const result = await pmap('users', '.');

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const queue = readQueue();
    expect(queue.fallback).toBeNull();
    expect(queue.operators.jdoe).toMatchObject({ name: 'John Doe', email: 'john.doe@acme.example', status: 'matched', matched_login: 'john.odoo', odoo_login: null, records: { Case: 3 } });
    expect(queue.operators.mwong).toMatchObject({ email: 'Mia.Wong@ACME.example', status: 'matched', matched_login: 'mia.wong@acme.example', records: { Case: 2 } });
    expect(Object.keys(queue.operators)).toEqual(['asmith', 'ghost', 'jdoe', 'lleft', 'mwong', 'nomail']);
    expect(result.stdout).toMatch(/matched\s+2\s+10/);
    expect(result.stdout).toMatch(/unmatched\s+3\s+8/);
  });

  it('lists the users of an ambiguous e-mail', () => {
    const queue = readQueue();

    expect(queue.operators.asmith).toMatchObject({ status: 'ambiguous', candidates: ['ann1', 'ann2'], odoo_login: null, records: { Case: 2 } });
    expect(queue.operators.asmith!.matched_login).toBeUndefined();
  });

  it('marks operators who left or have no row', () => {
    const queue = readQueue();

    expect(queue.operators.lleft).toMatchObject({ disabled: true, status: 'unmatched', records: { Case: 2 } });
    expect(queue.operators.nomail).toMatchObject({ email: null, disabled: false, status: 'unmatched', records: { Case: 1 } });
    expect(queue.operators.ghost).toMatchObject({ name: null, in_pega: false, status: 'unmatched', records: { Case: 1 } });
  });

  it('stops a phase whose owners are unresolved, naming operators and counts', async () => {
    const result = await pmap('apply', '.');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Case: skipped because 4 Pega operators who own 6 of its records have no Odoo user; set odoo_login or fallback in owners.yaml, or run pmap users --provision:');
    expect(result.stdout).toContain('    asmith: 2 records, 2 Odoo users have its e-mail ann.smith@acme.example (ann1, ann2)');
    expect(result.stdout).toContain('    lleft: 2 records, no Odoo user has its e-mail lee.left@acme.example');
    expect(result.stdout).toContain('    ghost: 1 record, it has no row in the Pega operator table');
    expect(result.stdout).toContain('    nomail: 1 record, it has no e-mail in Pega');
    expect(result.stdout).toMatch(/Customer\s+res\.partner\s+2\s+0\s+2/);
    expect(await client.searchCount('crm.lead', [])).toBe(0);
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap'], ['model', '=', 'crm.lead']])).toBe(0);

    // owner_partner does not hold a record back: notes load, with an author where the operator has a user.
    expect(result.stdout).not.toContain('CaseNote: skipped');
    const authors = await noteAuthors();
    expect(authors.size).toBe(cases.length);
    expect(authors.get('Case 101')).toBe(await partnerOf('john.odoo'));
    expect(authors.get('Case 104')).toBe(await partnerOf('mia.wong@acme.example'));
    expect(authors.get('Case 106')).toBe(false);
    expect(authors.get('Case 111')).toBe(false);
    expect(authors.get('Case 112')).toBe(false);
  });

  it('keeps odoo_login, note and fallback on a re-run', async () => {
    editQueue('fallback: null', 'fallback: admin');
    editQueue('candidates:\n      - ann1\n      - ann2\n    odoo_login: null', 'candidates:\n      - ann1\n      - ann2\n    odoo_login: ann2');
    editQueue('status: unmatched\n    odoo_login: null\n  mwong', 'status: unmatched\n    odoo_login: null\n    note: left in 2023, cases go to the team lead\n  mwong');
    const result = await pmap('users', '.');

    expect(result.code).toBe(0);
    const queue = readQueue();
    expect(queue.fallback).toBe('admin');
    expect(queue.operators.asmith).toMatchObject({ status: 'assigned', odoo_login: 'ann2', candidates: ['ann1', 'ann2'] });
    expect(queue.operators.lleft).toMatchObject({ status: 'unmatched', note: 'left in 2023, cases go to the team lead' });
    expect(queue.operators.jdoe).toMatchObject({ status: 'matched', matched_login: 'john.odoo' });
    expect(result.stdout).toContain('pmap apply gives their records to the fallback user admin (Administrator).');
  });

  it('writes the same file when nothing changed', async () => {
    const before = readFileSync(join(directory, 'owners.yaml'), 'utf8');
    await pmap('users', '.');

    expect(readFileSync(join(directory, 'owners.yaml'), 'utf8')).toBe(before);
  });

  it('loads owners from matches, odoo_login and the fallback', async () => {
    const result = await pmap('apply', '.');

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Owners: 6 Pega operators own the records read: 2 matched by e-mail, 1 set by odoo_login in owners.yaml, 3 given to the fallback user admin.');
    const owners = await leadOwners();
    expect(owners.get('Case 101')).toBe(userIds.get('john.odoo'));
    expect(owners.get('Case 104')).toBe(userIds.get('mia.wong@acme.example'));
    expect(owners.get('Case 106')).toBe(userIds.get('ann2'));
    expect(owners.get('Case 108')).toBe(userIds.get('admin'));
    expect(owners.get('Case 111')).toBe(userIds.get('admin'));

    // The fallback user owns records, but wrote no one's notes.
    const authors = await noteAuthors();
    expect(authors.get('Case 106')).toBe(await partnerOf('ann2'));
    expect(authors.get('Case 108')).toBe(false);
    expect(authors.get('Case 111')).toBe(false);
  });

  it('provisions archived users for operators who left', async () => {
    editQueue('fallback: admin', 'fallback: null');
    const result = await pmap('users', '.', '--provision');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created 3 Odoo users (2 archived, for operators who left)');
    const created = await client.searchRead('res.users', [['login', 'in', ['lee.left@acme.example', 'nomail', 'ghost']]], ['login', 'name', 'email', 'active'], { order: 'login' });
    expect(created.map((user) => [user.login, user.name, user.email, user.active])).toEqual([
      ['ghost', 'ghost', false, false],
      ['lee.left@acme.example', 'Lee Left', 'lee.left@acme.example', false],
      ['nomail', 'Noor Mail', false, true],
    ]);
    const externalIds = await client.searchRead('ir.model.data', [['module', '=', 'pmap'], ['model', '=', 'res.users']], ['name']);
    expect(externalIds.map((row) => row.name).sort()).toEqual(['pega_operator__ghost', 'pega_operator__lleft', 'pega_operator__nomail']);

    const queue = readQueue();
    expect(queue.operators.lleft).toMatchObject({ status: 'provisioned', matched_login: 'lee.left@acme.example', note: 'left in 2023, cases go to the team lead' });
    expect(queue.operators.nomail).toMatchObject({ status: 'provisioned', matched_login: 'nomail' });
    expect(queue.operators.asmith).toMatchObject({ status: 'assigned', odoo_login: 'ann2' });
    expect(result.stdout).toContain('Every operator has an Odoo user.');
  });

  it('creates no user twice', async () => {
    const before = await client.searchCount('res.users', []);
    const result = await pmap('users', '.', '--provision');

    expect(result.stdout).toContain('created 0 Odoo users');
    expect(await client.searchCount('res.users', [])).toBe(before);
    expect(readQueue().operators.nomail).toMatchObject({ status: 'provisioned', matched_login: 'nomail' });
  });

  it('gives records of operators who left to their archived users', async () => {
    const result = await pmap('apply', '.');

    expect(result.code).toBe(0);
    const [leftUser] = await client.searchRead('res.users', [['login', '=', 'lee.left@acme.example']], ['active']);
    const owners = await leadOwners();
    expect(owners.get('Case 108')).toBe(leftUser!.id);
    expect(owners.get('Case 109')).toBe(leftUser!.id);
    const authors = await noteAuthors();
    expect(authors.get('Case 108')).toBe(await partnerOf('lee.left@acme.example'));
    expect(authors.get('Case 111')).toBe(await partnerOf('ghost'));
  });

  it('rejects a fallback that is no Odoo user', async () => {
    const result = await pmap('users', '.', '--fallback', 'nobody');

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: --fallback nobody: no internal Odoo user has this login; name an existing user, for example the migration\'s admin\n');
  });

  it('blocks a phase whose records cannot be read for their owners', async () => {
    const path = join(directory, 'extract', 'data.pc_acme_cs_work.xml');
    const extract = readFileSync(path, 'utf8');
    writeFileSync(path, extract.slice(0, extract.indexOf('</ACME-CS-Work-Service>', 400)));
    const leadsBefore = await client.searchCount('crm.lead', []);
    const result = await pmap('apply', '.');
    writeFileSync(path, extract);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Case: skipped because reading its records to resolve their owners failed: .*data\.pc_acme_cs_work\.xml:\d+:\d+: unexpected end of file/);
    expect(result.stdout).toMatch(/Customer\s+res\.partner\s+2\s+0\s+0\s+0\s+2/);
    expect(await client.searchCount('crm.lead', [])).toBe(leadsBefore);
  });

  it('names a misspelled key in owners.yaml', async () => {
    editQueue('    odoo_login: ann2', '    odoo_Login: ann2');
    const result = await pmap('apply', '.');

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: owners.yaml: unknown key `odoo_Login` in operators.asmith; did you mean `odoo_login`?\n');
  });
});

function writeProject(directory: string, url: string): void {
  mkdirSync(join(directory, 'extract'));
  mkdirSync(join(directory, 'schemas'));
  mkdirSync(join(directory, 'specs'));
  writeFileSync(join(directory, 'pmap.yaml'), `name: owners-test
source:
  kind: bix
  path: extract
target:
  url: ${url}
  database: sandbox
  login: admin
owners:
  table: data.pr_operators
  disabled: pyUserDisabled
`);
  writeFileSync(join(directory, 'schemas', 'pega.json'), JSON.stringify(pegaSchema));
  writeFileSync(join(directory, 'extract', 'data.pr_operators.xml'), renderBixXml('Data-Admin-Operator-ID', Object.keys(pegaSchema.tables['data.pr_operators']!.columns), operators));
  writeFileSync(join(directory, 'extract', 'customerdata.customer.xml'), renderBixXml('PegaData-Customer', ['CustomerID', 'Name'], customers));
  writeFileSync(join(directory, 'extract', 'data.pc_acme_cs_work.xml'), renderBixXml('ACME-CS-Work-Service', ['pyID', 'pyLabel', 'CustomerID', 'pxCreateOperator'], cases));
  writeFileSync(join(directory, 'specs', 'customer.pmap'), `object Customer
  from pega table customerdata.customer key CustomerID
  to odoo res.partner

  name       = Name
  is_company = true
`);
  writeFileSync(join(directory, 'specs', 'case.pmap'), `object Case
  from pega table data.pc_acme_cs_work key pyID
  to odoo crm.lead

  name       = pyLabel
  partner_id = ref(Customer, CustomerID)
  user_id    = owner(pxCreateOperator)
`);
  writeFileSync(join(directory, 'specs', 'case-note.pmap'), `object CaseNote
  from pega table data.pc_acme_cs_work key pyID
  to odoo mail.message

  model        = "res.partner"
  res_id       = record_id(Customer, CustomerID)
  message_type = "comment"
  subject      = pyLabel
  body         = html(pyLabel)
  author_id    = owner_partner(pxCreateOperator)
`);
}
