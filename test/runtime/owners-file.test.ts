import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OwnersFileError, readOwnersFile, writeOwnersFile } from '../../runtime/owners/owners-file.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function projectWith(text: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pmap-owners-file-'));
  folders.push(folder);
  writeFileSync(join(folder, 'owners.yaml'), text);
  return folder;
}

describe('owners.yaml', () => {
  it('keeps every digit of a numeric operator id', () => {
    const folder = projectWith('operators:\n  990000000263120231:\n    odoo_login: 1042\n    records: { Case: 3 }\n');
    const file = readOwnersFile(folder);

    expect([...file.operators.keys()]).toEqual(['990000000263120231']);
    expect(file.operators.get('990000000263120231')).toMatchObject({ odooLogin: '1042', records: { Case: 3 }, status: 'unmatched' });
    writeOwnersFile(folder, file);
    expect(readFileSync(join(folder, 'owners.yaml'), 'utf8')).toContain('  "990000000263120231":\n');
    expect([...readOwnersFile(folder).operators.keys()]).toEqual(['990000000263120231']);
  });

  it('reads a missing file as an empty queue', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pmap-owners-file-'));
    folders.push(folder);

    expect(readOwnersFile(folder)).toEqual({ fallback: null, operators: new Map() });
  });

  it('names invalid YAML', () => {
    expect(() => readOwnersFile(projectWith('operators:\n  jdoe: [\n'))).toThrow(OwnersFileError);
    expect(() => readOwnersFile(projectWith('operators:\n  jdoe: [\n'))).toThrow(/^owners\.yaml is not valid YAML: .*; fix it or delete it and run pmap users again$/);
  });

  it('names a key of the wrong type', () => {
    expect(() => readOwnersFile(projectWith('operators:\n  jdoe:\n    odoo_login: [a, b]\n'))).toThrow('owners.yaml: operators.jdoe.odoo_login must be text or null, not ["a","b"]');
    expect(() => readOwnersFile(projectWith('operators:\n  jdoe:\n    status: done\n'))).toThrow('owners.yaml: operators.jdoe.status must be one of matched, provisioned, assigned, ambiguous, unmatched, not "done"; run pmap users to rewrite it');
    expect(() => readOwnersFile(projectWith('fallbak: admin\n'))).toThrow('owners.yaml: unknown key `fallbak` at the top level; did you mean `fallback`?');
  });
});
