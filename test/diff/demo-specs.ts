import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecFile } from '../../grammar/ast.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { demoDirectory } from '../support/demo-project.js';

/** Reads the demo's spec files by name (`contact.pmap`), fresh for each call so tests can edit their copy. */
export function demoSpecTexts(): Map<string, string> {
  const folder = join(demoDirectory, 'specs');
  return new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

/** Replaces text in one file of a copy; fails when the text is absent, so a case cannot edit nothing. */
export function edit(texts: Map<string, string>, file: string, from: string, to: string): void {
  const text = texts.get(file);
  if (text === undefined || !text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  texts.set(file, text.replace(from, to));
}

/** Parses spec texts in name order, failing on any syntax error. */
export function parseAll(texts: ReadonlyMap<string, string>): SpecFile[] {
  return [...texts].sort(([a], [b]) => a.localeCompare(b)).map(([name, text]) => {
    const parsed = parseSpec(name, text);
    if (parsed.diagnostics.length > 0) throw new Error(`${name}: ${parsed.diagnostics.map((diagnostic) => diagnostic.message).join('; ')}`);
    return parsed.spec;
  });
}
