import type { OdooField, OdooModel, OdooSchema, PegaSchema, PegaTable } from '../schema-types.js';
import { bookkeepingColumns, knownCorrespondences, type KnownCorrespondence } from './known-correspondences.js';
import { propertyWords, snakeCase } from './property-words.js';
import { chooseLinkField, findReference, type KnownObject } from './relationship-refs.js';
import { roundScore, wordSimilarity } from './similarity.js';
import { convertColumn, isProposableField, type PhoneRegion } from './type-conversion.js';
import type { ValueMapTarget } from './value-map-skeleton.js';
import { columnShape, type ValueShape } from './value-shapes.js';

/** The schemas, table and objects that the candidates of one table are proposed against. */
export interface ProposalContext {
  readonly tableName: string;
  readonly table: PegaTable;
  readonly modelName: string;
  readonly model: OdooModel;
  readonly odooSchema: OdooSchema;
  readonly pegaSchema: PegaSchema;
  readonly key: readonly string[];
  readonly objectName: string;
  /** Objects refs may name: those in the specs and those drafted in this run. */
  readonly objects: readonly KnownObject[];
  readonly ownersConfigured: boolean;
  readonly region: PhoneRegion | undefined;
}

/** One way to map a column: into an Odoo field, or a custom field the draft declares. */
export interface FieldCandidate {
  readonly field: string;
  readonly columns: readonly string[];
  readonly confidence: number;
  readonly evidence: string;
  /** The expression; absent when a value map is to be applied to the column. */
  readonly expression?: string;
  readonly valueMap?: ValueMapTarget;
  readonly customField?: { readonly type: string; readonly label: string };
}

export interface ColumnOutcome {
  readonly candidates: readonly FieldCandidate[];
  /** The reason the column has no candidate, when it has none. */
  readonly reason?: string;
}

/** Words for the kind of value a column contains rather than its subject, so a name match on them alone is no evidence. */
const genericWords = new Set(['date', 'time', 'timestamp', 'id', 'code', 'type', 'number', 'no', 'is', 'flag', 'value', 'of', 'the', 'text', 'key', 'count', 'amount']);
/** The likeness of names below which a column is not proposed for a field it has no known correspondence with. */
const MIN_NAME_SCORE = 0.66;

/** Lists every field a column could be written to, with confidence and evidence. */
export function columnCandidates(property: string, context: ProposalContext): ColumnOutcome {
  const column = context.table.columns[property]!;
  const words = propertyWords(property);
  const shape = columnShape(property, column, words);

  if (context.key.includes(property)) return { candidates: [keyCustomField(property, words, context)] };
  const bookkeeping = bookkeepingColumns[property];
  if (bookkeeping) return { candidates: [], reason: bookkeeping };

  const candidates: FieldCandidate[] = [];
  const reasons: string[] = [];
  for (const known of knownCorrespondences) {
    const field = known.fields[context.modelName];
    if (!known.property.test(property) || !field) continue;
    const outcome = fromKnown(property, field, known, shape, context);
    if (typeof outcome === 'string') reasons.push(outcome);
    else if (outcome) candidates.push(outcome);
  }

  const reference = referenceCandidate(property, context);
  if (reference) candidates.push(reference);
  candidates.push(...nameCandidates(property, words, shape, context));
  if (candidates.length > 0) return { candidates };
  return { candidates, reason: reasons[0] ?? undraftedTarget(property, context) ?? `no field of ${context.modelName} corresponds to it` };
}

/** Returns the reason for a column that names records of a table no spec loads yet, because a ref needs that table's object first. */
function undraftedTarget(property: string, context: ProposalContext): string | undefined {
  const foreignKey = (context.pegaSchema.relationships ?? []).find((relationship) => relationship.kind === 'foreign-key' && relationship.from === context.tableName && relationship.fromColumns.length === 1 && relationship.fromColumns[0] === property);
  const byKeyName = Object.entries(context.pegaSchema.tables).find(([name, table]) => name !== context.tableName && table.key?.length === 1 && table.key[0] === property)?.[0];
  const target = foreignKey?.to ?? byKeyName;
  if (!target || context.objects.some((object) => object.table === target)) return undefined;
  return `it names records of ${target}; draft that table first, so that a ref can name its object`;
}

/** Proposes the business key for an `x_pega_…` char field, so people can find a record by its Pega id. */
function keyCustomField(property: string, words: readonly string[], context: ProposalContext): FieldCandidate {
  const isCase = property === 'pyID';
  const name = `x_pega_${isCase ? 'case_id' : snakeCase(words)}`;
  const label = `Pega ${isCase ? 'case ID' : words.join(' ').replace(/\bid\b/, 'ID')}`;
  return {
    field: name,
    columns: [property],
    confidence: 0.6,
    evidence: `${property} is the key of ${context.tableName}; a field of its own lets people search Odoo by it`,
    expression: property,
    customField: { type: 'char', label },
  };
}

function fromKnown(property: string, fieldName: string, known: KnownCorrespondence, shape: ValueShape, context: ProposalContext): FieldCandidate | string | undefined {
  const column = context.table.columns[property]!;
  const base = { field: fieldName, columns: [property], confidence: known.confidence };
  const field = context.model.fields[fieldName];

  switch (known.how) {
    case 'created': {
      let expression: string;
      if (column.type === 'datetime') expression = property;
      else if (shape.kind === 'pega-datetime') expression = `datetime(${property})`;
      else return undefined;
      return { ...base, expression, evidence: known.reason, customField: { type: 'datetime', label: 'Created in Pega' } };
    }
    case 'owner':
      if (field?.relation !== 'res.users') return undefined;
      if (!context.ownersConfigured) return `${known.reason}; add an owners: section to pmap.yaml to map operators to users with owner(${property})`;
      return { ...base, expression: `owner(${property})`, evidence: `${known.reason}; owner() finds the Odoo user paired with the operator in owners.yaml` };
    case 'customer': {
      const contact = context.objects.find((object) => object.model === 'res.partner' && object.isCompany !== true && object.key.length === 1);
      if (!contact || field?.relation !== 'res.partner') return contact ? undefined : `${known.reason}; draft the contact table first, so a ref can name it`;
      return { ...base, expression: `ref(${contact.name}, ${property})`, evidence: `${known.reason}; object ${contact.name} loads the customers` };
    }
    case 'value-map': {
      if (!field) return undefined;
      const target = valueMapTarget(field, context.odooSchema);
      if (!target || !column.distinctValues) return undefined;
      return { ...base, valueMap: target, evidence: `${known.reason}; ${column.distinctValues.length} values seen` };
    }
    case 'copy':
    case 'notes': {
      if (!field || !isProposableField(fieldName, field)) return undefined;
      const conversion = convertColumn(property, column, shape, field, context.region);
      if (!conversion) return undefined;
      const confidence = shapeAdjusted(known.confidence, fieldName, shape);
      return { ...base, confidence, expression: conversion.expression, evidence: joinEvidence(known.reason, shape, conversion.note) };
    }
  }
}

/** Lowers the confidence when the values do not have the shape the field expects (an "Email" column without addresses). */
function shapeAdjusted(confidence: number, field: string, shape: ValueShape): number {
  const wants: Record<string, string> = { email: 'email', email_from: 'email', phone: 'phone', mobile: 'phone', website: 'url' };
  const wanted = wants[field];
  if (!wanted) return confidence;
  if (shape.kind === wanted) return shape.fromValues ? Math.min(0.97, confidence + 0.05) : confidence;
  return shape.fromValues ? roundScore(confidence - 0.3) : confidence;
}

function joinEvidence(reason: string, shape: ValueShape, note: string): string {
  return [reason, shape.evidence, note].filter((part) => part.length > 0).join('; ');
}

/** Proposes a ref to the object the column points at, for the many2one field that links to that object's model. */
function referenceCandidate(property: string, context: ProposalContext): FieldCandidate | undefined {
  const reference = findReference(property, context.tableName, context.pegaSchema, context.objects);
  if (!reference || reference.object.key.length !== 1) return undefined;
  const field = chooseLinkField(property, context.modelName, context.model, reference.object.model);
  if (!field) return undefined;
  return {
    field,
    columns: [property],
    confidence: reference.confidence,
    expression: `ref(${reference.object.name}, ${property})`,
    evidence: `${reference.evidence}; ${field} links to ${reference.object.model}`,
  };
}

/** Fields whose name or label shares the column's words, with the conversion their types need. */
function nameCandidates(property: string, words: readonly string[], shape: ValueShape, context: ProposalContext): FieldCandidate[] {
  const column = context.table.columns[property]!;
  const candidates: FieldCandidate[] = [];
  for (const [fieldName, field] of Object.entries(context.model.fields)) {
    if (!isProposableField(fieldName, field)) continue;
    const score = nameScore(words, fieldName, field);
    if (score < MIN_NAME_SCORE) continue;
    const confidence = roundScore(0.4 + 0.45 * score);
    const why = `${property} and ${fieldName} ("${field.string}") have names alike (${score.toFixed(2)})`;

    if (field.type === 'many2one' && field.relation === 'res.country' && shape.kind === 'country-code') {
      candidates.push({ field: fieldName, columns: [property], confidence: roundScore(confidence + 0.1), expression: `lookup(res.country, code: upper(trim(${property})))`, evidence: `${why}; ${shape.evidence}; lookup() finds the country by its code` });
      continue;
    }
    if (field.type === 'selection' || field.type === 'many2one' || (field.type === 'boolean' && column.type === 'text' && shape.kind !== 'true-false-text')) {
      const target = valueMapTarget(field, context.odooSchema);
      if (target && column.distinctValues && column.distinctValues.length > 0) candidates.push({ field: fieldName, columns: [property], confidence: roundScore(confidence - 0.1), valueMap: target, evidence: `${why}; ${column.distinctValues.length} values seen` });
      continue;
    }
    const conversion = convertColumn(property, column, shape, field, context.region);
    if (conversion) candidates.push({ field: fieldName, columns: [property], confidence, expression: conversion.expression, evidence: joinEvidence(why, shape, conversion.note) });
  }
  return candidates;
}

function nameScore(words: readonly string[], fieldName: string, field: OdooField): number {
  const fieldWords = propertyWords(fieldName).filter((word) => !(field.type === 'many2one' && word === 'id'));
  const labelWords = propertyWords(field.string.replace(/[^A-Za-z0-9]+/g, ' '));
  const meaningful = words.filter((word) => !genericWords.has(word));
  const shares = (others: readonly string[]) => meaningful.some((word) => others.includes(word));
  const scores = [fieldWords, labelWords].filter(shares).map((others) => wordSimilarity(words, others));
  return Math.max(0, ...scores);
}

/** Returns the targets a value map into the field can have, or undefined when Odoo's side is unknown. */
export function valueMapTarget(field: OdooField, odooSchema: OdooSchema): ValueMapTarget | undefined {
  if (field.type === 'selection') return field.selection && field.selection.length > 0 ? { kind: 'selection', options: field.selection } : undefined;
  if (field.type === 'boolean') return { kind: 'boolean' };
  if (field.type !== 'many2one' || !field.relation || !odooSchema.models[field.relation]) return undefined;
  const records = odooSchema.referenceData?.[field.relation];
  if (!records) return undefined;
  return { kind: 'records', model: field.relation, names: records.filter((record) => !record.archived).map((record) => record.name) };
}
