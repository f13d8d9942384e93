import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProjectAt } from '../../cli/project-context.js';
import { compileProject } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostic.js';
import { diagnosticCodes } from '../../compiler/diagnostic-codes.js';
import { renderDiagnosticsText } from '../../compiler/render-diagnostics.js';
import type { Plan } from '../../compiler/plan-types.js';
import { testProject } from '../support/test-schemas.js';

/**
 * Golden tests of the rendered diagnostics, one or more cases per catalogue
 * code, in `test/compiler/diagnostics/`:
 *
 * - `PMxxx-name.pmap` is a spec compiled alone against the test schemas
 *   (`testProject`); `PMxxx-name.fixed.pmap` is the same spec with the
 *   mistake corrected.
 * - `PMxxx-name/` is a migration project folder (pmap.yaml, specs/,
 *   schemas/) that is loaded from disk as `pmap check` loads it. The files
 *   in `PMxxx-name.fixed/` are copied over it to correct the mistake.
 * - `PMxxx-name.txt` is the text `pmap check` prints for the broken case.
 *
 * Project cases render as if `pmap check PMxxx-name` ran in the diagnostics
 * folder, so paths in their output start with the case's folder name.
 * `npx vitest run test/compiler/diagnostic-goldens.test.ts -u` rewrites the
 * .txt files; read every changed one before keeping it.
 */

const goldenFolder = fileURLToPath(new URL('./diagnostics/', import.meta.url));
const caseNamePattern = /^(PM\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface GoldenCase {
  readonly name: string;
  readonly code: string;
  readonly kind: 'spec' | 'project';
}

interface Compiled {
  readonly diagnostics: readonly Diagnostic[];
  readonly plan?: Plan;
  readonly text: string;
}

const entries = readdirSync(goldenFolder).sort();
const cases: GoldenCase[] = entries
  .filter((entry) => entry.endsWith('.txt'))
  .map((entry) => entry.slice(0, -'.txt'.length))
  .map((name) => ({
    name,
    code: caseNamePattern.exec(name)?.[1] ?? '',
    kind: existsSync(join(goldenFolder, name)) && statSync(join(goldenFolder, name)).isDirectory() ? 'project' : 'spec',
  }));

const temporaryFolders: string[] = [];
afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

function compileSpecFile(fileName: string): Compiled {
  const text = readFileSync(join(goldenFolder, fileName), 'utf8');
  const path = `specs/${fileName}`;
  const result = compileProject(testProject({ [fileName]: text }));
  const rendered = renderDiagnosticsText(result.diagnostics, { sources: new Map([[path, text]]), displayPath: (file) => file });
  return { diagnostics: result.diagnostics, ...(result.plan ? { plan: result.plan } : {}), text: rendered };
}

/** Compiles the project at `parent/name` and renders paths relative to `parent`, as the CLI does from there. */
function compileProjectFolder(parent: string, name: string): Compiled {
  const directory = join(parent, name);
  const result = compileProjectAt(directory);
  const rendered = renderDiagnosticsText(result.diagnostics, { sources: result.sources, displayPath: (file) => `${name}/${file}` });
  // Messages about missing project files name the folder as it was passed in.
  const text = rendered.split(`${parent}${sep}`).join('');
  return { diagnostics: result.diagnostics, ...(result.plan ? { plan: result.plan } : {}), text };
}

function compileBroken(golden: GoldenCase): Compiled {
  return golden.kind === 'spec' ? compileSpecFile(`${golden.name}.pmap`) : compileProjectFolder(goldenFolder.replace(/[\\/]$/, ''), golden.name);
}

function compileFixed(golden: GoldenCase): Compiled {
  if (golden.kind === 'spec') return compileSpecFile(`${golden.name}.fixed.pmap`);
  const parent = mkdtempSync(join(tmpdir(), 'pmap-golden-'));
  temporaryFolders.push(parent);
  cpSync(join(goldenFolder, golden.name), join(parent, golden.name), { recursive: true });
  cpSync(join(goldenFolder, `${golden.name}.fixed`), join(parent, golden.name), { recursive: true });
  return compileProjectFolder(parent, golden.name);
}

describe('diagnostic goldens', () => {
  it('cover every catalogue code', () => {
    const covered = new Set(cases.map((golden) => golden.code));
    const uncovered = Object.keys(diagnosticCodes).filter((code) => !covered.has(code));
    expect(uncovered).toEqual([]);
  });

  it('name only catalogue codes', () => {
    const unknown = entries
      .map((entry) => entry.replace(/(\.fixed)?(\.pmap|\.txt)?$/, ''))
      .filter((name) => !Object.hasOwn(diagnosticCodes, caseNamePattern.exec(name)?.[1] ?? ''));
    expect(unknown).toEqual([]);
  });

  it('pair every golden with a broken and a fixed input', () => {
    const incomplete = cases.flatMap((golden) => {
      const inputs = golden.kind === 'spec' ? [`${golden.name}.pmap`, `${golden.name}.fixed.pmap`] : [golden.name, `${golden.name}.fixed`];
      return inputs.filter((input) => !entries.includes(input));
    });
    expect(incomplete).toEqual([]);
  });

  it('have a golden for every input', () => {
    const inputs = entries.filter((entry) => !entry.endsWith('.txt'));
    const orphans = inputs.filter((entry) => !entries.includes(`${entry.replace(/(\.fixed)?(\.pmap)?$/, '')}.txt`));
    expect(orphans).toEqual([]);
  });

  describe.each(cases)('$name', (golden) => {
    it('renders the golden text', async () => {
      const compiled = compileBroken(golden);
      expect(compiled.diagnostics.map((diagnostic) => diagnostic.code)).toContain(golden.code);
      await expect(compiled.text).toMatchFileSnapshot(join(goldenFolder, `${golden.name}.txt`));
    });

    it('compiles cleanly once fixed', () => {
      const compiled = compileFixed(golden);
      expect(compiled.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain(golden.code);
      expect(compiled.text).toBe('0 errors, 0 warnings\n');
      expect(compiled.plan).toBeDefined();
    });
  });
});
