// The `object` service: execute_kw (and the older execute), with Odoo 16's
// order of checks: database, credentials, private method, model, method.
// Every call is one transaction, undone when it raises.

import type { SandboxDatabase } from '../database.js';
import {
  accessDenied,
  databaseNotFound,
  indexError,
  notEmulated,
  privateMethod,
  serviceMethodNotAvailable,
  typeError,
  unknownMethod,
  unknownModel,
} from '../faults.js';
import { isTruthy, pythonInt, pythonTypeName } from '../python/builtins.js';
import { bindArguments } from '../python/call-binding.js';
import { pythonStr } from '../python/repr.js';
import { invokeMethod, lookupMethod } from './model-call.js';

/** How many calls the log keeps, so long dry runs do not grow memory without bound. */
const CALL_LOG_LIMIT = 1000;

const EXECUTE_KW_SIGNATURE = {
  qualifiedName: 'execute_kw',
  parameters: [{ name: 'obj' }, { name: 'method' }, { name: 'args' }, { name: 'kw', default: null }],
  isMethod: false,
};

/** Serves one call of the `object` service. */
export function dispatchObject(database: SandboxDatabase, method: string, params: readonly unknown[]): unknown {
  if (method !== 'execute_kw' && method !== 'execute') throw serviceMethodNotAvailable(method);
  if (params.length < 3) throw indexError('tuple index out of range');

  const [db, rawUid, password, ...rest] = params;
  const uid = pythonInt(rawUid);
  if (db !== database.name) throw databaseNotFound(pythonStr(db));
  if (!database.checkCredentials(uid, password)) throw accessDenied();

  const call = method === 'execute_kw' ? unpackExecuteKw(rest) : unpackExecute(rest);
  return executeOnModel(database, uid, call);
}

interface ModelCall {
  model: unknown;
  method: unknown;
  args: readonly unknown[];
  kwargs: Record<string, unknown>;
}

function unpackExecuteKw(params: readonly unknown[]): ModelCall {
  const { values } = bindArguments(EXECUTE_KW_SIGNATURE, params, {});
  const { args, kw } = values;

  if (!Array.isArray(args)) {
    throw typeError(`execute() argument after * must be an iterable, not ${pythonTypeName(args)}`);
  }
  if (isTruthy(kw) && (typeof kw !== 'object' || Array.isArray(kw))) {
    throw typeError(`execute() argument after ** must be a mapping, not ${pythonTypeName(kw)}`);
  }
  const kwargs = isTruthy(kw) ? { ...(kw as Record<string, unknown>) } : {};
  return { model: values.obj, method: values.method, args, kwargs };
}

function unpackExecute(params: readonly unknown[]): ModelCall {
  if (params.length < 2) {
    throw typeError(`execute() missing ${2 - params.length} required positional argument${params.length === 1 ? '' : 's'}`);
  }
  const [model, method, ...args] = params;
  return { model, method, args, kwargs: {} };
}

function executeOnModel(database: SandboxDatabase, uid: number, call: ModelCall): unknown {
  const methodName = pythonStr(call.method);
  const modelName = pythonStr(call.model);
  const lookup = lookupMethod(database, modelName, methodName);
  if (lookup.kind === 'private-method') throw privateMethod(database.series, modelName, methodName);
  if (lookup.kind === 'unknown-model') throw unknownModel(modelName);

  // Odoo pops the context from the keyword arguments. A missing or empty one is {}.
  const { context: rawContext, ...kwargs } = call.kwargs;
  const context = isPlainObject(rawContext) ? rawContext : {};
  recordCall(database, { model: modelName, method: methodName, args: call.args, kwargs, context });

  if (lookup.kind === 'not-emulated') throw notEmulated(modelName, methodName);
  if (lookup.kind === 'unknown-method') throw unknownMethod(database.series, modelName, methodName);

  let args = call.args;
  let ids: number[] = [];
  if (lookup.method.kind === 'record') {
    if (args.length === 0) throw indexError('tuple index out of range');
    ids = browseIds(args[0]);
    args = args.slice(1);
  }
  return invokeMethod(database, {
    uid,
    context,
    model: lookup.model,
    method: lookup.method,
    ids,
    args,
    bind: (method) => bindArguments(method.signature, args, kwargs),
  });
}

/** Turns the first argument of a record method into ids, as `browse()` accepts them. */
export function browseIds(value: unknown): number[] {
  if (!isTruthy(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => pythonInt(item));
}

export function recordCall(database: SandboxDatabase, call: SandboxDatabase['calls'][number]): void {
  database.calls.push(call);
  if (database.calls.length > CALL_LOG_LIMIT) database.calls.shift();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
