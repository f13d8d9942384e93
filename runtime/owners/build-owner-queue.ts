import type { OwnedRecords } from './collect-owned-records.js';
import { compareCodeUnits, type OwnerEntry, type OwnersFile, type OwnerStatus } from './owners-file.js';
import type { UserDirectory } from './odoo-users.js';
import type { PegaOperator } from './read-operators.js';

export interface OwnerQueueInput {
  readonly owned: OwnedRecords;
  readonly operators: ReadonlyMap<string, PegaOperator>;
  readonly users: UserDirectory;
  /** The owners.yaml of the previous run, whose administrator edits are kept. */
  readonly previous: OwnersFile;
  /** A fallback login that replaces the previous one. */
  readonly fallback?: string;
}

/**
 * Builds the owner queue: one entry per operator that owns records about to
 * load, matched to Odoo users by e-mail. What an administrator wrote
 * (`odoo_login`, `note`, `fallback`) is kept. Entries of operators that no
 * longer own records are kept only when they carry such an edit.
 */
export function buildOwnerQueue(input: OwnerQueueInput): OwnersFile {
  const { owned, operators, users, previous } = input;
  const ids = new Set(owned.keys());
  for (const [id, entry] of previous.operators) if (entry.odooLogin !== null || entry.note !== null) ids.add(id);

  const entries = new Map<string, OwnerEntry>();
  for (const id of [...ids].sort(compareCodeUnits)) {
    const pega = operators.get(id);
    const prior = previous.operators.get(id);
    const email = pega?.email ?? null;
    const candidates = email === null ? [] : users.withEmail(email);
    const odooLogin = prior?.odooLogin ?? null;
    // A user pmap created keeps its status while it exists, even without an e-mail to match it by.
    const keptProvisioned = prior?.status === 'provisioned' && prior.matchedLogin !== null && users.withLogin(prior.matchedLogin) !== undefined;

    let status: OwnerStatus;
    let matchedLogin: string | null = null;
    if (keptProvisioned) {
      status = 'provisioned';
      matchedLogin = prior.matchedLogin;
    } else if (candidates.length === 1) {
      status = 'matched';
      matchedLogin = candidates[0]!.login;
    } else {
      status = candidates.length > 1 ? 'ambiguous' : 'unmatched';
    }
    if (odooLogin !== null) status = 'assigned';

    entries.set(id, {
      name: pega?.name ?? null,
      email,
      disabled: pega?.disabled ?? false,
      inPega: pega !== undefined,
      records: Object.fromEntries([...(owned.get(id) ?? new Map<string, number>())].sort(([a], [b]) => compareCodeUnits(a, b))),
      status,
      matchedLogin,
      candidates: candidates.length > 1 ? candidates.map((user) => user.login) : [],
      odooLogin,
      note: prior?.note ?? null,
    });
  }
  return { fallback: input.fallback ?? previous.fallback, operators: entries };
}
