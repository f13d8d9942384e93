import type { StateStore } from './state-store.js';

/**
 * Wraps a state store so that its methods run one at a time, in the order
 * they were called. Lanes that load in parallel share one store, and the
 * PostgreSQL store sends BEGIN and COMMIT over a single connection: two
 * interleaved transactions there would commit or roll back each other's
 * statements. Call order is also what keeps checkpoints from going back.
 */
export function serializeStateStore(store: StateStore): StateStore {
  let tail: Promise<unknown> = Promise.resolve();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = tail.then(() => (value as (...parameters: unknown[]) => unknown).apply(target, args));
        tail = result.catch(() => undefined);
        return result;
      };
    },
  });
}
