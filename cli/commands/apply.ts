import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../../compiler/diagnostic.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { applyPlan } from '../../runtime/apply-plan.js';
import { checkReferenceData } from '../../runtime/check-reference-data.js';
import { collectReferenceData } from '../../compiler/reference-data.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openSource } from '../open-source.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { renderApplyReport } from '../render-report.js';

export interface ApplyCommandOptions {
  /** Start an in-process Odoo sandbox and load into it instead of `target`. */
  readonly sandbox: boolean;
}

/** `pmap apply`: compile, connect, load every object, print the reconciliation report. */
export async function runApply(directory: string, options: ApplyCommandOptions): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) {
    process.stderr.write('nothing was loaded: fix the errors above and run pmap apply again\n');
    return 1;
  }
  const { plan, inputs } = compiled;

  const source = openSource(inputs, process.env);
  let session: OdooSession | undefined;
  try {
    session = await connectOdoo(inputs.config.target, options);
    await checkReferenceData({ plan, referenceData: collectReferenceData(inputs.specs), client: session.client, source });
    const report = await applyPlan({
      plan,
      client: session.client,
      source,
      projectDirectory: directory,
      onPhase: ({ phase, report: phaseReport }) => {
        if (!phaseReport) process.stdout.write(`loading ${phase.object} (${phase.source.table} -> ${phase.model})\n`);
      },
    });
    const text = renderApplyReport(report, (path) => relative(process.cwd(), join(directory, path)) || path);
    process.stdout.write(`\n${text}`);
    if (session.client.retries > 0) process.stdout.write(`${session.client.retries} calls to Odoo were sent again after transient failures (HTTP 429/503, serialization failures, dropped connections)\n`);
    const written = writeRunReport(directory, report, text);
    process.stdout.write(`Report written to ${written.map((path) => relative(process.cwd(), path)).join(' and ')}\n`);
    return report.phases.every((phase) => phase.status === 'succeeded') ? 0 : 1;
  } finally {
    await source.close();
    await session?.close();
  }
}

/**
 * Writes the run's report to `.pmap/reports/` as JSON (for scripts) and
 * Markdown (for people), replacing the previous run's.
 */
function writeRunReport(directory: string, report: ApplyReport, text: string): string[] {
  const folder = join(directory, '.pmap', 'reports');
  mkdirSync(folder, { recursive: true });
  const jsonPath = join(folder, 'last-apply.json');
  const markdownPath = join(folder, 'last-apply.md');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownPath, `# pmap apply\n\n\`\`\`\n${text}\`\`\`\n`);
  return [jsonPath, markdownPath];
}
