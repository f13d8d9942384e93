import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
import type { SpecSource } from '../../compiler/load-project.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { UserError } from '../user-error.js';

const runFile = promisify(execFile);

/** A spec file on disk: where to write it, and the path shown to the user. */
export interface SpecFileOnDisk {
  readonly file: string;
  readonly displayPath: string;
}

/** Checks whether `target` names spec files on disk: a project folder, a specs folder or a `.pmap` file. */
export function isSpecLocation(target: string): boolean {
  if (!existsSync(target)) return false;
  return statSync(target).isDirectory() || target.endsWith('.pmap');
}

/**
 * Lists the spec files `target` names: `specs/*.pmap` of a project folder,
 * the `.pmap` files of a folder without `specs/`, or one `.pmap` file.
 */
export function findSpecFiles(target: string): SpecFileOnDisk[] {
  if (!existsSync(target)) throw new UserError(`${target} not found; pass a project folder, a specs folder or a .pmap file`);
  const display = (file: string) => relative(process.cwd(), file) || file;
  if (!statSync(target).isDirectory()) {
    if (!target.endsWith('.pmap')) throw new UserError(`${target} is not a .pmap file; pass a project folder, a specs folder or a .pmap file`);
    return [{ file: join(target), displayPath: display(target) }];
  }

  const specsFolder = join(target, 'specs');
  const folder = existsSync(specsFolder) && statSync(specsFolder).isDirectory() ? specsFolder : target;
  const names = readdirSync(folder).filter((name) => name.endsWith('.pmap')).sort();
  if (names.length === 0) throw new UserError(`${folder} contains no .pmap files; pass a project folder (with specs/), a specs folder or a .pmap file`);
  return names.map((name) => ({ file: join(folder, name), displayPath: display(join(folder, name)) }));
}

/**
 * Reads the spec files `target` names and the files they import, each
 * labelled with its path relative to the current folder.
 */
export async function readSpecLocation(target: string): Promise<SpecSource[]> {
  const display = (file: string) => relative(process.cwd(), file) || file;
  const specs = findSpecFiles(target).map((spec) => ({ location: spec.file, text: readFileSync(spec.file, 'utf8') }));
  const imported = await followImports(specs, (from, path) => join(dirname(from), path), async (location, from) => {
    if (!existsSync(location) || !statSync(location).isFile()) {
      throw new UserError(`${display(from)} imports ${display(location)}, which is not found; import paths are relative to the importing file`);
    }
    return readFileSync(location, 'utf8');
  });
  return [...specs, ...imported].map((spec) => ({ path: display(spec.location), text: spec.text }));
}

/** A spec file's text and where it was read: a file path, or a path in a git revision. */
interface LocatedText {
  readonly location: string;
  readonly text: string;
}

/**
 * Reads the files that `import` declarations name, transitively, that are
 * not among `specs`. `resolve` turns an import path into a location next to
 * the importing file.
 */
async function followImports(
  specs: readonly LocatedText[],
  resolve: (importingFile: string, importPath: string) => string,
  read: (location: string, importingFile: string) => Promise<string>,
): Promise<LocatedText[]> {
  const known = new Set(specs.map((spec) => spec.location));
  const queue = [...specs];
  const imported: LocatedText[] = [];
  while (queue.length > 0) {
    const spec = queue.shift()!;
    for (const declaration of parseSpec(spec.location, spec.text).spec.imports) {
      const location = resolve(spec.location, declaration.path);
      if (known.has(location)) continue;
      known.add(location);
      const file = { location, text: await read(location, spec.location) };
      imported.push(file);
      queue.push(file);
    }
  }
  return imported;
}

/**
 * Reads the spec files of `project` as they were at a git revision, from the
 * git repository that contains the current folder. Each file is labelled
 * `<revision>:<path from the repository root>`.
 */
export async function readSpecRevision(revision: string, project: string): Promise<SpecSource[]> {
  if (revision.startsWith('-')) throw new UserError(`invalid git revision ${JSON.stringify(revision)}: a revision cannot start with "-"`);
  const hint = 'name a commit, branch or tag of this repository, or an existing folder';
  await git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], `unknown git revision ${revision}; ${hint}`);

  const projectPath = project.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
  for (const folder of [`${projectPath}/specs`, projectPath]) {
    const listing = await git(['ls-tree', '-z', '--name-only', '--full-name', revision, '--', `${folder}/`], `cannot list ${folder} at revision ${revision}`);
    const paths = listing.split('\0').filter((path) => path.endsWith('.pmap')).sort();
    if (paths.length === 0) continue;

    const specs: LocatedText[] = [];
    for (const path of paths) specs.push({ location: path, text: await git(['show', `${revision}:${path}`], `cannot read ${path} at revision ${revision}`) });

    const imported = await followImports(
      specs,
      (from, path) => posix.normalize(posix.join(posix.dirname(from), path)),
      (location, from) => git(['show', `${revision}:${location}`], `${from} imports ${location}, which cannot be read at revision ${revision}`),
    );
    return [...specs, ...imported].map((spec) => ({ path: `${revision}:${spec.location}`, text: spec.text }));
  }
  throw new UserError(`no .pmap files in ${projectPath}/specs or ${projectPath} at revision ${revision}; pass the project folder with --project`);
}

/** Runs git without a shell in the current folder and returns its output; a failure becomes a UserError with `failure` and git's message. */
async function git(args: string[], failure: string): Promise<string> {
  try {
    const { stdout } = await runFile('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as { code?: string | number; stderr?: string };
    if (code === 'ENOENT') throw new UserError(`${failure}: git is not installed or not on the PATH`);
    const reason = (stderr ?? '').trim().split('\n')[0]?.replace(/^fatal: /, '');
    throw new UserError(reason ? `${failure} (git: ${reason})` : failure);
  }
}
