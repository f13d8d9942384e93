import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 as random } from '../fixtures/seeded-random.js';
import { compileProject } from '../../compiler/compile.js';
import { diagnosticCodes } from '../../compiler/diagnostic-codes.js';
import { loadProject } from '../../compiler/load-project.js';
import { demoDirectory } from '../support/demo-project.js';

const fragments = [
  'object', 'from', 'pega', 'table', 'key', 'to', 'odoo', 'values', 'else', 'if', 'then', 'case', 'when', 'end',
  'and', 'or', 'not', 'is', 'null', 'true', '=', '==', '=>', '->', '(', ')', '{', '}', ',', ':', '"', '"x"', '42',
  '-1.5', '#', '\n', ' ', 'ref(', 'trim(', 'phone(', 'region: "US"', 'Company', 'pyID', 'name', '\u00e9', '\t', '$',
];

function mutate(text: string, next: () => number): string {
  const position = Math.floor(next() * (text.length + 1));
  const choice = next();
  if (choice < 0.3) return text.slice(0, position) + text.slice(position + 1 + Math.floor(next() * 8));
  if (choice < 0.7) return text.slice(0, position) + fragments[Math.floor(next() * fragments.length)]! + text.slice(position);
  if (choice < 0.85) {
    const lines = text.split('\n');
    const line = Math.floor(next() * lines.length);
    lines.splice(line, 0, lines[Math.floor(next() * lines.length)]!);
    return lines.join('\n');
  }
  const lines = text.split('\n');
  lines.splice(Math.floor(next() * lines.length), 1);
  return lines.join('\n');
}

describe('parser and checker on mutated specs', () => {
  const loaded = loadProject(demoDirectory);
  const specs = readdirSync(join(demoDirectory, 'specs')).sort().map((name) => ({ path: `specs/${name}`, text: readFileSync(join(demoDirectory, 'specs', name), 'utf8') }));
  const codes = new Set(Object.keys(diagnosticCodes));

  it('returns diagnostics and never throws, for 3,000 mutations', () => {
    for (let seed = 1; seed <= 3000; seed += 1) {
      const next = random(seed);
      const target = Math.floor(next() * specs.length);
      let text = specs[target]!.text;
      const rounds = 1 + Math.floor(next() * 4);
      for (let round = 0; round < rounds; round += 1) text = mutate(text, next);
      const mutated = specs.map((spec, index) => (index === target ? { ...spec, text } : spec));

      let result: ReturnType<typeof compileProject>;
      try {
        result = compileProject({ ...loaded.inputs!, specs: mutated });
      } catch (error) {
        throw new Error(`seed ${seed} crashed the compiler: ${(error as Error).stack}\n--- spec ---\n${text}`);
      }
      for (const diagnostic of result.diagnostics) {
        expect(codes.has(diagnostic.code), `seed ${seed}: unknown code ${diagnostic.code}`).toBe(true);
        if (!diagnostic.span) continue;
        const source = mutated.find((spec) => spec.path === diagnostic.span!.file)!.text;
        expect(diagnostic.span.startOffset, `seed ${seed}: span outside the file`).toBeLessThanOrEqual(source.length);
        expect(diagnostic.span.startLine, `seed ${seed}: line before the file`).toBeGreaterThanOrEqual(1);
      }
      if (!result.plan) expect(result.diagnostics.some((diagnostic) => diagnostic.severity === 'error'), `seed ${seed}: no plan and no error`).toBe(true);
    }
  });
});
