// The `common` service: version, authenticate, login and about. It needs no
// credentials.

import { commonMethodNotFound, databaseNotFound } from '../faults.js';
import type { SandboxDatabase } from '../database.js';
import { seriesTraits } from '../odoo-series.js';
import { bindArguments, type PythonParameter } from '../python/call-binding.js';
import { pythonStr } from '../python/repr.js';

type CommonMethod = (database: SandboxDatabase, values: Record<string, unknown>) => unknown;

const COMMON_METHODS: Record<string, { parameters: PythonParameter[]; run: CommonMethod }> = {
  version: {
    parameters: [],
    run: (database) => structuredClone(seriesTraits(database.series).versionInfo),
  },
  about: {
    parameters: [{ name: 'extended', default: false }],
    run: (database, { extended }) => (extended === true ? ['See http://openerp.com', database.series] : 'See http://openerp.com'),
  },
  authenticate: {
    parameters: [{ name: 'db' }, { name: 'login' }, { name: 'password' }, { name: 'user_agent_env' }],
    run: (database, { db, login, password }) => authenticate(database, db, login, password),
  },
  login: {
    parameters: [{ name: 'db' }, { name: 'login' }, { name: 'password' }],
    run: (database, { db, login, password }) => authenticate(database, db, login, password),
  },
};

/** Serves one call of the `common` service. */
export function dispatchCommon(database: SandboxDatabase, method: string, params: readonly unknown[]): unknown {
  const entry = COMMON_METHODS[method];
  if (!entry) throw commonMethodNotFound(method);

  const signature = { qualifiedName: `exp_${method}`, parameters: entry.parameters, isMethod: false };
  const { values } = bindArguments(signature, params, {});
  return entry.run(database, values);
}

/** Returns the uid, or false for wrong credentials. As in Odoo, an unknown database is a fault. */
function authenticate(database: SandboxDatabase, db: unknown, login: unknown, password: unknown): number | false {
  if (db !== database.name) throw databaseNotFound(pythonStr(db));
  return database.authenticate(login, password);
}
