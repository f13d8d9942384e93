import { readFileSync } from 'node:fs';
import type { Plan } from '../compiler/plan-types.js';
import { planSchemaErrors } from '../compiler/validate-plan.js';
import { UserError } from './user-error.js';

/** Reads a plan saved by `pmap plan --out`, or stops with what is wrong with the file. */
export function readSavedPlan(path: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new UserError(`cannot read the saved plan ${path}: ${reason}; save one with \`pmap plan --out ${path}\``);
  }
  const problems = planSchemaErrors(value);
  if (problems.length > 0) {
    throw new UserError(`${path} is not a plan saved by this pmap (${problems.slice(0, 3).join('; ')}); save it again with \`pmap plan --out ${path}\``);
  }
  return value as Plan;
}

/**
 * Lists what moved since a plan was saved: the specs, either schema file,
 * or the state (a run since then). An empty list means the saved plan is
 * exactly what the project compiles to now, against the same state.
 */
export function stalePlanReasons(saved: Plan, current: Plan, stateSerial: number): string[] {
  const reasons: string[] = [];
  const labels = { specs: 'the specs (specs/*.pmap)', pegaSchema: 'schemas/pega.json', odooSchema: 'schemas/odoo.json' } as const;
  for (const key of Object.keys(labels) as (keyof typeof labels)[]) {
    if (saved.fingerprints[key] !== current.fingerprints[key]) {
      reasons.push(`${labels[key]} changed (fingerprint ${saved.fingerprints[key].slice(0, 12)} is now ${current.fingerprints[key].slice(0, 12)})`);
    }
  }
  if (saved.stateSerial === undefined) {
    reasons.push('the plan does not record the state it was made against; it was not saved by `pmap plan --out`');
  } else if (saved.stateSerial !== stateSerial) {
    const runs = stateSerial - saved.stateSerial;
    reasons.push(`the state moved: ${runs} ${runs === 1 ? 'run' : 'runs'} ended since the plan was saved (serial ${saved.stateSerial} is now ${stateSerial})`);
  }
  return reasons;
}
