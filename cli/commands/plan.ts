import { writeFileSync } from 'node:fs';
import { serializePlan } from '../../compiler/compile.js';
import { hasErrors } from '../../compiler/diagnostic.js';
import type { Plan } from '../../compiler/plan-types.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { openStateStore } from '../open-state.js';
import { UserError } from '../user-error.js';

/**
 * `pmap plan`: compile and print the load order; `--out` writes the plan as
 * JSON with the state serial, so `pmap apply plan.json` can refuse it once
 * the specs, the schemas or the state have moved.
 */
export async function runPlan(directory: string, outputPath: string | undefined): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan) return 1;

  process.stdout.write(renderPlanSummary(compiled.plan));
  if (outputPath) {
    try {
      const store = await openStateStore(directory, compiled.inputs!.config, process.env);
      const stateSerial = await store.serial().finally(() => store.close());
      writeFileSync(outputPath, serializePlan({ ...compiled.plan, stateSerial }));
    } catch (error) {
      throw new UserError(`cannot write the plan to ${outputPath}: ${(error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (error as Error).message.replace(/^[A-Z]+: /, '')}; pass a file path in an existing folder to --out`);
    }
    process.stdout.write(`\nplan written to ${outputPath}\n`);
  }
  return 0;
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
