import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan, PlanPhase } from '../../compiler/plan-types.js';
import { normalizeReadValue, sameOdooValue, type OdooValue } from '../convert-value.js';
import { loadPhase, type PhaseCounts } from '../load-phase.js';
import type { OdooClient } from '../odoo/odoo-client.js';
import { odooStoredForm } from '../odoo-stored-form.js';
import { RejectSink } from '../reject-sink.js';
import { resolveOwners } from '../owners/resolve-owners.js';
import { resolveLookups } from '../resolve-lookups.js';
import { resolveValueMapTargets } from '../resolve-value-map-targets.js';
import type { SourceConnector } from '../sources/source.js';
import type { PreparedRecord } from '../upsert-batch.js';

/** An object whose owners have no Odoo user cannot be computed, so it cannot be verified. */
export class OwnersUnresolvedError extends Error {
  constructor(object: string, reason: string) {
    super(`cannot verify ${object}: ${reason}; resolve its owners with \`pmap users\` first`);
    this.name = 'OwnersUnresolvedError';
  }
}

/** One field whose Odoo value differs from what the plan computes from the source now. */
export interface Mismatch {
  readonly object: string;
  readonly key: string;
  /** The field, or `(record)` when the record itself is missing from Odoo. */
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface ObjectVerification {
  readonly object: string;
  readonly model: string;
  /** Records compared (all the plan would load, or the sample). */
  readonly checked: number;
  readonly matched: number;
  /** Records the last apply's reject file lists as rejected by Odoo, so they are expected to be missing. */
  readonly knownRejects: number;
  readonly mismatches: readonly Mismatch[];
}

export interface VerifyOptions {
  readonly plan: Plan;
  readonly client: OdooClient;
  readonly source: SourceConnector;
  readonly projectDirectory: string;
  /** Compare this many records per object, chosen by `seed`; all when absent. */
  readonly sample?: { readonly size: number; readonly seed: number };
  readonly onPhase?: (phase: PlanPhase) => void;
}

/**
 * Reads records back from Odoo and compares every mapped field with what
 * the plan computes from the source now. Records that pmap's own rules
 * reject are not expected in Odoo; records Odoo rejected in the last apply
 * are counted apart, since that run's reject file lists them.
 */
export async function verifyPlan(options: VerifyOptions): Promise<ObjectVerification[]> {
  const { plan, client, source } = options;
  const resolvedTargets = await resolveValueMapTargets(plan, client);
  const lookups = await resolveLookups(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets });
  const owners = await resolveOwners(plan, source, client, { valueMaps: plan.valueMaps, resolvedTargets, lookups }, options.projectDirectory);
  const context = { valueMaps: plan.valueMaps, resolvedTargets, lookups, ...(owners ? { owners: owners.userIds, ownerPartners: owners.partnerIds } : {}) };
  const phases = new Map(plan.phases.map((phase) => [phase.object, phase]));
  const redirects = new Map<string, Map<string, string>>();
  const results: ObjectVerification[] = [];

  for (const phase of plan.phases) {
    const blocked = owners?.blocked.get(phase.object);
    if (blocked) throw new OwnersUnresolvedError(phase.object, blocked);
    options.onPhase?.(phase);
    const comparison = new PhaseComparison(phase, client, odooRejectedKeys(options.projectDirectory, phase), options.sample);
    const counts: PhaseCounts = { sourceRows: 0, deduplicated: 0, created: 0, updated: 0, unchanged: 0 };
    await loadPhase(phase, {
      client,
      source,
      context,
      phases,
      redirects,
      rejects: new RejectSink(phase.object, undefined),
      linkProblems: new RejectSink(phase.object, undefined),
      compareOnly: {
        batch: (records) => comparison.addBatch(records),
        links: (record, _resId, expected, stored) => comparison.compareLinks(record, expected, stored),
      },
    }, counts);
    results.push(await comparison.finish());
  }
  return results;
}

/** Reads the keys of the records Odoo rejected in the last apply from its reject file. */
function odooRejectedKeys(projectDirectory: string, phase: PlanPhase): Set<string> {
  const path = join(projectDirectory, '.pmap', 'rejects', `${phase.externalId.prefix}.jsonl`);
  const keys = new Set<string>();
  if (!existsSync(path)) return keys;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { key: string; code: string };
    if (entry.code === 'odoo-rejected') keys.add(entry.key);
  }
  return keys;
}

/**
 * Compares one phase's records with Odoo. Without a sample it compares
 * batch by batch. With one it keeps the records of lowest seeded hash, so
 * the same seed picks the same records, and compares them when the first
 * pass ends (before the second pass reports its links).
 */
class PhaseComparison {
  private readonly mismatches: Mismatch[] = [];
  private readonly kept: { rank: string; record: PreparedRecord }[] = [];
  private sampleCompared = false;
  private checked = 0;
  private matched = 0;
  private knownRejects = 0;

  constructor(
    private readonly phase: PlanPhase,
    private readonly client: OdooClient,
    private readonly odooRejected: ReadonlySet<string>,
    private readonly sample: VerifyOptions['sample'],
  ) {}

  async addBatch(records: readonly PreparedRecord[]): Promise<void> {
    if (!this.sample) {
      await this.compare(records);
      return;
    }
    for (const record of records) this.kept.push({ rank: sampleRank(this.sample.seed, record.externalId), record });
    this.kept.sort((a, b) => compareRanks(a.rank, b.rank));
    this.kept.length = Math.min(this.kept.length, this.sample.size);
  }

  compareLinks(record: { key: string; externalId: string }, expected: Record<string, OdooValue>, stored: Record<string, unknown> | undefined): void {
    if (this.sample && !this.kept.some((entry) => entry.record.externalId === record.externalId)) return;
    for (const [field, value] of Object.entries(expected)) {
      const raw = stored?.[field];
      const actual = Array.isArray(raw) ? raw[0] : (raw ?? false);
      if (actual !== value) this.mismatch(record.key, field, value, actual);
    }
  }

  /** Compares the sample, if any, and returns the phase's result. */
  async finish(): Promise<ObjectVerification> {
    if (this.sample && !this.sampleCompared) {
      this.sampleCompared = true;
      await this.compare(this.kept.map((entry) => entry.record));
    }
    return this.result();
  }

  result(): ObjectVerification {
    return { object: this.phase.object, model: this.phase.model, checked: this.checked, matched: this.matched, knownRejects: this.knownRejects, mismatches: this.mismatches };
  }

  private async compare(records: readonly PreparedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { phase, client } = this;
    const links = await client.searchRead(
      'ir.model.data',
      [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['name', 'in', records.map((record) => record.externalId)]],
      ['name', 'res_id'],
    );
    const ids = new Map(links.map((row) => [String(row.name), Number(row.res_id)]));
    const fields = phase.fields.filter((field) => !field.secondPass);
    const stored = new Map((await client.read(phase.model, [...ids.values()], fields.map((field) => field.field))).map((row) => [row.id, row]));

    for (const record of records) {
      this.checked += 1;
      const resId = ids.get(record.externalId);
      const current = resId === undefined ? undefined : stored.get(resId);
      if (!current) {
        if (this.odooRejected.has(record.key)) this.knownRejects += 1;
        else this.mismatch(record.key, '(record)', 'in Odoo', resId === undefined ? 'no external id' : `external id points to deleted id ${resId}`);
        continue;
      }
      let same = true;
      for (const field of fields) {
        const sent = record.values[field.field]!;
        const expected = typeof sent === 'string' ? odooStoredForm(phase.model, field.field, sent) : sent;
        const actual = normalizeReadValue(current[field.field], field);
        if (sameOdooValue(expected, actual, field)) continue;
        same = false;
        this.mismatch(record.key, field.field, expected, actual);
      }
      if (same) this.matched += 1;
    }
  }

  private mismatch(key: string, field: string, expected: unknown, actual: unknown): void {
    this.mismatches.push({ object: this.phase.object, key, field, expected, actual });
  }
}

/** Compares two hex ranks by code unit, so the order does not depend on the locale. */
function compareRanks(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

function sampleRank(seed: number, externalId: string): string {
  return createHash('sha1').update(`${seed}\u0000${externalId}`).digest('hex');
}
