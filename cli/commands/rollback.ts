import { relative } from 'node:path';
import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import { countExternalIds } from '../../runtime/load-phase.js';
import { recoverPendingCreates } from '../../runtime/state/recover-pending.js';
import { previewRollback, rollbackRuns, type RunRollbackPreview } from '../../runtime/state/rollback.js';
import type { RunInfo, StateStore } from '../../runtime/state/state-store.js';
import { confirm } from '../confirm.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openStateStore, withStateLock } from '../open-state.js';
import { compileProjectAt } from '../project-context.js';
import { UserError } from '../user-error.js';

export interface RollbackCommandOptions {
  readonly sandbox: boolean;
  /** Roll back this run only; the last run when absent. */
  readonly run?: number;
  /** Roll back every run, newest first. */
  readonly all: boolean;
  readonly dropFields: boolean;
  readonly autoApprove: boolean;
}

/**
 * `pmap rollback`: previews what undoing the chosen runs does, asks, then
 * undoes them and checks that Odoo's pmap records match the state again.
 */
export async function runRollback(directory: string, options: RollbackCommandOptions): Promise<number> {
  const { config, diagnostics } = loadProjectConfigOnly(directory);
  if (!config) throw new UserError(diagnostics.map((diagnostic) => diagnostic.message).join('\n') || `cannot read ${directory}/pmap.yaml`);
  // The specs may have changed or broken since the run; the plan only names modules and objects here.
  const plan = compileProjectAt(directory).plan;
  const modules = new Map(plan?.phases.map((phase) => [phase.object, phase.externalId.module]) ?? []);

  const store = await openStateStore(directory, config, process.env);
  let session: OdooSession | undefined;
  try {
    return await withStateLock(store, 'rollback', async () => {
      const runs = await chooseRuns(store, options);
      if (runs.length === 0) {
        process.stdout.write('Nothing to roll back: no run in the state is left to undo.\n');
        return 0;
      }
      session = await connectOdoo(config.target, { sandbox: options.sandbox, projectDirectory: directory });
      const foreign = runs.find((run) => run.target !== session!.target);
      if (foreign) {
        throw new UserError(`run ${foreign.id} loaded into ${foreign.target}, but this rollback is connected to ${session.target}; connect to the Odoo the run loaded into (target in pmap.yaml, or --sandbox)`);
      }

      const previews = await previewRollback(store, runs);
      process.stdout.write(renderPreview(previews, options.dropFields));
      if (!(await confirm('Roll back these runs?', options.autoApprove))) {
        process.stdout.write('Rollback cancelled; nothing was changed.\n');
        return 1;
      }

      const client = session.client;
      const fallbackModule = config.module;
      await recoverPendingCreates(store, client, (object) => modules.get(object) ?? fallbackModule);
      await rollbackRuns(runs, { store, client, modules, fallbackModule, dropFields: options.dropFields, onStep: (message) => process.stdout.write(`${message}\n`) });

      const problems: string[] = [];
      for (const phase of plan?.phases ?? []) {
        const [inOdoo, inState] = await Promise.all([countExternalIds(phase, client), store.countRecords(phase.object)]);
        process.stdout.write(`  ${phase.object}: ${inOdoo} records with pmap external ids in Odoo, ${inState} in the state\n`);
        if (inOdoo !== inState) problems.push(phase.object);
      }
      if (problems.length > 0) {
        process.stdout.write(`Rolled back, but Odoo and the state disagree for ${problems.join(', ')}; run \`pmap verify\` to see the records.\n`);
        return 1;
      }
      process.stdout.write(`Rolled back ${runs.map((run) => `run ${run.id}`).join(', ')}; the state in ${relative(process.cwd(), store.location) || store.location} records it.\n`);
      return 0;
    });
  } finally {
    await session?.close();
    await store.close();
  }
}

async function chooseRuns(store: StateStore, options: RollbackCommandOptions): Promise<RunInfo[]> {
  const undoable = (await store.runs()).filter((run) => run.kind !== 'rollback' && run.status !== 'rolled-back').reverse();
  if (options.all) return undoable;
  if (options.run !== undefined) {
    const run = undoable.find((candidate) => candidate.id === options.run);
    if (!run) throw new UserError(`run ${options.run} is not in the state or was rolled back already; \`pmap runs\` lists the runs`);
    return [run];
  }
  return undoable.slice(0, 1);
}

function renderPreview(previews: readonly RunRollbackPreview[], dropFields: boolean): string {
  const lines = ['Rollback plan (newest run first):'];
  for (const preview of previews) {
    const { run } = preview;
    lines.push(`  run ${run.id} (${run.kind}, ${run.status}, started ${run.startedAt} by ${run.user}):`);
    const created = Object.entries(preview.created);
    lines.push(created.length > 0 ? `    - delete ${created.map(([model, count]) => `${count} ${model}`).join(', ')} it created` : '    - no records it created');
    lines.push(`    ~ restore ${preview.restored} records it changed to their earlier values`);
    if (preview.adopted > 0) lines.push(`    ~ remove pmap's external id from ${preview.adopted} existing records it matched (the records stay)`);
    if (preview.fields.length > 0) {
      lines.push(dropFields ? `    - drop custom fields ${preview.fields.join(', ')}` : `    = keep custom fields ${preview.fields.join(', ')} (--drop-fields drops them)`);
    }
  }
  return `${lines.join('\n')}\n`;
}
