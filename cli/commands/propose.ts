import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { hasErrors } from '../../compiler/diagnostic.js';
import { loadProject } from '../../compiler/load-project.js';
import { renderDiagnosticsText } from '../../compiler/render-diagnostics.js';
import { proposalCounts, proposeProject, ProposeRequestError } from '../../runtime/propose/propose-project.js';
import { UserError } from '../user-error.js';

/**
 * `pmap propose [project] [object...] [--model NAME]`: drafts specs from the
 * discovered schemas. The first argument is the project when it is a folder;
 * the others name Pega tables, classes or objects (default: every table).
 */
export function runPropose(positionals: readonly string[], options: { model?: string }): number {
  const [first, ...others] = positionals;
  const firstIsProject = first !== undefined && existsSync(first) && statSync(first).isDirectory();
  const directory = firstIsProject ? first : '.';
  const objects = firstIsProject ? others : [...positionals];

  const loaded = loadProject(directory);
  // A new project has no specs yet, which is what propose is for.
  const diagnostics = loaded.diagnostics.filter((diagnostic) => !(diagnostic.code === 'PM502' && /specs/.test(diagnostic.message)));
  if (!loaded.inputs || hasErrors(diagnostics)) {
    const displayPath = (file: string) => relative(process.cwd(), join(directory, file)) || file;
    process.stderr.write(renderDiagnosticsText(diagnostics, { sources: loaded.sources, displayPath }));
    return 1;
  }

  let result;
  try {
    result = proposeProject(
      { pegaSchema: loaded.inputs.pegaSchema, odooSchema: loaded.inputs.odooSchema, specs: loaded.inputs.specs, ownersConfigured: loaded.inputs.config.owners !== undefined },
      { objects, ...(options.model !== undefined ? { model: options.model } : {}) },
    );
  } catch (error) {
    if (error instanceof ProposeRequestError) throw new UserError(error.message);
    throw error;
  }

  for (const file of result.files) {
    const path = join(directory, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
    const counts = proposalCounts(file.proposal);
    const verb = file.created ? 'wrote' : 'added to';
    process.stdout.write(`${verb} ${file.path}: ${counts.lines} proposed line${counts.lines === 1 ? '' : 's'} (${counts.toReview} to review), ${counts.leftOut} column${counts.leftOut === 1 ? '' : 's'} not mapped\n`);
  }
  for (const path of result.upToDate) process.stdout.write(`${path}: every column is mapped or listed as not mapped\n`);
  for (const skipped of result.skipped) process.stdout.write(`skipped ${skipped.table}: ${skipped.reason}\n`);
  if (result.skipped.length > 0) process.stdout.write('name a skipped table with --model <odoo model> to draft it anyway\n');
  if (result.files.length > 0) process.stdout.write('review the lines that start with ?, and remove the ? to accept each; pmap check lists the ones left\n');
  return 0;
}
