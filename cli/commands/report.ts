import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { openStateStore } from '../open-state.js';
import { renderApplyReport } from '../render-report.js';
import { UserError } from '../user-error.js';

/**
 * `pmap report`: prints the reconciliation report of the last apply again,
 * with the number of records in the state per object now, so a report
 * can be produced on demand without loading anything.
 */
export async function runReport(directory: string, format: 'text' | 'json'): Promise<number> {
  const { config, diagnostics } = loadProjectConfigOnly(directory);
  if (!config) throw new UserError(diagnostics.map((diagnostic) => diagnostic.message).join('\n') || `cannot read ${directory}/pmap.yaml`);
  const path = join(directory, '.pmap', 'reports', 'last-apply.json');
  if (!existsSync(path)) throw new UserError(`no apply has written a report in ${relative(process.cwd(), directory) || '.'} yet (${relative(process.cwd(), path)} is missing); run pmap apply first`);
  const report = JSON.parse(readFileSync(path, 'utf8')) as ApplyReport;

  const store = await openStateStore(directory, config, process.env);
  try {
    const inState = new Map<string, number>();
    for (const phase of report.phases) inState.set(phase.object, await store.countRecords(phase.object));
    const lastRun = (await store.runs()).filter((run) => run.kind !== 'rollback').at(-1);

    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ report, stateRecords: Object.fromEntries(inState), lastRun: lastRun ?? null }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(renderApplyReport(report, (file) => relative(process.cwd(), join(directory, file)) || file));
    if (lastRun) process.stdout.write(`\nLast run: ${lastRun.id} (${lastRun.kind}, ${lastRun.status}, started ${lastRun.startedAt} by ${lastRun.user}, into ${lastRun.target})\n`);
    process.stdout.write('Records the state holds now, per object:\n');
    for (const [object, count] of inState) process.stdout.write(`  ${object}: ${count}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
