import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { serializePlan } from '../../compiler/compile.js';
import { hasErrors } from '../../compiler/diagnostic.js';
import type { ProjectInputs } from '../../compiler/load-project.js';
import type { Plan } from '../../compiler/plan-types.js';
import { collectReferenceData } from '../../compiler/reference-data.js';
import { previewPlan } from '../../runtime/preview/preview-plan.js';
import type { PlanPreview } from '../../runtime/preview/preview-types.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openSource } from '../open-source.js';
import { renderPreviewMarkdown } from '../plan-view/render-preview-markdown.js';
import { renderPreviewText } from '../plan-view/render-preview-text.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { openStateStore } from '../open-state.js';
import { UserError } from '../user-error.js';

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanCommandOptions {
  /** Preview against an in-process Odoo sandbox kept in `.pmap/sandbox/`. */
  readonly sandbox: boolean;
  readonly format: PlanFormat;
  /** Path of the file that receives the compiled plan as JSON. */
  readonly out?: string;
  /** Exit 0 when nothing would change, 2 when something would, 1 on an error. */
  readonly detailedExitcode: boolean;
  /** Print the compiled plan without connecting to Odoo. */
  readonly offline: boolean;
}

/**
 * `pmap plan`: compiles the project and previews what `pmap apply` would do
 * in Odoo, object by object, without writing to it. `--offline` prints the
 * compiled load order instead; `--out` writes the compiled plan as JSON.
 */
export async function runPlan(directory: string, options: PlanCommandOptions): Promise<number> {
  if (options.offline && options.detailedExitcode) throw new UserError('--detailed-exitcode needs the counts of a preview against Odoo; drop --offline');
  if (options.offline && options.format === 'markdown') throw new UserError('--format markdown shows the counts of a preview against Odoo; drop --offline, or use --format text or json');

  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) return 1;
  const { plan, inputs } = compiled;

  if (options.offline) {
    process.stdout.write(options.format === 'json' ? serializePlan(plan) : renderPlanSummary(plan));
    if (options.out) {
      await writePlanFile(directory, inputs, plan, options.out);
      (options.format === 'json' ? process.stderr : process.stdout).write(`\nplan written to ${options.out}\n`);
    }
    return 0;
  }

  // The compiled plan needs no Odoo, so --out is written even when the preview fails.
  if (options.out) {
    await writePlanFile(directory, inputs, plan, options.out);
    process.stderr.write(`plan written to ${options.out}\n`);
  }
  const preview = await previewProject(directory, inputs, plan, options.sandbox);
  await printPreview(preview, options.format, inputs.config.name ?? basename(resolve(directory)));
  if (preview.hasErrors) return 1;
  if (options.detailedExitcode) return preview.hasChanges ? 2 : 0;
  return 0;
}

/** Connects to Odoo (or the project's sandbox) and the source, and computes the preview. Progress goes to stderr. */
async function previewProject(directory: string, inputs: ProjectInputs, plan: Plan, sandbox: boolean): Promise<PlanPreview> {
  const variable = inputs.config.target.passwordEnv;
  if (!sandbox && !process.env[variable]) {
    throw new UserError(`the environment variable ${variable} is not set or is empty; export the Odoo password or API key in it (target.password_env in pmap.yaml names the variable), run with --sandbox, or pass --offline to print the compiled plan without counts`);
  }

  const source = openSource(inputs, process.env);
  const log = (line: string) => process.stderr.write(line);
  let session: OdooSession | undefined;
  try {
    session = await connectOdoo(inputs.config.target, { sandbox, projectDirectory: directory, log });
    return await previewPlan({
      plan,
      client: session.client,
      source,
      projectDirectory: directory,
      referenceData: collectReferenceData(inputs.specs),
      onPhase: (phase) => log(`computing ${phase.object} (${phase.source.table} -> ${phase.model})\n`),
    });
  } finally {
    await source.close();
    await session?.close();
  }
}

async function printPreview(preview: PlanPreview, format: PlanFormat, project: string): Promise<void> {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
    return;
  }
  if (format === 'markdown') {
    process.stdout.write(renderPreviewMarkdown(preview, project));
    return;
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stdout.write(renderPreviewText(preview));
    return;
  }
  // Ink and React load only for the interactive view, so other commands start without them.
  const { showPlanView } = await import('../plan-view/show-plan-view.js');
  await showPlanView(preview, { color: !process.env.NO_COLOR });
}

/**
 * Writes the compiled plan with the state's serial, so `pmap apply plan.json`
 * can reject it once the specs, the schemas or the state have moved.
 */
async function writePlanFile(directory: string, inputs: ProjectInputs, plan: Plan, outputPath: string): Promise<void> {
  const store = await openStateStore(directory, inputs.config, process.env);
  const stateSerial = await store.serial().finally(() => store.close());
  try {
    writeFileSync(outputPath, serializePlan({ ...plan, stateSerial }));
  } catch (error) {
    throw new UserError(`cannot write the plan to ${outputPath}: ${(error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (error as Error).message.replace(/^[A-Z]+: /, '')}; pass a file path in an existing folder to --out`);
  }
}

export function renderPlanSummary(plan: Plan): string {
  const lines = ['Load order (objects on one level do not depend on each other):'];
  for (const phase of plan.phases) {
    const after = phase.dependsOn.length > 0 ? `, after ${phase.dependsOn.join(', ')}` : '';
    lines.push(`  ${phase.level + 1}. ${phase.object}: ${phase.source.table} (key ${phase.source.key.join(', ')}) -> ${phase.model}, ${phase.fields.length} fields${after}`);
    lines.push(`     fields: ${phase.fields.map((field) => field.field).join(', ')}`);
  }
  const maps = Object.entries(plan.valueMaps);
  if (maps.length > 0) {
    lines.push('', 'Value maps:');
    for (const [name, valueMap] of maps) {
      const target = valueMap.targetModel ? ` -> ${valueMap.targetModel} by name` : '';
      const otherwise = !valueMap.otherwise || 'fallback' in valueMap.otherwise
        ? valueMap.otherwise?.fallback === 'pass' ? ', other values pass unchanged' : ', records with other values are rejected'
        : `, else ${JSON.stringify(valueMap.otherwise.value)}`;
      lines.push(`  ${name}${target}: ${valueMap.entries.length} entries${otherwise}`);
    }
  }
  lines.push('', 'Nothing was sent to Odoo. Run `pmap apply` to load.');
  return `${lines.join('\n')}\n`;
}
