// Odoo 16's import converters (ir.fields.converter): the text of one cell
// becomes a value for create or write, or an error or warning with Odoo's
// wording. `%(field)s` in the texts stands for the field label.

import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import { formatPythonString } from '../python/repr.js';
import { pythonFloat, pythonInt } from '../python/builtins.js';
import { slicePrefix, strptime } from '../python/strptime.js';
import type { Env } from './environment.js';
import { findXmlid } from './external-ids.js';
import { importTimezone, zonedTimeToUtc } from './import-timezone.js';
import { nameSearch } from './name-methods.js';
import { searchRecords } from './search.js';

/** The reference columns of a relational field: external id, database id or name (null). */
export type Subfield = 'id' | '.id' | null;

/** A relational cell: the values of one record's reference columns. */
export type SubRecord = ReadonlyMap<Subfield, string>;

export type CellValue = string | readonly SubRecord[];

/** A conversion failure. `extra` becomes keys of the message; Odoo then also adds `field_name`. */
export class ImportValueError extends Error {
  constructor(
    message: string,
    readonly extra?: Record<string, unknown>,
    /** Whether Odoo raises it with a second argument, which adds `field_name` to the message. */
    readonly hasDetails = true,
  ) {
    super(message);
  }
}

/** A conversion that succeeded on an assumption the user should know about. */
export class ImportWarning extends Error {}

export interface Conversion {
  value: unknown;
  warnings: (ImportWarning | ImportValueError)[];
}

export interface ConverterContext {
  env: Env;
  model: ModelDefinition;
  /** The module of external ids written without one, `__import__` by default. */
  currentModule: string;
  /** Makes pending records of the same load exist before an external id is looked up. */
  flush(xmlid: string): void;
}

const TRUE_WORDS = new Set(['1', 'true', 'yes']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no']);

/** Converts one non-empty cell of a field. */
export function convertCell(context: ConverterContext, field: FieldInfo, value: CellValue): Conversion {
  if (typeof value !== 'string') return convertRelational(context, field, value);

  switch (field.type) {
    case 'boolean':
      return convertBoolean(value);
    case 'integer':
    case 'many2one_reference':
      return { value: parseNumber(value, pythonInt, 'an integer'), warnings: [] };
    case 'float':
    case 'monetary':
      return { value: parseNumber(value, pythonFloat, 'a number'), warnings: [] };
    case 'date':
      return { value: convertDate(value), warnings: [] };
    case 'datetime':
      return { value: convertDatetime(context.env, value), warnings: [] };
    case 'selection':
      return { value: convertSelection(field, value), warnings: [] };
    case 'json':
      return { value: convertJson(value), warnings: [] };
    case 'properties':
      throw new ImportValueError(`Unable to import field type '${field.type}'  `, undefined);
    case 'many2one':
    case 'many2many':
    case 'one2many':
      // A plain column on a relational field names the record.
      return convertRelational(context, field, [new Map([[null, value]])]);
    default:
      return { value, warnings: [] };
  }
}

function convertBoolean(value: string): Conversion {
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return { value: true, warnings: [] };
  if (FALSE_WORDS.has(word)) return { value: false, warnings: [] };
  // Odoo logs this as an error but still imports True.
  const warning = new ImportValueError(`Unknown value '${value}' for boolean field '%(field)s'`, {
    moreinfo: "Use '1' for yes and '0' for no",
  });
  return { value: true, warnings: [warning] };
}

function parseNumber(value: string, parse: (text: string) => number, kind: string): number {
  try {
    return parse(value);
  } catch {
    throw new ImportValueError(`'${value}' does not seem to be ${kind} for field '%(field)s'`);
  }
}

function convertDate(value: string): string {
  try {
    const parsed = strptime(value.slice(0, 10), '%Y-%m-%d');
    return formatDate(parsed.year, parsed.month, parsed.day);
  } catch {
    throw new ImportValueError(`'${value}' does not seem to be a valid date for field '%(field)s'`, {
      moreinfo: "Use the format '2012-12-31'",
    });
  }
}

/** Parses a datetime written in the import time zone and returns it in UTC, as Odoo stores it. */
function convertDatetime(env: Env, value: string): string {
  let wallClock: number;
  try {
    const parsed = strptime(value, slicePrefix('%Y-%m-%d %H:%M:%S', value.length - 2));
    wallClock = Date.UTC(parsed.year, parsed.month - 1, parsed.day, parsed.hour, parsed.minute, parsed.second);
  } catch {
    throw new ImportValueError(`'${value}' does not seem to be a valid datetime for field '%(field)s'`, {
      moreinfo: "Use the format '2012-12-31 23:59:59'",
    });
  }
  const utc = new Date(zonedTimeToUtc(wallClock, importTimezone(env)));
  return utc.toISOString().slice(0, 19).replace('T', ' ');
}

/** Matches the key or the label, ignoring case. */
function convertSelection(field: FieldInfo, value: string): unknown {
  const lower = value.toLowerCase();
  for (const [key, label] of field.selection ?? []) {
    if (String(key).toLowerCase() === lower || label.toLowerCase() === lower) return key;
  }
  const labels = (field.selection ?? []).filter(([key, label]) => label || key).map(([key, label]) => label || String(key));
  throw new ImportValueError(`Value '${value}' not found in selection field '%(field)s'`, { moreinfo: labels });
}

function convertJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new ImportValueError(`'${value}' does not seem to be a valid JSON for field '%(field)s'`);
  }
}

function convertRelational(context: ConverterContext, field: FieldInfo, records: readonly SubRecord[]): Conversion {
  if (field.type === 'one2many') {
    throw new ImportValueError(
      `The Odoo sandbox does not emulate importing one2many fields such as '%(field)s'; import the child records separately.`,
      undefined,
      false,
    );
  }
  const [record] = records;
  if (!record) return { value: false, warnings: [] };
  const subfield = referencingSubfield(record);
  const cell = record.get(subfield) ?? '';

  if (field.type === 'many2one') {
    const { id, warnings } = findRecordId(context, field, subfield, cell);
    return { value: id, warnings };
  }

  const ids: number[] = [];
  const warnings: Conversion['warnings'] = [];
  for (const reference of cell.split(',')) {
    const found = findRecordId(context, field, subfield, reference);
    if (typeof found.id === 'number') ids.push(found.id);
    warnings.push(...found.warnings);
  }
  const link = context.env.context.update_many2many === true;
  return { value: link ? ids.map((id) => [4, id]) : [[6, 0, ids]], warnings };
}

function referencingSubfield(record: SubRecord): Subfield {
  const keys = [...record.keys()];
  if (keys.some((key) => key !== null && key !== 'id' && key !== '.id')) {
    throw new ImportValueError('Can not create Many-To-One records indirectly, import the field separately', undefined, false);
  }
  if (keys.length > 1) {
    throw new ImportValueError(
      "Ambiguous specification for field '%(field)s', only provide one of name, external id or database id",
      undefined,
      false,
    );
  }
  return keys[0] ?? null;
}

/** Finds the record a reference names, as Odoo's db_id_for does. */
function findRecordId(
  context: ConverterContext,
  field: FieldInfo,
  subfield: Subfield,
  value: string,
): { id: number | false; warnings: Conversion['warnings'] } {
  const { env } = context;
  const comodelName = field.relation ?? '';
  const comodel = env.registry.get(comodelName);
  const action: Record<string, unknown> = {
    name: 'Possible Values',
    type: 'ir.actions.act_window',
    target: 'new',
    view_mode: 'tree,form',
    views: [
      [false, 'list'],
      [false, 'form'],
    ],
    context: { create: false },
    help: 'See all possible values',
  };
  let id: number | undefined;
  let fieldType: string;
  const warnings: Conversion['warnings'] = [];

  if (subfield === '.id') {
    fieldType = 'database id';
    action.res_model = 'ir.model.data';
    action.domain = [['model', '=', comodelName]];
    if (!convertBoolean(value).value) return { id: false, warnings };
    if (!/^\s*[+-]?\d+\s*$/.test(value)) {
      throw new ImportValueError(`Invalid database id '${value}' for the field '%(field)s'`, { moreinfo: action });
    }
    const tentative = Number.parseInt(value, 10);
    if (comodel && searchRecords(env, comodel, [['id', '=', tentative]]).length > 0) id = tentative;
  } else if (subfield === 'id') {
    fieldType = 'external id';
    action.res_model = 'ir.model.data';
    action.domain = [['model', '=', comodelName]];
    if (!convertBoolean(value).value) return { id: false, warnings };
    const xmlid = value.includes('.') ? value : `${context.currentModule}.${value}`;
    context.flush(xmlid);
    id = xmlidToRecordId(env, xmlid, comodelName);
  } else {
    fieldType = 'name';
    action.res_model = comodelName;
    if (value === '') return { id: false, warnings };
    const matches = comodel ? nameSearch(env, comodel, value, [], '=', 100) : [];
    if (matches.length > 1) {
      warnings.push(
        new ImportWarning(`Found multiple matches for value '${value}' in field '%(field)s' (${matches.length} matches)`),
      );
    }
    id = matches[0]?.[0];
  }

  if (id === undefined) {
    throw new ImportValueError(`No matching record found for ${fieldType} '${value}' in field '%(field)s'`, {
      moreinfo: action,
    });
  }
  return { id, warnings };
}

/** Resolves an external id to a record of `comodel` that exists, or undefined. */
function xmlidToRecordId(env: Env, xmlid: string, comodel: string): number | undefined {
  const row = findXmlid(env, xmlid);
  // Odoo joins the comodel's table on res_id, so an id of a deleted record (or of a
  // record of another model whose id is free in this table) finds nothing.
  if (!row || typeof row.res_id !== 'number' || !env.store.has(comodel, row.res_id)) return undefined;
  if (row.model !== comodel) {
    throw new ImportValueError(
      `Invalid external ID ${xmlid}: expected model ${formatPythonString(comodel)}, found ${formatPythonString(String(row.model))}`,
      undefined,
      false,
    );
  }
  return row.res_id;
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
