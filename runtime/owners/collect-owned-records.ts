import type { Plan, PlanExpression, PlanPhase } from '../../compiler/plan-types.js';
import { evaluateExpression, isPendingReference, type EvaluationContext } from '../evaluate-expression.js';
import { findExpressions } from '../plan-walk.js';
import { readPhaseRecords, recordProblem } from '../read-phase-records.js';
import { RecordRejected } from '../reject.js';
import type { SourceConnector, SourceRecord } from '../sources/source.js';

type Owner = Extract<PlanExpression, { op: 'owner' }>;

const isOwner = (node: PlanExpression): node is Owner => node.op === 'owner';

/** Source records per Pega operator id, then per object. */
export type OwnedRecords = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Returns whether any phase of the plan assigns an owner. */
export function planUsesOwners(plan: Plan): boolean {
  return plan.phases.some((phase) => ownerExpressions(phase).length > 0);
}

/** Returns whether a phase names operators only through `owner_partner(...)`, which leaves a field empty instead of blocking the record. */
export function phaseOwnersOptional(phase: PlanPhase): boolean {
  const owners = ownerExpressions(phase);
  return owners.length > 0 && owners.every((owner) => owner.target === 'partner');
}

function ownerExpressions(phase: PlanPhase): Owner[] {
  return phase.fields.flatMap((field) => findExpressions(field.expression, isOwner));
}

/**
 * Reads the tables of the phases that assign an owner and counts, per Pega
 * operator id, the records each object would give that operator.
 */
export async function collectOwnedRecords(plan: Plan, source: SourceConnector, context: EvaluationContext): Promise<OwnedRecords> {
  const owned = new Map<string, Map<string, number>>();
  for (const phase of plan.phases) {
    for (const [operator, count] of (await countPhaseOwners(phase, source, context)).counts) {
      owned.set(operator, new Map([...(owned.get(operator) ?? []), [phase.object, count]]));
    }
  }
  return owned;
}

/** The operators of one phase: records per operator, and the operators a record cannot load without. */
export interface PhaseOwners {
  readonly counts: Map<string, number>;
  /** Operators named by `owner(...)`, whose records wait for a user; `owner_partner(...)` alone does not hold a record back. */
  readonly required: Set<string>;
}

/**
 * Counts the records of one phase per operator its owner expressions name;
 * empty for a phase without `owner(...)` or `owner_partner(...)`. A record
 * that names one operator in two fields counts once. Records that will be
 * rejected anyway (an ambiguous join, a failing cleansing rule or operator
 * expression) are left out.
 */
export async function countPhaseOwners(phase: PlanPhase, source: SourceConnector, context: EvaluationContext): Promise<PhaseOwners> {
  const counts = new Map<string, number>();
  const required = new Set<string>();
  const owners = ownerExpressions(phase);
  if (owners.length === 0) return { counts, required };

  for await (const record of readPhaseRecords(phase, source, context)) {
    if (recordProblem(record)) continue;
    const named = new Set<string>();
    for (const owner of owners) {
      for (const operator of operatorOf(owner, record, context)) {
        named.add(operator);
        if (owner.target !== 'partner') required.add(operator);
      }
    }
    for (const operator of named) counts.set(operator, (counts.get(operator) ?? 0) + 1);
  }
  return { counts, required };
}

function operatorOf(owner: Owner, record: SourceRecord, context: EvaluationContext): string[] {
  try {
    const value = evaluateExpression(owner.operator, record, context);
    if (value === null || isPendingReference(value) || Array.isArray(value)) return [];
    const id = String(value).trim();
    return id === '' ? [] : [id];
  } catch (error) {
    if (error instanceof RecordRejected) return [];
    throw error;
  }
}
