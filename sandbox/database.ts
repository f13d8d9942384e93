// One emulated Odoo database: its models, its tables, and its users'
// credentials.

import type { RecordedCall } from './call-log.js';
import { createRegistry, type ModelRegistry } from './model-registry.js';
import { registerCustomFields } from './models/custom-fields.js';
import type { OdooSeries } from './odoo-series.js';
import { formatOdooDatetime, type Env } from './orm/environment.js';
import { ORM_OPERATIONS } from './orm/operations.js';
import { RecordStore, type StoreSnapshot } from './record-store.js';
import { seedFreshDatabase } from './seed.js';

/** Odoo's superuser (OdooBot), who owns the records a fresh database starts with. */
export const SUPERUSER_ID = 1;

/** The administrator of a fresh database, whose login and password the sandbox options set. */
export const ADMIN_USER_ID = 2;

export interface DatabaseOptions {
  name: string;
  login: string;
  password: string;
  series?: OdooSeries;
  /** An API key of the administrator, accepted wherever a password is. */
  apiKey?: string;
  /** Saved tables to start from instead of a fresh database. */
  snapshot?: StoreSnapshot;
}

export class SandboxDatabase {
  readonly name: string;
  readonly series: OdooSeries;
  readonly registry: ModelRegistry;
  readonly store = new RecordStore();
  /** The object-service calls served, oldest first. */
  readonly calls: RecordedCall[] = [];
  /** Set by fault injection: checks created and written values before they are stored. */
  checkValues: Env['checkValues'];
  private readonly apiKey: string | undefined;

  constructor(options: DatabaseOptions) {
    this.name = options.name;
    this.series = options.series ?? '16.0';
    this.apiKey = options.apiKey;
    this.registry = createRegistry(this.series);

    if (options.snapshot) {
      this.store.restore(options.snapshot);
      registerCustomFields(this.createEnv(SUPERUSER_ID, {}));
      this.setAdminCredentials(options.login, options.password);
    } else {
      seedFreshDatabase(this.createEnv(SUPERUSER_ID, {}), options);
    }
  }

  /** Creates the environment of one call, stamped with the current time. */
  createEnv(uid: number, context: Readonly<Record<string, unknown>>): Env {
    const companyId = this.store.get('res.users', uid)?.company_id;
    return {
      registry: this.registry,
      store: this.store,
      orm: ORM_OPERATIONS,
      uid,
      context,
      now: formatOdooDatetime(new Date()),
      companyId: typeof companyId === 'number' ? companyId : 1,
      series: this.series,
      checkValues: this.checkValues,
    };
  }

  /** Returns the uid of the active user with this login and password (or API key), or false. */
  authenticate(login: unknown, password: unknown): number | false {
    if (typeof login !== 'string' || typeof password !== 'string' || password === '') return false;
    const user = this.store.rows('res.users').find((row) => row.login === login && row.active === true);
    if (!user) return false;
    return user.password === password || this.isApiKeyOf(user.id, password) ? user.id : false;
  }

  /** Returns whether the password (or API key) is the one of the active user `uid`. */
  checkCredentials(uid: number, password: unknown): boolean {
    const user = this.store.get('res.users', uid);
    if (user === undefined || user.active !== true || typeof password !== 'string' || password === '') return false;
    return user.password === password || this.isApiKeyOf(uid, password);
  }

  /** Returns the uid of the active user who owns this API key, or false. */
  userOfApiKey(key: string): number | false {
    const admin = this.store.get('res.users', ADMIN_USER_ID);
    return this.apiKey !== undefined && key === this.apiKey && admin?.active === true ? ADMIN_USER_ID : false;
  }

  private isApiKeyOf(uid: number, key: string): boolean {
    return this.userOfApiKey(key) === uid;
  }

  /** Gives the administrator the login and password of the sandbox options, as a fresh database would. */
  private setAdminCredentials(login: string, password: string): void {
    if (this.store.has('res.users', ADMIN_USER_ID)) this.store.update('res.users', ADMIN_USER_ID, { login, password });
  }
}
