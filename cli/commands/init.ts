import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../user-error.js';

/** The standard Pega → Odoo specs: `specs/` beside `cli/` in the repository, and beside `dist/cli/` after the build copies it. */
const STANDARD_SPECS = fileURLToPath(new URL('../../specs/', import.meta.url));
const PROJECT_TEMPLATE = fileURLToPath(new URL('../../templates/project/', import.meta.url));

export interface InitOptions {
  /** Write into a folder that already holds files; files with the same names are replaced. */
  readonly force: boolean;
}

/** `pmap init [dir]`: creates a migration project with the standard specs and prints the next steps. */
export function runInit(directory: string, options: InitOptions): number {
  const target = resolve(directory);
  rejectNonEmptyFolder(target, directory, options.force);
  const specs = standardSpecFiles();

  mkdirSync(join(target, 'specs'), { recursive: true });
  for (const file of specs) copyFileSync(join(STANDARD_SPECS, file), join(target, 'specs', file));
  writeFileSync(join(target, 'pmap.yaml'), projectFile(basename(target)));
  copyFileSync(join(PROJECT_TEMPLATE, 'gitignore'), join(target, '.gitignore'));

  process.stdout.write(summary(directory, specs));
  return 0;
}

function rejectNonEmptyFolder(target: string, shown: string, force: boolean): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new UserError(`${shown} is a file; pmap init creates a project folder: name a new or empty folder`);
  const entries = readdirSync(target);
  if (entries.length === 0 || force) return;
  const listed = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
  throw new UserError(
    `${shown} is not empty (it contains ${listed}); pmap init creates a project in a new or empty folder. ` +
      'Name another folder, or pass --force to write pmap.yaml, .gitignore and the standard specs there, replacing files of the same names',
  );
}

function standardSpecFiles(): string[] {
  // Only a broken installation lacks the specs, which the build copies next to the code.
  if (!existsSync(STANDARD_SPECS)) throw new Error(`internal error in pmap: the standard specs are missing from ${STANDARD_SPECS}; reinstall pmap`);
  return readdirSync(STANDARD_SPECS).filter((file) => file.endsWith('.pmap')).sort();
}

function projectFile(name: string): string {
  // A YAML plain scalar cannot hold every folder name, so the name is quoted as JSON, which YAML reads.
  return readFileSync(join(PROJECT_TEMPLATE, 'pmap.yaml'), 'utf8').replace('{{name}}', JSON.stringify(name));
}

function summary(directory: string, specs: readonly string[]): string {
  const shown = relative(process.cwd(), resolve(directory)) || '.';
  const project = shown === '.' ? '' : ` ${shown}`;
  return `created a pmap project in ${shown}:
  pmap.yaml        the source (Pega PostgreSQL), the Odoo target and the owners table
  .gitignore       keeps .pmap/ (state, reports, rejects, sandbox) out of version control
  specs/           the standard Pega → Odoo mappings: ${specs.join(', ')}

Next steps:
  1. export PMAP_PEGA_DATABASE_URL=postgres://user@host:5432/pega
     (and edit source.schemas in pmap.yaml if your schemas are not data, rules, customerdata)
  2. pmap discover pega${project}      read the Pega tables into schemas/pega.json
  3. pmap discover odoo${project}      read the Odoo models into schemas/odoo.json (--sandbox without an Odoo)
  4. pmap profile${project}            see the data quality of the rows the specs read
  5. pmap users${project}              pair the Pega operators with Odoo users in owners.yaml
  6. pmap check${project}              type-check the specs; adapt them to your application
  7. pmap plan${project}               review the load order
  8. pmap apply${project} --sandbox    a dry run into a local Odoo sandbox
  9. pmap verify${project} --sandbox   compare every loaded field with the source
`;
}
