import type { ValueFormat } from './format-tally.js';

/**
 * A pragmatic address check: one `@`, no whitespace, and a dot in the domain
 * with a label after it. Pega operator ids such as `rep@acme` fail it, which
 * is the point: they look like addresses but are not mailboxes.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Classifies a trimmed value as a lower-case address, an address with upper-case letters, or not an address. */
export function classifyEmail(value: string): ValueFormat {
  if (value.length > 254 || !EMAIL.test(value)) {
    return value.includes('@')
      ? { format: 'invalid', label: 'not a valid address', recognised: false }
      : { format: 'not-email', label: 'no @, not an address', recognised: false };
  }
  if (value !== value.toLowerCase()) return { format: 'upper-case', label: 'valid, with upper-case letters', recognised: true };
  return { format: 'lower-case', label: 'valid, lower case', recognised: true };
}

/** Returns the form two addresses of the same mailbox share: trimmed and lower-cased, or undefined when the value is not an address. */
export function normaliseEmail(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  return EMAIL.test(trimmed) ? trimmed : undefined;
}
