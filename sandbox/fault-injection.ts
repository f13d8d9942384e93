// Faults a test can inject into a running sandbox to exercise a client's
// retry and recovery paths: latency, HTTP 429/502/503, dropped connections,
// serialization failures, validation errors on chosen values, and calls that
// commit and then lose their response. Every draw comes from a PRNG seeded by
// the test, so a run is reproducible.
//
// Faults apply to model calls only (XML-RPC `object` and JSON-2), never to
// the `common` service, so a client can always log in.

import { validationError } from './faults.js';
import { pythonRepr } from './python/repr.js';

export interface FaultOptions {
  /** Delay before each call is served, in milliseconds. */
  latencyMs?: number;
  /** Returns this HTTP status, with an HTML page as a proxy in front of Odoo sends, for a share of calls. */
  httpStatusRate?: { status: 429 | 502 | 503; rate: number; retryAfterSeconds?: number };
  /** Share of calls whose connection is closed before anything runs. */
  dropConnectionRate?: number;
  /** Share of calls that fail as Odoo reports a serialization failure it could not retry away. Nothing is written. */
  serializationFailureRate?: number;
  /** Share of calls that run and commit, and then lose their connection before the response is sent. */
  commitThenDropRate?: number;
  /** Creates and writes that set `field` of `model` to a string matching `pattern` fail with a ValidationError. */
  validationErrorPattern?: { model: string; field: string; pattern: string };
  /** Only calls of these methods (e.g. `create`, `load`) get faults; all methods when absent. */
  methods?: readonly string[];
  /** Only calls on these models get faults; all models when absent. */
  models?: readonly string[];
  /** Maximum number of faults to inject, latency and validation errors not counted. Later calls pass. */
  limit?: number;
  /** Seed of the pseudo-random draws. */
  seed: number;
}

export type InjectedFaultKind = 'http-status' | 'drop-connection' | 'serialization-failure' | 'commit-then-drop';

/** The fault chosen for one call. */
export interface FaultDecision {
  latencyMs: number;
  kind?: InjectedFaultKind;
  status?: number;
  retryAfterSeconds?: number;
}

/** A fault that was injected, for tests to check what a client went through. */
export interface InjectedFault {
  kind: InjectedFaultKind;
  model: string;
  method: string;
}

/** Raised for fault options that cannot work. */
export class FaultOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultOptionError';
  }
}

/** The faults of one sandbox and the state of their PRNG. */
export class FaultPlan {
  readonly injected: InjectedFault[] = [];
  private state: number;
  private readonly pattern: RegExp | undefined;

  constructor(readonly options: FaultOptions) {
    validateOptions(options);
    this.state = options.seed >>> 0;
    const validation = options.validationErrorPattern;
    this.pattern = validation ? new RegExp(validation.pattern) : undefined;
  }

  /** Draws the fault of one call. Calls outside `methods` and `models` get none and draw nothing. */
  decide(model: string, method: string): FaultDecision {
    const { options } = this;
    if (options.methods && !options.methods.includes(method)) return { latencyMs: 0 };
    if (options.models && !options.models.includes(model)) return { latencyMs: 0 };

    const decision: FaultDecision = { latencyMs: options.latencyMs ?? 0 };
    if (options.limit !== undefined && this.injected.length >= options.limit) return decision;

    // One draw per kind, in a fixed order, so the sequence depends on the seed only.
    const draws = {
      drop: this.next(),
      http: this.next(),
      serialization: this.next(),
      commitThenDrop: this.next(),
    };
    if (draws.drop < (options.dropConnectionRate ?? 0)) decision.kind = 'drop-connection';
    else if (options.httpStatusRate && draws.http < options.httpStatusRate.rate) {
      decision.kind = 'http-status';
      decision.status = options.httpStatusRate.status;
      decision.retryAfterSeconds = options.httpStatusRate.retryAfterSeconds;
    } else if (draws.serialization < (options.serializationFailureRate ?? 0)) decision.kind = 'serialization-failure';
    else if (draws.commitThenDrop < (options.commitThenDropRate ?? 0)) decision.kind = 'commit-then-drop';

    if (decision.kind) this.injected.push({ kind: decision.kind, model, method });
    return decision;
  }

  /** Raises the injected ValidationError when the values of a create or write match the pattern. */
  checkValues(model: string, values: Readonly<Record<string, unknown>>): void {
    const rule = this.options.validationErrorPattern;
    if (!rule || !this.pattern || model !== rule.model) return;
    const value = values[rule.field];
    if (typeof value === 'string' && this.pattern.test(value)) {
      throw validationError(`Invalid value for ${model}.${rule.field}: ${pythonRepr(value)} (injected by the Odoo sandbox)`);
    }
  }

  /** mulberry32: a small PRNG with a 32-bit state, uniform in [0, 1). */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

function validateOptions(options: FaultOptions): void {
  if (!Number.isInteger(options.seed)) throw new FaultOptionError(`Fault injection needs an integer seed, got ${String(options.seed)}.`);
  const rates: [string, number | undefined][] = [
    ['dropConnectionRate', options.dropConnectionRate],
    ['serializationFailureRate', options.serializationFailureRate],
    ['commitThenDropRate', options.commitThenDropRate],
    ['httpStatusRate.rate', options.httpStatusRate?.rate],
  ];
  for (const [name, rate] of rates) {
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
      throw new FaultOptionError(`Fault injection option ${name} must be between 0 and 1, got ${rate}.`);
    }
  }
  if (options.latencyMs !== undefined && !(options.latencyMs >= 0)) {
    throw new FaultOptionError(`Fault injection option latencyMs must be 0 or more milliseconds, got ${options.latencyMs}.`);
  }
  if (options.validationErrorPattern) {
    try {
      new RegExp(options.validationErrorPattern.pattern);
    } catch (error) {
      throw new FaultOptionError(
        `Fault injection option validationErrorPattern.pattern is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
}
