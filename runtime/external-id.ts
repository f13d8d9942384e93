import { escapeLike } from './odoo/like-pattern.js';
import { createHash } from 'node:crypto';

/**
 * Builds the `ir.model.data` name of a record from its object prefix and its
 * Pega business key. Odoo rejects spaces in names and splits the full id at
 * the first dot, so anything outside `[A-Za-z0-9_-]` is replaced by `_`.
 * When a character had to be replaced, a short hash of the raw key is
 * appended, so two keys differing only in such characters get distinct names.
 */
export function externalIdName(prefix: string, key: readonly string[]): string {
  const raw = key.join('\u001f');
  const readable = key.map((part) => part.replace(/[^A-Za-z0-9_-]/g, '_')).join('__');
  const lossless = key.every((part) => /^[A-Za-z0-9_-]*$/.test(part) && !part.includes('__')) && key.every((part) => part.length > 0);
  const suffix = lossless ? '' : `_${createHash('sha1').update(raw).digest('hex').slice(0, 8)}`;
  return `${prefix}__${readable}${suffix}`;
}

/** Builds a SQL LIKE pattern (as Odoo's `=like` passes it on) that matches every name with this prefix. */
export function externalIdPattern(prefix: string): string {
  return `${escapeLike(`${prefix}__`)}%`;
}
