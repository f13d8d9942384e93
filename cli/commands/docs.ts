import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

import { hasErrors } from '../../compiler/diagnostic.js';
import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { buildCaseTypesDocument } from '../../runtime/docs/case-types-view.js';
import { buildDecisionStrategiesDocument } from '../../runtime/docs/decision-strategies-view.js';
import { buildMappingReferenceDocument } from '../../runtime/docs/mapping-reference-view.js';
import { buildMigrationScopeDocument } from '../../runtime/docs/migration-scope-view.js';
import { renderHtml, renderMarkdown, type DocumentSet } from '../../runtime/docs/render-documents.js';
import { buildReportsDocument } from '../../runtime/docs/reports-view.js';
import { buildWorkflowsDocument } from '../../runtime/docs/workflows-view.js';
import { InventoryError } from '../../runtime/inventory/inventory-error.js';
import { readInventory } from '../../runtime/inventory/inventory-files.js';
import type { PegaSchema } from '../../runtime/schema-types.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { UserError } from '../user-error.js';

export interface DocsOptions {
  readonly format: 'markdown' | 'html';
  /** Output folder; default `<project>/docs`. */
  readonly out?: string;
}

const display = (path: string): string => relative(process.cwd(), path) || path;

/** Reads schemas/pega.json on its own, for row counts when the specs do not compile. */
function readPegaSchema(directory: string): PegaSchema | undefined {
  try {
    return JSON.parse(readFileSync(join(directory, 'schemas', 'pega.json'), 'utf8')) as PegaSchema;
  } catch {
    return undefined;
  }
}

/** Reads the last run's report; a missing file is no run, an unreadable one is reported and skipped. */
function readLastRun(directory: string): ApplyReport | undefined {
  const path = join(directory, '.pmap', 'reports', 'last-apply.json');
  if (!existsSync(path)) return undefined;
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as ApplyReport;
    if (!Array.isArray(report.phases)) throw new Error('it has no phases list');
    return report;
  } catch (error) {
    process.stderr.write(`pmap docs: ${display(path)} is not a valid run report (${(error as Error).message}); the last-run table is left out, run \`pmap apply\` to write a new one\n`);
    return undefined;
  }
}

/**
 * `pmap docs`: renders the rebuild documents (case types, decision
 * strategies, workflows, reports) from `inventory/`, and the mapping
 * reference and migration scope from the compiled specs, `schemas/pega.json`
 * and the last run. Returns 1 when the specs have errors: the documents are
 * still written, with the mapping reference saying why it is missing.
 */
export function runDocs(directory: string, options: DocsOptions): number {
  const { config, diagnostics } = loadProjectConfigOnly(directory);
  if (!config) throw new UserError(diagnostics.map((diagnostic) => diagnostic.message).join('\n') || `cannot read ${join(directory, 'pmap.yaml')}`);

  const compiled = compileProjectAt(directory);
  const failed = hasErrors(compiled.diagnostics) || compiled.plan === undefined;
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  const compileProblem = failed ? 'The specs have errors, so this reference is not written; run pmap check and fix them.' : undefined;

  let inventory;
  try {
    inventory = readInventory(join(directory, 'inventory'), display(join(directory, 'inventory')));
  } catch (error) {
    if (error instanceof InventoryError) throw new UserError(error.message);
    throw error;
  }

  const plan = compiled.plan;
  const set: DocumentSet = {
    projectName: config.name ?? basename(resolve(directory)),
    caseTypes: buildCaseTypesDocument(inventory, plan),
    decisionStrategies: buildDecisionStrategiesDocument(inventory, plan),
    workflows: buildWorkflowsDocument(inventory),
    reports: buildReportsDocument(inventory, plan),
    mappingReference: buildMappingReferenceDocument(plan, compileProblem),
    migrationScope: buildMigrationScopeDocument(config, compiled.inputs?.pegaSchema ?? readPegaSchema(directory), plan, readLastRun(directory)),
  };

  const folder = options.out ?? join(directory, 'docs');
  const files = options.format === 'html' ? [renderHtml(set)] : renderMarkdown(set);
  try {
    mkdirSync(folder, { recursive: true });
    for (const file of files) writeFileSync(join(folder, file.file), file.text);
  } catch (error) {
    throw new UserError(`cannot write the documents to ${display(folder)}: ${(error as Error).message.replace(/^[A-Z]+: /, '')}; pass a writable folder to --out`);
  }
  process.stdout.write(`wrote ${files.length} ${options.format === 'html' ? 'HTML file' : 'Markdown files'} to ${display(folder)}: ${files.map((file) => file.file).join(', ')}\n`);
  return failed ? 1 : 0;
}
