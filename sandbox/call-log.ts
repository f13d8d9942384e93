// The object-service calls a sandbox served, so a test can check what a
// client sent, including the context it passed (e.g. `tracking_disable`).

export interface RecordedCall {
  model: string;
  method: string;
  args: readonly unknown[];
  /** Keyword arguments without `context`. */
  kwargs: Readonly<Record<string, unknown>>;
  context: Readonly<Record<string, unknown>>;
}

const callLogs = new WeakMap<object, readonly RecordedCall[]>();

/** Connects a sandbox to the list its database records calls into. */
export function registerCallLog(sandbox: object, calls: readonly RecordedCall[]): void {
  callLogs.set(sandbox, calls);
}

/** Returns the execute_kw calls a sandbox served, oldest first. */
export function recordedCalls(sandbox: object): readonly RecordedCall[] {
  return callLogs.get(sandbox) ?? [];
}
