import type { PlanField } from '../../compiler/plan-types.js';
import { OdooFault } from '../odoo/odoo-errors.js';
import type { OdooClient } from '../odoo/odoo-client.js';
import { isStandInId, type PlannedRecords } from './planned-records.js';
import type { RecordReference, SampleValue } from './preview-types.js';

/**
 * Turns the values of sample records into what a reviewer reads: a link
 * becomes the linked record's name instead of a bare id. Values are noted
 * first, so the names come from one `read` per model.
 */
export class SampleNamer {
  private readonly names = new Map<string, Map<number, string>>();
  private readonly wanted = new Map<string, Set<number>>();

  constructor(private readonly planned: PlannedRecords) {}

  /** Notes a value as read from Odoo (`[id, name]` for many2one) or as apply would send it. */
  note(field: PlanField, raw: unknown): void {
    if (!field.relation) return;
    if (field.type === 'many2one' && Array.isArray(raw) && typeof raw[1] === 'string') {
      this.namesOf(field.relation).set(raw[0] as number, raw[1]);
      return;
    }
    for (const id of linkedIds(field, raw)) {
      if (isStandInId(id) || this.namesOf(field.relation).has(id)) continue;
      const ids = this.wanted.get(field.relation) ?? new Set<number>();
      ids.add(id);
      this.wanted.set(field.relation, ids);
    }
  }

  /** Reads the names of the noted records. A model the user may not read keeps its ids as names. */
  async resolve(client: OdooClient): Promise<void> {
    for (const [model, ids] of this.wanted) {
      let rows: Array<{ id: number; display_name?: unknown }>;
      try {
        rows = await client.read(model, [...ids], ['display_name']);
      } catch (error) {
        if (!(error instanceof OdooFault)) throw error;
        continue;
      }
      for (const row of rows) if (typeof row.display_name === 'string') this.namesOf(model).set(row.id, row.display_name);
    }
    this.wanted.clear();
  }

  value(field: PlanField, raw: unknown): SampleValue {
    if (field.type === 'many2one' && field.relation) {
      const [id] = linkedIds(field, raw);
      return id === undefined ? false : this.reference(field.relation, id);
    }
    if (field.type === 'many2many' && field.relation) return linkedIds(field, raw).map((id) => this.reference(field.relation!, id));
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
    return false;
  }

  private reference(model: string, id: number): RecordReference {
    if (isStandInId(id)) {
      const planned = this.planned.describe(id);
      return { model: planned?.model ?? model, id: null, name: planned?.name ?? 'a record this run creates' };
    }
    return { model, id, name: this.names.get(model)?.get(id) ?? `#${id}` };
  }

  private namesOf(model: string): Map<number, string> {
    const names = this.names.get(model) ?? new Map<number, string>();
    this.names.set(model, names);
    return names;
  }
}

/** Returns the ids in a link value: `[id, name]` or an id for many2one, `[[6, 0, ids]]` or a list of ids for many2many. */
function linkedIds(field: PlanField, raw: unknown): number[] {
  if (field.type === 'many2one') {
    if (Array.isArray(raw)) return typeof raw[0] === 'number' ? [raw[0]] : [];
    return typeof raw === 'number' ? [raw] : [];
  }
  if (!Array.isArray(raw)) return [];
  const command = raw[0];
  if (Array.isArray(command)) return (command[2] as number[] | undefined) ?? [];
  return raw.filter((id): id is number => typeof id === 'number');
}
