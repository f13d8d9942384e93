import { externalIdName } from '../external-id.js';
import { importContext, type OdooClient } from '../odoo/odoo-client.js';
import { OdooFault } from '../odoo/odoo-errors.js';
import { emailKey, type UserDirectory } from './odoo-users.js';
import type { OwnerEntry, OwnersFile } from './owners-file.js';

/** Prefix of the external ids of users pmap creates: `<module>.pega_operator__<operator id>`. */
export const operatorExternalIdPrefix = 'pega_operator';

export interface ProvisionResult {
  readonly file: OwnersFile;
  /** Operator ids whose user was created. */
  readonly created: readonly string[];
  /** Operators that could not get a user, with the reason. */
  readonly problems: readonly string[];
}

/**
 * Creates an Odoo user for every unmatched operator without an
 * administrator's `odoo_login`, and records it as provisioned. The login is
 * the operator's e-mail (folded to lower case), else the operator id. An
 * operator who left (disabled, or deleted from Pega) gets an archived user,
 * so old records keep their assignee without giving that person a login.
 * Ambiguous operators are left to the administrator: a third user with the
 * same e-mail would make things worse. An operator whose e-mail belongs to
 * a user created earlier in the run is matched to that user.
 */
export async function provisionUsers(file: OwnersFile, users: UserDirectory, client: OdooClient, module: string): Promise<ProvisionResult> {
  const operators = new Map(file.operators);
  const created: string[] = [];
  const problems: string[] = [];

  for (const [id, entry] of file.operators) {
    if (entry.status !== 'unmatched' || entry.odooLogin !== null) continue;
    // Two operator ids with one e-mail are usually one person: the second gets the user created for the first.
    const sharing = entry.email === null ? [] : users.withEmail(entry.email);
    if (sharing.length === 1) {
      operators.set(id, { ...entry, status: 'matched', matchedLogin: sharing[0]!.login });
      continue;
    }
    const login = entry.email === null ? id : emailKey(entry.email);
    const existing = users.withLogin(login);
    if (existing) {
      problems.push(`${id}: the login ${login} already belongs to the Odoo user ${existing.name} (id ${existing.id}); set odoo_login to choose a user`);
      continue;
    }

    try {
      const userId = await createUser(client, entry, id, login);
      await client.create('ir.model.data', [{ module, name: externalIdName(operatorExternalIdPrefix, [id]), model: 'res.users', res_id: userId, noupdate: true }]);
      users.add({ id: userId, login, email: entry.email, name: entry.name ?? id, active: isActive(entry) });
      operators.set(id, { ...entry, status: 'provisioned', matchedLogin: login });
      created.push(id);
    } catch (error) {
      if (!(error instanceof OdooFault)) throw error;
      problems.push(`${id}: Odoo did not create the user ${login}: ${error.message}`);
    }
  }
  return { file: { ...file, operators }, created, problems };
}

function isActive(entry: OwnerEntry): boolean {
  return entry.inPega && !entry.disabled;
}

async function createUser(client: OdooClient, entry: OwnerEntry, id: string, login: string): Promise<number> {
  const values = {
    name: entry.name ?? id,
    login,
    ...(entry.email !== null ? { email: entry.email.replace(/\s+/g, '') } : {}),
    active: isActive(entry),
  };
  // no_reset_password: Odoo would otherwise e-mail every new user an invitation to set a password.
  const result = await client.executeKw('res.users', 'create', [[values]], { context: { ...importContext, no_reset_password: true } });
  return Array.isArray(result) ? Number(result[0]) : Number(result);
}
