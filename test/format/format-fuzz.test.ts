import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 as random } from '../fixtures/seeded-random.js';
import { formatSpec } from '../../compiler/format-spec.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { demoDirectory } from '../support/demo-project.js';
import { withoutSpans } from './without-spans.js';

/** Pieces that make valid specs more often than random characters would: members, comments, line breaks, parentheses. */
const fragments = [
  '\n', '\n\n', ' ', '\t', '# note\n', '  # indented note\n', ' # trailing', '(', ')', ' and ', ' or ', ' not ', ' == ', ' is null',
  ' if a then b else c ', ' case when a then 1 end ', '"x\\"y"', '42', '-1.50', 'ref(Company, OrganizationID)',
  '\n  batch 5\n', '\n  mode upsert\n', '\n  check email is email\n', '\n  require email or phone\n',
  '\n  dedupe by lower(Email) keep first\n', '\n  with pega table t2 as A on K = A.K\n', '\n  custom field x_a: char "A" { "k" => "v" }\n', '\nvalues V { 1 => "a" else => pass }\n',
  '\nimport "other.pmap"\n', 'trim(', 'phone(Phone, region: "US")', 'x = ', '{', '}', '=>',
];

function mutate(text: string, next: () => number): string {
  const position = Math.floor(next() * (text.length + 1));
  const choice = next();
  if (choice < 0.25) return text.slice(0, position) + text.slice(position + 1 + Math.floor(next() * 6));
  if (choice < 0.75) return text.slice(0, position) + fragments[Math.floor(next() * fragments.length)]! + text.slice(position);
  const lines = text.split('\n');
  if (choice < 0.9) {
    lines.splice(Math.floor(next() * lines.length), 0, lines[Math.floor(next() * lines.length)]!);
    return lines.join('\n');
  }
  lines.splice(Math.floor(next() * lines.length), 1);
  return lines.join('\n');
}

describe('formatSpec on mutated demo specs', () => {
  const specsFolder = join(demoDirectory, 'specs');
  const bases = readdirSync(specsFolder).sort().map((name) => readFileSync(join(specsFolder, name), 'utf8'));

  it('is idempotent and keeps the AST of every mutant that parses', () => {
    let formatted = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      let text = bases[seed % bases.length]!;
      const mutations = 1 + Math.floor(next() * 4);
      for (let index = 0; index < mutations; index++) text = mutate(text, next);

      const once = formatSpec('m.pmap', text).text;
      if (once === undefined) continue;
      formatted++;
      expect(formatSpec('m.pmap', once).text, `seed ${seed}: second pass differs`).toBe(once);
      expect(withoutSpans(parseSpec('m.pmap', once).spec), `seed ${seed}: AST differs`).toEqual(withoutSpans(parseSpec('m.pmap', text).spec));
    }
    // Enough mutants parse for the check to mean something.
    expect(formatted).toBeGreaterThan(500);
  });
});
