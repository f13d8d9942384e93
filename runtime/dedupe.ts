import type { PlanDedupe, PlanPhase } from '../compiler/plan-types.js';
import { evaluateExpression, isPendingReference, type EvaluationContext } from './evaluate-expression.js';
import { RecordRejected } from './reject.js';
import type { SourceConnector, SourceRecord } from './sources/source.js';
import { readPhaseRecords } from './read-phase-records.js';

/** The business key of the record each dedupe key keeps. */
export type DedupeWinners = ReadonlyMap<string, string>;

export function businessKey(phase: PlanPhase, record: SourceRecord): string {
  return phase.source.key.map((column) => record[column]?.trim() ?? '').join('\u001f');
}

/** Computes a record's dedupe key, or undefined when every part is empty (such records never collide). */
export function dedupeKey(dedupe: PlanDedupe, record: SourceRecord, context: EvaluationContext): string | undefined {
  const parts: string[] = [];
  try {
    for (const key of dedupe.keys) {
      const value = evaluateExpression(key, record, context);
      parts.push(value === null || isPendingReference(value) ? '' : String(value));
    }
  } catch (error) {
    // A record whose key cannot be computed is rejected when it loads; it takes part in no group.
    if (error instanceof RecordRejected) return undefined;
    throw error;
  }
  return parts.every((part) => part === '') ? undefined : parts.join('\u001f');
}

/**
 * Reads the phase's table once to choose the one record to keep of every
 * group of records with equal dedupe keys. That is the first or last in
 * source order, or the one with the latest or earliest value of a column
 * (Pega's DateTime text sorts by time). Ties keep the earlier record.
 */
export async function chooseDedupeWinners(phase: PlanPhase, dedupe: PlanDedupe, source: SourceConnector, context: EvaluationContext): Promise<DedupeWinners> {
  const winners = new Map<string, { key: string; order: string }>();
  for await (const record of readPhaseRecords(phase, source, context)) {
    const group = dedupeKey(dedupe, record, context);
    if (group === undefined) continue;
    const candidate = { key: businessKey(phase, record), order: dedupe.orderBy ? (record[dedupe.orderBy] ?? '') : '' };
    const current = winners.get(group);
    if (!current || replaces(dedupe.keep, candidate.order, current.order)) winners.set(group, candidate);
  }
  return new Map([...winners].map(([group, winner]) => [group, winner.key]));
}

function replaces(keep: PlanDedupe['keep'], candidate: string, current: string): boolean {
  switch (keep) {
    case 'first':
      return false;
    case 'last':
      return true;
    case 'latest':
      return candidate > current;
    case 'earliest':
      return candidate !== '' && (current === '' || candidate < current);
  }
}
