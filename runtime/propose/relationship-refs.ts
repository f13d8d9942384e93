import type { OdooModel, PegaSchema } from '../schema-types.js';
import { propertyWords } from './property-words.js';
import { wordSimilarity } from './similarity.js';

/** An object that a ref can name: one already in the specs, or one drafted in the same run. */
export interface KnownObject {
  readonly name: string;
  readonly table: string;
  readonly model: string;
  readonly key: readonly string[];
  /** True for a res.partner object of companies, false for people, undefined for other models. */
  readonly isCompany: boolean | undefined;
}

export interface ReferenceCandidate {
  readonly object: KnownObject;
  readonly confidence: number;
  readonly evidence: string;
}

/**
 * Finds the object a column points at: through a foreign key discovery
 * found, or because the column has the name of another table's one-column
 * key (contact.OrganizationID and organization's key OrganizationID).
 */
export function findReference(property: string, tableName: string, pegaSchema: PegaSchema, objects: readonly KnownObject[]): ReferenceCandidate | undefined {
  for (const relationship of pegaSchema.relationships ?? []) {
    if (relationship.kind !== 'foreign-key' || relationship.from !== tableName) continue;
    if (relationship.fromColumns.length !== 1 || relationship.fromColumns[0] !== property) continue;
    const object = objects.find((candidate) => candidate.table === relationship.to && sameKey(candidate.key, relationship.toColumns));
    if (object) return { object, confidence: 0.9, evidence: `the foreign key ${relationship.constraint ?? ''} links ${property} to ${relationship.to}, which object ${object.name} loads`.replace('  ', ' ') };
  }

  const byKeyName = objects.filter((object) => object.table !== tableName && object.key.length === 1 && object.key[0] === property);
  if (byKeyName.length === 1) {
    const object = byKeyName[0]!;
    return { object, confidence: 0.8, evidence: `${property} has the name of the key of ${object.table}, which object ${object.name} loads` };
  }
  return undefined;
}

function sameKey(key: readonly string[], columns: readonly string[]): boolean {
  return key.length === columns.length && key.every((column, index) => column === columns[index]);
}

/**
 * Picks the many2one field of `model` that links to the referenced object's
 * model, by likeness to the column's name. On res.partner a link to another
 * partner is the parent company (parent_id); elsewhere a link to a partner
 * is the customer (partner_id).
 */
export function chooseLinkField(property: string, modelName: string, model: OdooModel, relation: string): string | undefined {
  const fields = Object.entries(model.fields)
    .filter(([, field]) => field.type === 'many2one' && field.relation === relation && field.store && !field.readonly)
    .map(([name]) => name);
  if (fields.length === 0) return undefined;

  let preferred: string | undefined;
  if (modelName === relation) preferred = 'parent_id';
  else if (relation === 'res.partner') preferred = 'partner_id';
  const words = propertyWords(property).filter((word) => word !== 'id');
  const ranked = fields
    .map((name) => ({ name, score: wordSimilarity(words, propertyWords(name).filter((word) => word !== 'id')) + (name === preferred ? 0.5 : 0) }))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return ranked[0]!.name;
}
