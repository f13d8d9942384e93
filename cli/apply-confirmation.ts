import type { Plan, PlanPhase } from '../compiler/plan-types.js';
import type { PegaSchema } from '../runtime/schema-types.js';
import { askYes } from './confirm.js';

export type ApprovalOutcome = 'approved' | 'declined' | 'not-asked';

/**
 * The rows a phase is expected to read: the table's row count recorded in
 * schemas/pega.json by `pmap discover pega`, or undefined when discovery
 * recorded none. It is an estimate, because the table may have changed
 * since discovery.
 */
export function expectedRows(phase: PlanPhase, pegaSchema: PegaSchema): number | undefined {
  return pegaSchema.tables[phase.source.table]?.rowCount;
}

/** Renders what an apply is about to do: the objects in load order, each with its table, model and expected rows. */
export function renderApplySummary(plan: Plan, pegaSchema: PegaSchema, options: { readonly target: string; readonly delta: boolean }): string {
  const lines = [`pmap apply will load ${plan.phases.length} objects into ${options.target}, in this order:`];
  for (const [index, phase] of plan.phases.entries()) {
    // A delta run reads every row of a table without a commit or update time column.
    const columns = pegaSchema.tables[phase.source.table]?.columns ?? {};
    const readsDelta = options.delta && ('pxCommitDateTime' in columns || 'pxUpdateDateTime' in columns);
    lines.push(`  ${index + 1}. ${phase.object}: ${phase.source.table} -> ${phase.model}, ${rowsText(expectedRows(phase, pegaSchema), readsDelta)}`);
  }
  if (plan.customFields.length > 0) {
    lines.push(`Custom fields created in Odoo when missing: ${plan.customFields.map((field) => `${field.model}.${field.name}`).join(', ')}`);
  }
  lines.push('Expected rows are the row counts that schemas/pega.json recorded at discovery.');
  return `${lines.join('\n')}\n`;
}

function rowsText(rows: number | undefined, delta: boolean): string {
  if (delta) return rows === undefined ? 'only rows changed since the last run' : `only rows changed since the last run (${rows} rows in the table)`;
  return rows === undefined ? 'row count unknown' : `${rows} rows expected`;
}

/**
 * Asks for `yes` before loading when someone can answer: standard input is
 * a terminal and `--auto-approve` is not set. Scripts and CI have no
 * terminal on standard input; they are not asked, and are told so once.
 * The prompt goes to standard error when standard output is redirected, so
 * `pmap apply | tee apply.log` still shows it.
 */
export async function approveApply(options: { readonly autoApprove: boolean; readonly stdin: { isTTY?: boolean }; readonly stdout: NodeJS.WriteStream; readonly stderr: NodeJS.WriteStream }): Promise<ApprovalOutcome> {
  if (options.autoApprove) return 'approved';

  if (!options.stdin.isTTY) {
    options.stdout.write('Not asking for confirmation, because standard input is not a terminal; pass --auto-approve to state that in scripts.\n');
    return 'not-asked';
  }

  const prompt = options.stdout.isTTY ? options.stdout : options.stderr;
  return (await askYes('Apply?', prompt)) ? 'approved' : 'declined';
}
