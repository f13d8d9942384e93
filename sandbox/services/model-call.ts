// The steps that XML-RPC's execute_kw and JSON-2 share: finding the public
// method of a model, and running it as one transaction, undone when it raises.

import type { SandboxDatabase } from '../database.js';
import type { ModelDefinition } from '../model-registry.js';
import { findOrmMethod, UNEMULATED_METHODS, UNEMULATED_MODEL_METHODS, type OrmMethod } from '../orm/methods.js';
import type { BoundArguments } from '../python/call-binding.js';

const PRIVATE_METHOD = /^(_.*|init)$/;

export type MethodLookup =
  | { kind: 'found'; model: ModelDefinition; method: OrmMethod }
  | { kind: 'private-method' }
  | { kind: 'unknown-model' }
  | { kind: 'unknown-method'; model: ModelDefinition }
  | { kind: 'not-emulated'; model: ModelDefinition };

/** Finds a public method. Private names are refused before the model is looked up, as Odoo 16 does. */
export function lookupMethod(database: SandboxDatabase, modelName: string, methodName: string): MethodLookup {
  if (PRIVATE_METHOD.test(methodName)) return { kind: 'private-method' };
  const model = database.registry.get(modelName);
  if (!model) return { kind: 'unknown-model' };

  const method = findOrmMethod(database.series, modelName, methodName);
  if (method) return { kind: 'found', model, method };
  const modelMethods = UNEMULATED_MODEL_METHODS[modelName] ?? [];
  if (UNEMULATED_METHODS.has(methodName) || modelMethods.includes(methodName)) return { kind: 'not-emulated', model };
  return { kind: 'unknown-method', model };
}

export interface MethodInvocation {
  uid: number;
  context: Record<string, unknown>;
  model: ModelDefinition;
  method: OrmMethod;
  ids: number[];
  /** Positional arguments after the ids, as sent. */
  args: readonly unknown[];
  /** Binds the arguments to the method's signature, raising the transport's error when they do not fit. */
  bind(method: OrmMethod): BoundArguments;
}

/** Runs a method as one transaction: every change is undone when it raises. */
export function invokeMethod(database: SandboxDatabase, invocation: MethodInvocation): unknown {
  const env = database.createEnv(invocation.uid, invocation.context);
  return database.store.transaction(() => {
    const { values, extraKeywords } = invocation.bind(invocation.method);
    return invocation.method.run({
      env,
      model: invocation.model,
      values,
      extraKeywords,
      ids: invocation.ids,
      args: invocation.args,
    });
  });
}
