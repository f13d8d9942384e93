import type { PlanField, PlanPhase } from '../../compiler/plan-types.js';
import type { OdooValue } from '../convert-value.js';
import { escapeLike } from '../odoo/like-pattern.js';
import type { OdooClient, OdooRecord } from '../odoo/odoo-client.js';
import { changedValues, type PreparedRecord } from '../upsert-batch.js';
import type { PlannedRecords } from './planned-records.js';
import type { PreviewRejectSink } from './preview-reject-sink.js';
import type { CreateSample, UpdateSample } from './preview-types.js';
import type { SampleNamer } from './sample-namer.js';

/** A changed field with the value stored in Odoo (as read) and the value apply would send. */
interface RawChange {
  readonly field: PlanField;
  readonly before: unknown;
  readonly after: unknown;
}

interface RawUpdate {
  readonly key: string;
  readonly externalId: string;
  readonly id: number;
  readonly changes: RawChange[];
}

export interface PhasePreviewOptions {
  readonly phase: PlanPhase;
  readonly client: OdooClient;
  readonly planned: PlannedRecords;
  readonly rejects: PreviewRejectSink;
  /** Sample records kept per kind (create, update). */
  readonly sampleSize: number;
  /** The model's fields that exist in Odoo; a custom field still to be added reads as empty. */
  readonly odooFields: ReadonlySet<string>;
}

/**
 * Sorts one phase's records, as apply would send them, into creates,
 * updates and unchanged records by comparing them with the Odoo records
 * under their external ids. It follows the upsert's rules: `create-only`
 * leaves existing records alone, a `match` field adopts a single free Odoo
 * record, and an external id whose record was deleted means a create.
 * It only reads from Odoo.
 */
export class PhasePreview {
  created = 0;
  updated = 0;
  unchanged = 0;
  /** Existing Odoo records that a `match` rule would give pmap's external id. */
  adopted = 0;

  private readonly createSamples: PreparedRecord[] = [];
  private readonly updateSamples = new Map<string, RawUpdate>();
  /** The first pass's verdict on existing records, so a changed link can turn an unchanged record into an update. */
  private readonly verdicts = new Map<string, 'update' | 'unchanged'>();
  /** Match values seen in this phase, with the record that claimed each first. */
  private readonly claimed = new Map<unknown, string>();
  /** Odoo ids a match rule adopted in this phase. */
  private readonly adoptedIds = new Set<number>();
  private readonly readFields: string[];
  private readonly hasSecondPass: boolean;

  constructor(private readonly options: PhasePreviewOptions) {
    this.readFields = options.phase.fields.filter((field) => !field.secondPass && options.odooFields.has(field.field)).map((field) => field.field);
    this.hasSecondPass = options.phase.fields.some((field) => field.secondPass);
  }

  async addBatch(records: readonly PreparedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { phase } = this.options;
    const ids = await this.externalIds(records);
    const stored = await this.readRecords([...ids.values()]);

    const toMatch: PreparedRecord[] = [];
    for (const record of records) {
      const resId = ids.get(record.externalId);
      const current = resId === undefined ? undefined : stored.get(resId);
      if (resId !== undefined && current) {
        this.compare(record, resId, current, phase.mode === 'create-only');
      } else if (resId === undefined && phase.match) {
        toMatch.push(record);
      } else {
        // Also a record whose external id outlived it: apply creates it again.
        this.planCreate(record);
      }
    }
    await this.adoptMatches(toMatch);
  }

  /**
   * Receives the second pass's link values of an existing record and counts a changed link as an update.
   * NOTE: the second pass sees only records that carry an external id now, so the links of records
   * this run would create or adopt are neither compared nor shown in their samples.
   */
  compareLinks(record: { key: string; externalId: string }, resId: number, expected: Record<string, OdooValue>, stored: Record<string, unknown> | undefined): void {
    const changes: RawChange[] = [];
    for (const [name, value] of Object.entries(expected)) {
      const raw = stored?.[name];
      const storedId = Array.isArray(raw) ? raw[0] : (raw ?? false);
      if (storedId === value) continue;
      changes.push({ field: this.field(name), before: raw ?? false, after: value });
    }
    if (changes.length === 0) return;

    if (this.verdicts.get(record.externalId) === 'unchanged') {
      this.unchanged -= 1;
      this.updated += 1;
      this.verdicts.set(record.externalId, 'update');
    }
    const sample = this.updateSamples.get(record.externalId);
    if (sample) sample.changes.push(...changes);
    else if (this.updateSamples.size < this.options.sampleSize) this.updateSamples.set(record.externalId, { key: record.key, externalId: record.externalId, id: resId, changes });
  }

  /** Notes the sample values, so their linked records can be named in one read per model. */
  noteSamples(namer: SampleNamer): void {
    for (const record of this.createSamples) {
      for (const field of this.firstPassFields()) namer.note(field, record.values[field.field]);
    }
    for (const sample of this.updateSamples.values()) {
      for (const change of sample.changes) {
        namer.note(change.field, change.before);
        namer.note(change.field, change.after);
      }
    }
  }

  samples(namer: SampleNamer): { create: CreateSample[]; update: UpdateSample[] } {
    const create = this.createSamples.map((record) => ({
      key: record.key,
      externalId: record.externalId,
      values: Object.fromEntries(this.firstPassFields().map((field) => [field.field, namer.value(field, record.values[field.field])])),
    }));
    const update = [...this.updateSamples.values()].map((sample) => ({
      key: sample.key,
      externalId: sample.externalId,
      id: sample.id,
      changes: sample.changes.map((change) => ({ field: change.field.field, before: namer.value(change.field, change.before), after: namer.value(change.field, change.after) })),
    }));
    return { create, update };
  }

  private compare(record: PreparedRecord, resId: number, current: OdooRecord, keepAsIs: boolean): void {
    const changed = keepAsIs ? {} : changedValues(this.options.phase, record.values, current);
    const names = Object.keys(changed);
    if (names.length === 0) {
      this.unchanged += 1;
      if (this.hasSecondPass) this.verdicts.set(record.externalId, 'unchanged');
      return;
    }

    this.updated += 1;
    if (this.hasSecondPass) this.verdicts.set(record.externalId, 'update');
    if (this.updateSamples.size >= this.options.sampleSize) return;
    const changes = names.map((name) => ({ field: this.field(name), before: current[name] ?? false, after: changed[name] }));
    this.updateSamples.set(record.externalId, { key: record.key, externalId: record.externalId, id: resId, changes });
  }

  private planCreate(record: PreparedRecord): void {
    const { phase, planned } = this.options;
    this.created += 1;
    const name = typeof record.values.name === 'string' && record.values.name.trim() !== '' ? record.values.name : `${phase.object} ${record.key}`;
    planned.add(phase.object, phase.model, record.externalId, name);
    if (this.createSamples.length < this.options.sampleSize) this.createSamples.push(record);
  }

  /**
   * Finds, for records without an external id, the Odoo record that the
   * match field would adopt, with the rules and messages of the upsert. The
   * first record with a value claims it, and later ones with the same value
   * are rejected. A value with several candidates, or only taken ones, is rejected too.
   */
  private async adoptMatches(records: readonly PreparedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { phase, client, rejects } = this.options;
    const field = phase.match!.field;
    const isText = ['char', 'text'].includes(this.field(field).type);
    const comparable = (value: unknown) => (isText ? String(value).toLowerCase() : value);

    const withValue: PreparedRecord[] = [];
    for (const record of records) {
      const value = record.values[field];
      if (value === false || value === '') {
        this.planCreate(record);
        continue;
      }
      const first = this.claimed.get(comparable(value));
      if (first !== undefined) {
        rejects.add(record.key, {
          code: 'ambiguous-match',
          message: `match ${field}: ${JSON.stringify(String(value))} is also the ${field} of ${first} in this run; merge such records with a dedupe rule`,
          summary: `match ${field} is ambiguous or already taken`,
        }, record.values);
        continue;
      }
      this.claimed.set(comparable(value), record.key);
      withValue.push(record);
    }
    if (withValue.length === 0) return;

    const leaves = withValue.map((record) => (isText ? [field, '=ilike', escapeLike(String(record.values[field]))] : [field, '=', record.values[field]]));
    const domain = [...Array(Math.max(0, leaves.length - 1)).fill('|'), ...leaves];
    const candidates = await client.searchRead(phase.model, domain, [...new Set([field, ...this.readFields])]);
    const taken = await this.externalIdsOf(candidates.map((candidate) => candidate.id));

    for (const record of withValue) {
      const value = String(record.values[field]);
      const matches = candidates.filter((candidate) => comparable(candidate[field]) === comparable(record.values[field]));
      if (matches.length === 0) {
        this.planCreate(record);
        continue;
      }
      const free = matches.filter((candidate) => !taken.has(candidate.id) && !this.adoptedIds.has(candidate.id));
      if (matches.length > 1 || free.length === 0) {
        const why = matches.length > 1
          ? `${matches.length} ${phase.model} records have ${field} = ${JSON.stringify(value)} (ids ${matches.map((candidate) => candidate.id).join(', ')}); pmap adopts only a single match`
          : `the ${phase.model} record with ${field} = ${JSON.stringify(value)} (id ${matches[0]!.id}) already carries a pmap external id; merge duplicates with a dedupe rule`;
        rejects.add(record.key, { code: 'ambiguous-match', message: `match ${field}: ${why}`, summary: `match ${field} is ambiguous or already taken` }, record.values);
        continue;
      }
      this.adoptedIds.add(free[0]!.id);
      this.adopted += 1;
      this.compare(record, free[0]!.id, free[0]!, false);
    }
  }

  private async externalIds(records: readonly PreparedRecord[]): Promise<Map<string, number>> {
    const { phase, client } = this.options;
    const rows = await client.searchRead(
      'ir.model.data',
      [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['name', 'in', records.map((record) => record.externalId)]],
      ['name', 'res_id'],
    );
    return new Map(rows.map((row) => [String(row.name), Number(row.res_id)]));
  }

  private async externalIdsOf(ids: number[]): Promise<Set<number>> {
    const { phase, client } = this.options;
    if (ids.length === 0) return new Set();
    const rows = await client.searchRead('ir.model.data', [['module', '=', phase.externalId.module], ['model', '=', phase.model], ['res_id', 'in', ids]], ['res_id']);
    return new Set(rows.map((row) => Number(row.res_id)));
  }

  private async readRecords(ids: number[]): Promise<Map<number, OdooRecord>> {
    const rows = await this.options.client.read(this.options.phase.model, ids, this.readFields);
    return new Map(rows.map((row) => [row.id, row]));
  }

  private firstPassFields(): PlanField[] {
    return this.options.phase.fields.filter((field) => !field.secondPass);
  }

  private field(name: string): PlanField {
    return this.options.phase.fields.find((field) => field.field === name)!;
  }
}
