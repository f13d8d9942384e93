import type { ModelChoice } from './choose-model.js';
import { columnCandidates, type FieldCandidate, type ProposalContext } from './field-candidates.js';
import type { LeftOutColumn, ObjectProposal, ProposedAssignment, ProposedCustomField, ProposedValueMap } from './proposal-types.js';
import { pascalCase, propertyWords } from './property-words.js';
import { buildValueMap } from './value-map-skeleton.js';

/** The members of an existing spec that a draft leaves alone. */
export interface ExistingMembers {
  readonly fields: ReadonlySet<string>;
  readonly columns: ReadonlySet<string>;
  /** Names of value maps declared anywhere in the project. */
  readonly valueMaps: ReadonlySet<string>;
}

const nothingExisting: ExistingMembers = { fields: new Set(), columns: new Set(), valueMaps: new Set() };

/**
 * Drafts the members of one object: for every column its best field, each
 * field fed by one column at most, value map skeletons for the fields that
 * need them, and the columns left out with the reason. With `existing`, only
 * columns and fields that the spec does not map yet are considered.
 */
export function proposeObject(choice: ModelChoice, context: ProposalContext, existing: ExistingMembers = nothingExisting): ObjectProposal {
  const taken = new Map<string, string>();
  for (const field of existing.fields) taken.set(field, 'an existing line');
  const used = new Set<string>(existing.columns);
  const assignments: ProposedAssignment[] = [];
  const customFields: ProposedCustomField[] = [];
  const valueMaps: ProposedValueMap[] = [];
  const valueMapNames = new Set(existing.valueMaps);

  const isNewObject = existing.fields.size === 0 && existing.columns.size === 0;
  if (isNewObject) {
    for (const constant of choice.constants) {
      if (!context.model.fields[constant.field]) continue;
      assignments.push({ field: constant.field, expression: constant.value, columns: [], confidence: constant.confidence, evidence: constant.evidence });
      taken.set(constant.field, 'the model choice');
    }
  }

  const fullName = personName(context, used);
  if (fullName && !taken.has('name')) {
    assignments.push(fullName);
    taken.set('name', fullName.columns.join(' and '));
    for (const column of fullName.columns) used.add(column);
  }

  const columns = Object.keys(context.table.columns).filter((column) => !used.has(column)).sort();
  const outcomes = new Map(columns.map((column) => [column, columnCandidates(column, context)]));
  const ranked = [...outcomes.values()].flatMap((outcome) => outcome.candidates).sort(byConfidence);
  const accepted = new Map<string, FieldCandidate>();
  for (const candidate of ranked) {
    const column = candidate.columns[0]!;
    if (accepted.has(column) || taken.has(candidate.field)) continue;
    accepted.set(column, candidate);
    taken.set(candidate.field, column);
  }

  for (const [column, candidate] of [...accepted].sort(([a], [b]) => a.localeCompare(b))) {
    let expression = candidate.expression;
    if (candidate.valueMap) {
      const name = uniqueName(`${context.objectName}${pascalCase(propertyWords(candidate.field).filter((word) => word !== 'id'))}`, valueMapNames);
      valueMapNames.add(name);
      const heading = [`# proposed ${candidate.confidence.toFixed(2)}: ${candidate.evidence}`, `# one entry per value of ${column} in ${context.tableName}, with its row count`];
      valueMaps.push(buildValueMap(name, context.table.columns[column]!, candidate.valueMap, heading));
      expression = `${name}(${column})`;
    }
    expression = withFallback(candidate.field, expression!, column, context);
    assignments.push({ field: candidate.field, expression, columns: candidate.columns, confidence: candidate.confidence, evidence: candidate.evidence });
    if (candidate.customField) {
      const evidence = `the field that ${candidate.field} = ${expression} writes; pmap apply creates it in Odoo`;
      customFields.push({ name: candidate.field, ...candidate.customField, confidence: candidate.confidence, evidence });
    }
  }

  if (isNewObject) assignments.push(...requiredFallbacks(context, taken));

  const leftOut: LeftOutColumn[] = [];
  for (const [column, outcome] of outcomes) {
    if (accepted.has(column)) continue;
    const best = [...outcome.candidates].sort(byConfidence)[0];
    const reason = best ? `${best.field} is already fed by ${taken.get(best.field)}` : outcome.reason ?? `no field of ${context.modelName} corresponds to it`;
    leftOut.push({ column, reason });
  }

  return {
    table: context.tableName,
    objectName: context.objectName,
    key: context.key,
    model: context.modelName,
    evidence: choice.evidence,
    assignments: assignments.sort(nameFirst),
    customFields: customFields.sort((a, b) => a.name.localeCompare(b.name)),
    valueMaps: valueMaps.sort((a, b) => a.name.localeCompare(b.name)),
    leftOut: leftOut.sort((a, b) => a.column.localeCompare(b.column)),
  };
}

/** Orders assignments by field, with `name` first because it is the record's title. */
function nameFirst(a: ProposedAssignment, b: ProposedAssignment): number {
  if (a.field === 'name' || b.field === 'name') return Number(b.field === 'name') - Number(a.field === 'name');
  return a.field.localeCompare(b.field);
}

function byConfidence(a: FieldCandidate, b: FieldCandidate): number {
  return b.confidence - a.confidence || a.field.localeCompare(b.field) || a.columns[0]!.localeCompare(b.columns[0]!);
}

/** `join(" ", trim(FirstName), trim(LastName))` when a table splits a person's name in two. */
function personName(context: ProposalContext, used: ReadonlySet<string>): ProposedAssignment | undefined {
  if (!context.model.fields.name) return undefined;
  const columns = Object.keys(context.table.columns);
  const first = columns.find((column) => /^(py)?FirstName$/.test(column));
  const last = columns.find((column) => /^(py)?LastName$/.test(column));
  if (!first || !last || used.has(first) || used.has(last)) return undefined;
  return {
    field: 'name',
    expression: `join(" ", trim(${first}), trim(${last}))`,
    columns: [first, last],
    confidence: 0.9,
    evidence: `${first} and ${last} split the person's name, and Odoo keeps it in one field; join() skips an empty part`,
  };
}

/** Falls back to the key for a required text field fed by a column that can be empty, so Odoo does not reject the record. */
function withFallback(fieldName: string, expression: string, column: string, context: ProposalContext): string {
  const field = context.model.fields[fieldName];
  const nullable = context.table.columns[column]?.nullable ?? false;
  if (!field?.required || field.hasDefault || !nullable || field.type !== 'char' || context.key.length !== 1) return expression;
  return `coalesce(${expression}, ${context.key[0]})`;
}

/** Required fields nothing feeds: a text field gets the key, with low confidence, so the draft still checks. */
function requiredFallbacks(context: ProposalContext, taken: ReadonlyMap<string, string>): ProposedAssignment[] {
  const lines: ProposedAssignment[] = [];
  for (const [name, field] of Object.entries(context.model.fields).sort(([a], [b]) => a.localeCompare(b))) {
    if (!field.required || !field.store || field.hasDefault || taken.has(name)) continue;
    if (field.type !== 'char' && field.type !== 'text') continue;
    lines.push({
      field: name,
      expression: context.key.length === 1 ? context.key[0]! : `join(" ", ${context.key.join(', ')})`,
      columns: [],
      confidence: 0.3,
      evidence: `Odoo requires ${name} ("${field.string}") and no column looks alike, so the key stands in`,
    });
  }
  return lines;
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let counter = 2;
  while (taken.has(`${base}${counter}`)) counter += 1;
  return `${base}${counter}`;
}
