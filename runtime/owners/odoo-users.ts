import type { OdooClient } from '../odoo/odoo-client.js';

/** An internal Odoo user, active or archived. */
export interface OdooUser {
  readonly id: number;
  readonly login: string;
  readonly email: string | null;
  readonly name: string;
  readonly active: boolean;
}

/** Folds an e-mail address for comparison: no whitespace anywhere, lower case. */
export function emailKey(email: string): string {
  return email.replace(/\s+/g, '').toLowerCase();
}

/**
 * The internal users of an Odoo database, indexed for matching operators.
 * A user is found by its e-mail or by a login that is an e-mail address,
 * because Odoo's default login is the address and the partner's e-mail is
 * often left empty.
 */
export class UserDirectory {
  private readonly byEmail = new Map<string, OdooUser[]>();
  private readonly byLogin = new Map<string, OdooUser>();

  constructor(users: readonly OdooUser[]) {
    for (const user of users) this.add(user);
  }

  /** Reads every internal user, archived ones included; Odoo 16's crm.lead salesperson domain excludes portal users (`share` set). */
  static async read(client: OdooClient): Promise<UserDirectory> {
    const rows = await client.searchRead('res.users', [['share', '=', false]], ['login', 'email', 'name', 'active'], { order: 'id' });
    // Odoo's superuser (OdooBot, login __system__) never owns business records.
    const people = rows.filter((row) => row.login !== '__system__');
    return new UserDirectory(people.map((row) => ({
      id: row.id,
      login: String(row.login),
      email: typeof row.email === 'string' && row.email.trim() !== '' ? row.email : null,
      name: typeof row.name === 'string' ? row.name : '',
      active: row.active !== false,
    })));
  }

  add(user: OdooUser): void {
    this.byLogin.set(user.login, user);
    const keys = new Set([user.email, user.login.includes('@') ? user.login : null].filter((text): text is string => text !== null).map(emailKey));
    for (const key of keys) this.byEmail.set(key, [...(this.byEmail.get(key) ?? []), user]);
  }

  /** Returns the users whose e-mail or e-mail login equals the address, ignoring case and whitespace. */
  withEmail(email: string): readonly OdooUser[] {
    return this.byEmail.get(emailKey(email)) ?? [];
  }

  withLogin(login: string): OdooUser | undefined {
    return this.byLogin.get(login);
  }
}
