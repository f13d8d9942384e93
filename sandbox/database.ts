// One emulated Odoo database: its models, its tables, and its users'
// credentials.

import type { RecordedCall } from './call-log.js';
import { createOdoo16Registry, type ModelRegistry } from './model-registry.js';
import { formatOdooDatetime, type Env } from './orm/environment.js';
import { ORM_OPERATIONS } from './orm/operations.js';
import { RecordStore } from './record-store.js';
import { seedFreshDatabase } from './seed.js';

/** Odoo's superuser (OdooBot), who owns the records a fresh database starts with. */
export const SUPERUSER_ID = 1;

export interface DatabaseOptions {
  name: string;
  login: string;
  password: string;
}

export class SandboxDatabase {
  readonly name: string;
  readonly registry: ModelRegistry;
  readonly store = new RecordStore();
  /** The object-service calls served, oldest first. */
  readonly calls: RecordedCall[] = [];

  constructor(options: DatabaseOptions) {
    this.name = options.name;
    this.registry = createOdoo16Registry();
    seedFreshDatabase(this.createEnv(SUPERUSER_ID, {}), options);
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
    };
  }

  /** Returns the uid of the active user with this login and password, or false. */
  authenticate(login: unknown, password: unknown): number | false {
    if (typeof login !== 'string' || typeof password !== 'string' || password === '') return false;
    const user = this.store.rows('res.users').find((row) => row.login === login && row.active === true);
    return user && user.password === password ? user.id : false;
  }

  /** Returns whether the password is the one of the active user `uid`. */
  checkCredentials(uid: number, password: unknown): boolean {
    const user = this.store.get('res.users', uid);
    return user !== undefined && user.active === true && typeof password === 'string' && password !== '' && user.password === password;
  }
}
