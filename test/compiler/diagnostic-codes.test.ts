import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../../compiler/diagnostic-codes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceText(folders: string[]): string {
  return folders
    .flatMap((folder) => readdirSync(join(root, folder)).filter((name) => name.endsWith('.ts') && name !== 'diagnostic-codes.ts').map((name) => readFileSync(join(root, folder, name), 'utf8')))
    .join('\n');
}

describe('diagnostic code catalogue', () => {
  it('has every code used by a check', () => {
    const text = sourceText(['grammar', 'compiler']);
    const unused = Object.keys(diagnosticCodes).filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('documents every code in the language reference', () => {
    const reference = readFileSync(join(root, 'docs', 'language.md'), 'utf8');
    const undocumented = Object.keys(diagnosticCodes).filter((code) => !reference.includes(code));
    expect(undocumented).toEqual([]);
  });
});
