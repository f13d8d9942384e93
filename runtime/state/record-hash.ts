import { createHash } from 'node:crypto';

/**
 * Hashes the values sent for a record, keys sorted, so the same values give
 * the same hash in every run. The model is part of it, so a spec that moves
 * an object to another model never matches an old hash.
 */
export function recordHash(model: string, values: Readonly<Record<string, unknown>>): string {
  const sorted = Object.keys(values).sort().map((field) => [field, values[field]]);
  return createHash('sha1').update(model).update('\u0000').update(JSON.stringify(sorted)).digest('base64url');
}
