import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll } from 'vitest';

export const demoDirectory = fileURLToPath(new URL('../../examples/demo', import.meta.url));

// Copies made by the test file that imports this module, removed after its last test, so runs leave no folders behind.
const copies: string[] = [];
afterAll(() => {
  for (const directory of copies.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Copies the demo project into a fresh temporary folder, without earlier run output. */
export function copyDemoProject(): string {
  const directory = mkdtempSync(join(tmpdir(), 'pmap-demo-'));
  copies.push(directory);
  cpSync(demoDirectory, directory, { recursive: true, filter: (source) => basename(source) !== '.pmap' });
  return directory;
}

/** Replaces text in a file of a project copy; fails when the text is absent, so a test cannot edit nothing. */
export function editProjectFile(directory: string, file: string, from: string, to: string): void {
  const path = join(directory, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}
