import type { ObjectDeclaration, SpecFile } from '../../grammar/ast.js';
import { parseSpec, type SpecComment } from '../../grammar/parse-spec.js';
import type { OdooSchema, PegaSchema, PegaTable } from '../schema-types.js';
import { chooseModel, isSkipped, type ModelChoice, type SkippedTable } from './choose-model.js';
import type { ProposalContext } from './field-candidates.js';
import { mappedMembers, mergeIntoSpec } from './merge-into-spec.js';
import { proposeObject } from './propose-object.js';
import { CONFIRMED_CONFIDENCE, type ObjectProposal } from './proposal-types.js';
import { propertyWords } from './property-words.js';
import type { KnownObject } from './relationship-refs.js';
import { renderMembers, renderNewSpec } from './render-proposal.js';
import type { PhoneRegion } from './type-conversion.js';

export interface ProposeInputs {
  readonly pegaSchema: PegaSchema;
  readonly odooSchema: OdooSchema;
  /** The project's spec files, with paths like `specs/contact.pmap`. */
  readonly specs: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  readonly ownersConfigured: boolean;
}

export interface ProposeRequest {
  /** Pega tables, classes or object names to draft; empty for every table. */
  readonly objects: readonly string[];
  /** The Odoo model for the named objects, instead of the one chosen by correspondence. */
  readonly model?: string;
}

/** A spec file to write, and what changed in it. */
export interface ProposedFile {
  readonly path: string;
  readonly text: string;
  readonly created: boolean;
  readonly proposal: ObjectProposal;
}

export interface ProposeResult {
  readonly files: readonly ProposedFile[];
  readonly skipped: readonly SkippedTable[];
  /** Existing specs that already map every column. */
  readonly upToDate: readonly string[];
}

/** A request that names no table, class or object of the project. */
export class ProposeRequestError extends Error {}

interface ExistingObject {
  readonly declaration: ObjectDeclaration;
  readonly spec: SpecFile;
  readonly comments: readonly SpecComment[];
  readonly path: string;
  readonly text: string;
  readonly table: string;
}

/**
 * Drafts specs for a project. A Pega table without a spec gets a new file
 * when its records correspond to an Odoo model. A table with a spec gets new
 * lines for the columns the spec does not map yet. Returns the files to
 * write, and the caller writes them. Two runs on the same inputs return the
 * same text.
 */
export function proposeProject(inputs: ProposeInputs, request: ProposeRequest): ProposeResult {
  const existing = readExistingObjects(inputs);
  const tables = selectTables(inputs.pegaSchema, existing, request);
  const skipped: SkippedTable[] = [];
  const choices = new Map<string, ModelChoice>();
  for (const table of tables) {
    if (existing.has(table)) continue;
    const choice = chooseModel(table, inputs.pegaSchema.tables[table]!, inputs.odooSchema, request.model);
    if (isSkipped(choice)) skipped.push(choice);
    else choices.set(table, choice);
  }

  const objects = knownObjects(existing, choices);
  const takenObjectNames = new Set([...existing.values()].map((object) => object.declaration.name.text));
  const valueMapNames = new Set(existingValueMaps(inputs));
  const files: ProposedFile[] = [];
  const upToDate: string[] = [];
  const takenPaths = new Set(inputs.specs.map((spec) => spec.path));

  for (const table of tables) {
    const existingObject = existing.get(table);
    if (existingObject) {
      const file = extendSpec(existingObject, inputs, objects, valueMapNames);
      if (file) files.push(file);
      else upToDate.push(existingObject.path);
      continue;
    }
    const choice = choices.get(table);
    if (!choice) continue;
    const named = { ...choice, objectName: objects.find((object) => object.table === table)!.name };
    takenObjectNames.add(named.objectName);
    const proposal = proposeObject(named, contextFor(table, inputs, named.model, named.key, named.objectName, objects), { fields: new Set(), columns: new Set(), valueMaps: valueMapNames });
    for (const valueMap of proposal.valueMaps) valueMapNames.add(valueMap.name);
    const path = uniquePath(`specs/${kebabCase(named.objectName)}.pmap`, takenPaths);
    takenPaths.add(path);
    files.push({ path, text: renderNewSpec(proposal, path), created: true, proposal });
  }
  return { files, skipped, upToDate };
}

function extendSpec(object: ExistingObject, inputs: ProposeInputs, objects: readonly KnownObject[], valueMapNames: Set<string>): ProposedFile | undefined {
  const declaration = object.declaration;
  const model = declaration.model.text;
  if (!inputs.odooSchema.models[model]) return undefined;
  const mapped = mappedMembers(declaration, object.spec, object.comments);
  const key = declaration.key.map((name) => name.text);
  const choice: ModelChoice = { model, objectName: declaration.name.text, key, constants: [], evidence: `object ${declaration.name.text} in ${object.path}` };
  const context = contextFor(object.table, inputs, model, key, declaration.name.text, objects);
  const proposal = proposeObject(choice, context, { fields: mapped.fields, columns: mapped.columns, valueMaps: valueMapNames });
  if (proposal.assignments.length === 0 && proposal.customFields.length === 0 && proposal.leftOut.length === 0) return undefined;
  for (const valueMap of proposal.valueMaps) valueMapNames.add(valueMap.name);
  const text = mergeIntoSpec(object.text, declaration, object.spec, object.comments, renderMembers(proposal));
  return { path: object.path, text, created: false, proposal };
}

function contextFor(table: string, inputs: ProposeInputs, model: string, key: readonly string[], objectName: string, objects: readonly KnownObject[]): ProposalContext {
  const pegaTable = inputs.pegaSchema.tables[table]!;
  return {
    tableName: table,
    table: pegaTable,
    modelName: model,
    model: inputs.odooSchema.models[model]!,
    odooSchema: inputs.odooSchema,
    pegaSchema: inputs.pegaSchema,
    key,
    objectName,
    objects,
    ownersConfigured: inputs.ownersConfigured,
    region: phoneRegion(pegaTable),
  };
}

/** Finds the most common country of a table's country-code column, for reading national phone numbers. */
function phoneRegion(table: PegaTable): PhoneRegion | undefined {
  for (const [property, column] of Object.entries(table.columns).sort(([a], [b]) => a.localeCompare(b))) {
    if (!propertyWords(property).includes('country') || !column.distinctValues) continue;
    const codes = column.distinctValues.filter(([value]) => value !== null && /^[A-Z]{2}$/.test(value.trim()));
    if (codes.length === 0) continue;
    const [code, rows] = [...codes].sort((a, b) => b[1] - a[1] || a[0]!.localeCompare(b[0]!))[0]!;
    return { code: code!.trim(), evidence: `the most common ${property}, ${rows} rows` };
  }
  return undefined;
}

function readExistingObjects(inputs: ProposeInputs): Map<string, ExistingObject> {
  const found = new Map<string, ExistingObject>();
  for (const source of inputs.specs) {
    const parsed = parseSpec(source.path, source.text);
    for (const declaration of parsed.spec.declarations) {
      if (declaration.kind !== 'object') continue;
      const table = declaration.sourceKind === 'table'
        ? declaration.table.text
        : Object.entries(inputs.pegaSchema.tables).find(([, candidate]) => candidate.className === declaration.table.text)?.[0];
      if (!table || !inputs.pegaSchema.tables[table] || found.has(table)) continue;
      found.set(table, { declaration, spec: parsed.spec, comments: parsed.comments, path: source.path, text: source.text, table });
    }
  }
  return found;
}

function existingValueMaps(inputs: ProposeInputs): string[] {
  return inputs.specs.flatMap((source) => parseSpec(source.path, source.text).spec.declarations.flatMap((declaration) => (declaration.kind === 'values' ? [declaration.name.text] : [])));
}

/** Resolves the requested names to tables: a table name, a class one table stores, or an object of the specs. */
function selectTables(pegaSchema: PegaSchema, existing: ReadonlyMap<string, ExistingObject>, request: ProposeRequest): string[] {
  const all = Object.keys(pegaSchema.tables).sort();
  if (request.objects.length === 0) {
    if (request.model !== undefined) throw new ProposeRequestError('--model needs the tables it applies to: pmap propose [project] <table> --model <model>');
    return all;
  }
  const selected = new Set<string>();
  for (const name of request.objects) {
    const byClass = all.filter((table) => pegaSchema.tables[table]!.className === name);
    const byObject = [...existing.values()].filter((object) => object.declaration.name.text === name).map((object) => object.table);
    let table: string | undefined = byObject[0];
    if (pegaSchema.tables[name]) table = name;
    else if (byClass.length === 1) table = byClass[0];
    if (!table) throw new ProposeRequestError(`${name} is not a table or class in schemas/pega.json, nor an object in specs/; run pmap discover pega if the table is new`);
    selected.add(table);
  }
  return [...selected].sort();
}

function knownObjects(existing: ReadonlyMap<string, ExistingObject>, choices: ReadonlyMap<string, ModelChoice>): KnownObject[] {
  const objects: KnownObject[] = [];
  const names = new Set<string>();
  for (const object of existing.values()) {
    const declaration = object.declaration;
    const isCompany = declaration.assignments.find((assignment) => assignment.field.text === 'is_company');
    const flag = isCompany?.value.kind === 'literal' && isCompany.value.literal.kind === 'boolean' ? isCompany.value.literal.value : undefined;
    objects.push({ name: declaration.name.text, table: object.table, model: declaration.model.text, key: declaration.key.map((key) => key.text), isCompany: declaration.model.text === 'res.partner' ? flag ?? false : undefined });
    names.add(declaration.name.text);
  }
  for (const [table, choice] of [...choices].sort(([a], [b]) => a.localeCompare(b))) {
    let name = choice.objectName;
    for (let counter = 2; names.has(name); counter += 1) name = `${choice.objectName}${counter}`;
    names.add(name);
    const company = choice.constants.find((constant) => constant.field === 'is_company');
    objects.push({ name, table, model: choice.model, key: choice.key, isCompany: company ? company.value === 'true' : undefined });
  }
  return objects;
}

function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function uniquePath(path: string, taken: ReadonlySet<string>): string {
  if (!taken.has(path)) return path;
  for (let counter = 2; ; counter += 1) {
    const candidate = path.replace(/\.pmap$/, `-${counter}.pmap`);
    if (!taken.has(candidate)) return candidate;
  }
}

/** Counts a proposal's lines and how many of them wait for review. */
export function proposalCounts(proposal: ObjectProposal): { lines: number; toReview: number; leftOut: number } {
  const confidences = [...proposal.assignments.map((line) => line.confidence), ...proposal.customFields.map((field) => field.confidence)];
  const entries = proposal.valueMaps.flatMap((valueMap) => valueMap.entries);
  return {
    lines: confidences.length + entries.length,
    toReview: confidences.filter((confidence) => confidence < CONFIRMED_CONFIDENCE).length + entries.filter((entry) => !entry.confirmed).length,
    leftOut: proposal.leftOut.length,
  };
}
