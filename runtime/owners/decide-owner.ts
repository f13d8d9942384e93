import { ownersFileName, type OwnerEntry } from './owners-file.js';

/** The origin of the login of an operator's Odoo user. */
export type OwnerSource = 'odoo_login' | 'matched' | 'provisioned' | 'fallback';

export type OwnerDecision =
  | { readonly login: string; readonly source: OwnerSource }
  /** No user: the reason, for messages. */
  | { readonly problem: string };

/**
 * Picks the login of the Odoo user who owns an operator's records: the
 * administrator's `odoo_login`, else the user pmap matched or provisioned,
 * else the fallback. An operator missing from owners.yaml gets no user, not
 * even the fallback, because no one has reviewed it yet.
 */
export function decideOwner(entry: OwnerEntry | undefined, fallback: string | null): OwnerDecision {
  if (!entry) return { problem: `not in ${ownersFileName}; run pmap users to add it` };
  if (entry.odooLogin !== null) return { login: entry.odooLogin, source: 'odoo_login' };
  if ((entry.status === 'matched' || entry.status === 'provisioned') && entry.matchedLogin !== null) return { login: entry.matchedLogin, source: entry.status };
  if (fallback !== null) return { login: fallback, source: 'fallback' };
  return { problem: unresolvedReason(entry) };
}

function unresolvedReason(entry: OwnerEntry): string {
  if (entry.status === 'ambiguous') return `${entry.candidates.length} Odoo users have its e-mail ${entry.email ?? ''} (${entry.candidates.join(', ')})`;
  if (!entry.inPega) return 'it has no row in the Pega operator table';
  if (entry.email === null) return 'it has no e-mail in Pega';
  return `no Odoo user has its e-mail ${entry.email}`;
}
