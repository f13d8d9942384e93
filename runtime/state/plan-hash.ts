import { createHash } from 'node:crypto';

/** Hashes a serialized plan; runs record it, so a resumed run can tell it still runs the same plan. */
export function planHash(serializedPlan: string): string {
  return createHash('sha256').update(serializedPlan).digest('hex').slice(0, 16);
}
