import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../../compiler/diagnostic.js';
import { verifyPlan, type ObjectVerification } from '../../runtime/verify/verify-plan.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openSource } from '../open-source.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';

export interface VerifyCommandOptions {
  readonly sandbox: boolean;
  /** Records per object to compare; all when absent. */
  readonly sample?: number;
  readonly seed: number;
  readonly format: 'text' | 'json';
}

const SHOWN_MISMATCHES = 20;

/**
 * `pmap verify`: compares what Odoo holds with what the plan computes from
 * the source now, field by field. Exit code 0 when every record matched.
 */
export async function runVerify(directory: string, options: VerifyCommandOptions): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) {
    process.stderr.write('nothing was verified: fix the errors above and run pmap verify again\n');
    return 1;
  }

  const source = openSource(compiled.inputs, process.env);
  let session: OdooSession | undefined;
  try {
    session = await connectOdoo(compiled.inputs.config.target, { sandbox: options.sandbox, projectDirectory: directory });
    const results = await verifyPlan({
      plan: compiled.plan,
      client: session.client,
      source,
      projectDirectory: directory,
      ...(options.sample !== undefined ? { sample: { size: options.sample, seed: options.seed } } : {}),
      onPhase: (phase) => {
        if (options.format === 'text') process.stdout.write(`verifying ${phase.object} (${phase.model})\n`);
      },
    });
    const reportPath = writeMismatchReport(directory, results);
    if (options.format === 'json') process.stdout.write(`${JSON.stringify({ objects: results }, null, 2)}\n`);
    else process.stdout.write(renderVerification(results, relative(process.cwd(), reportPath) || reportPath));
    return results.every((result) => result.mismatches.length === 0) ? 0 : 1;
  } finally {
    await source.close();
    await session?.close();
  }
}

function renderVerification(results: readonly ObjectVerification[], reportPath: string): string {
  const width = Math.max('Object'.length, ...results.map((result) => result.object.length));
  const lines = ['', `${'Object'.padEnd(width)}  Checked  Matched  Mismatched fields  Rejected by Odoo`];
  for (const result of results) {
    lines.push(`${result.object.padEnd(width)}  ${String(result.checked).padStart(7)}  ${String(result.matched).padStart(7)}  ${String(result.mismatches.length).padStart(17)}  ${String(result.knownRejects).padStart(16)}`);
  }
  const mismatches = results.flatMap((result) => result.mismatches);
  if (mismatches.length === 0) {
    lines.push('', 'Every checked record matches what the specs compute from the source.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', `Mismatches (${mismatches.length}; all of them in ${reportPath}):`);
  for (const mismatch of mismatches.slice(0, SHOWN_MISMATCHES)) {
    lines.push(`  ${mismatch.object} ${mismatch.key} ${mismatch.field}: expected ${JSON.stringify(mismatch.expected)}, Odoo has ${JSON.stringify(mismatch.actual)}`);
  }
  if (mismatches.length > SHOWN_MISMATCHES) lines.push(`  … and ${mismatches.length - SHOWN_MISMATCHES} more`);
  return `${lines.join('\n')}\n`;
}

/** Writes every mismatch as a JSON line to `.pmap/reports/verify-mismatches.jsonl`, replacing the last one. */
function writeMismatchReport(directory: string, results: readonly ObjectVerification[]): string {
  const folder = join(directory, '.pmap', 'reports');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'verify-mismatches.jsonl');
  writeFileSync(path, results.flatMap((result) => result.mismatches).map((mismatch) => `${JSON.stringify(mismatch)}\n`).join(''));
  return path;
}
