// The ORM's load(fields, data): Odoo 16's import API. Each row of strings
// becomes a record, created or, when its external id (`id` column) or
// database id (`.id` column) exists, updated. Problems are returned as
// messages with Odoo's texts, and one error undoes the whole call: the
// result is then `{ids: False, ...}`.
//
// Left out: one2many sub-columns (`child_ids/name`) and their continuation
// rows, `name_create_enabled_fields`, `import_skip_records`,
// `import_set_empty_fields`, and translations of boolean words.

import { keyError, OdooException, PythonException, type SqlErrorDetail } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import { pythonStr } from '../python/repr.js';
import type { Env } from './environment.js';
import { createXmlid, findXmlid } from './external-ids.js';
import {
  convertCell,
  ImportValueError,
  ImportWarning,
  type CellValue,
  type ConverterContext,
  type Subfield,
  type SubRecord,
} from './import-converters.js';
import { searchRecords } from './search.js';

export interface ImportMessage {
  type: 'error' | 'warning';
  message: string;
  rows?: { from: number; to: number };
  record?: number;
  field?: string;
  moreinfo?: unknown;
  field_name?: string;
}

export interface LoadResult {
  ids: number[] | false;
  messages: ImportMessage[];
  nextrow: number;
}

interface ColumnPath {
  field: string;
  subfield: Subfield;
}

interface PendingRecord {
  xmlid: string | undefined;
  databaseId: number | undefined;
  values: Record<string, unknown>;
  info: { rows: { from: number; to: number }; record: number };
}

const ERROR_CUTOFF = 10;

/** Thrown inside the load's savepoint to undo everything when a message is an error. */
class LoadRollback extends Error {}

export function loadRecords(env: Env, model: ModelDefinition, fields: unknown, data: unknown): LoadResult {
  const columns = (Array.isArray(fields) ? fields : []).map((spec) => parseColumn(pythonStr(spec)));
  for (const column of columns) {
    if (column.field !== 'id' && column.field !== '.id' && !model.fields.has(column.field)) throw keyError(column.field);
  }
  const rows = (Array.isArray(data) ? data : []).map((row) => (Array.isArray(row) ? row.map(cellText) : []));
  const currentModule = typeof env.context.module === 'string' ? env.context.module : '__import__';
  const limit = typeof env.context._import_limit === 'number' ? env.context._import_limit : Infinity;

  let result: LoadResult = { ids: [], messages: [], nextrow: 0 };
  try {
    env.store.savepoint(() => {
      result = runLoad(env, model, columns, rows, currentModule, limit);
      if (result.messages.some((message) => message.type === 'error')) throw new LoadRollback();
    });
  } catch (error) {
    if (!(error instanceof LoadRollback)) throw error;
    result = { ...result, ids: false };
  }
  return result;
}

function runLoad(
  env: Env,
  model: ModelDefinition,
  columns: readonly ColumnPath[],
  rows: readonly string[][],
  currentModule: string,
  limit: number,
): LoadResult {
  const ids: number[] = [];
  const messages: ImportMessage[] = [];
  const batch: PendingRecord[] = [];
  const noupdate = env.context.noupdate === true;
  let stopped = false;

  const flush = () => {
    if (stopped) return;
    const pending = batch.splice(0);
    let errors = 0;
    pending.forEach((record, index) => {
      if (stopped) return;
      const failure = saveRecord(env, model, record, currentModule, noupdate, ids);
      if (!failure) return;
      messages.push({ ...record.info, type: 'error', ...failure });
      errors += 1;
      if (errors >= ERROR_CUTOFF && errors >= (index + 1) / 10) {
        messages.push({
          type: 'warning',
          message:
            'Found more than 10 errors and more than one error per 10 records, interrupted to avoid showing too many errors.',
        });
        stopped = true;
      }
    });
  };

  const context: ConverterContext = {
    env,
    model,
    currentModule,
    // Records waiting in the batch are saved before an external id of theirs is looked up.
    flush: (xmlid) => {
      if (batch.some((record) => record.xmlid === xmlid)) flush();
    },
  };

  let lastRow = -1;
  for (let index = 0; index < rows.length && index < limit; index += 1) {
    const info = { rows: { from: index, to: index }, record: index };
    const record = extractRecord(model, columns, rows[index] ?? []);
    const values = convertRecord(context, record, info, messages);

    const xmlid = typeof record.get('id') === 'string' && record.get('id') !== '' ? String(record.get('id')) : undefined;
    const databaseId = checkDatabaseId(env, model, record.get('.id'), info, messages);
    batch.push({ xmlid: xmlid && !xmlid.includes('.') ? `${currentModule}.${xmlid}` : xmlid, databaseId, values, info });
    lastRow = index;
  }
  flush();

  const nextrow = lastRow + 1 < limit ? 0 : lastRow + 1;
  return { ids, messages, nextrow };
}

/** Splits a column name into its field and reference subfield: `partner_id/id`, `partner_id:id`, `partner_id.id`. */
function parseColumn(spec: string): ColumnPath {
  const fixed = spec.replace(/([^\\]):id$/, '$1/id').replace(/([^\\])\.id$/, '$1/.id');
  const [field = '', subfield] = fixed.split('/');
  // Other subfields (one2many columns such as `child_ids/name`) are kept so the converter can reject them.
  if (subfield === undefined) return { field, subfield: null };
  return { field, subfield: subfield as Subfield };
}

function cellText(cell: unknown): string {
  if (cell === false || cell === null || cell === undefined) return '';
  return pythonStr(cell);
}

/** Builds the record of one row: plain cells by field, relational cells as reference records. */
function extractRecord(model: ModelDefinition, columns: readonly ColumnPath[], row: readonly string[]): Map<string, CellValue> {
  const record = new Map<string, CellValue>();
  const references = new Map<string, Map<Subfield, string>>();
  columns.forEach((column, index) => {
    const value = row[index] ?? '';
    const field = model.fields.get(column.field);
    const relational = field !== undefined && ['many2one', 'many2many', 'one2many'].includes(field.type);
    if (!relational) {
      record.set(column.field, value);
      return;
    }
    const subrecord = references.get(column.field) ?? new Map<Subfield, string>();
    subrecord.set(column.subfield, value);
    references.set(column.field, subrecord);
  });
  for (const [field, subrecord] of references) {
    // A reference whose cells are all empty is no reference at all.
    const hasValue = [...subrecord.values()].some((value) => value !== '');
    record.set(field, hasValue ? [subrecord as SubRecord] : []);
  }
  return record;
}

/** Converts every cell of a record; failures become messages and leave the field out. */
function convertRecord(
  context: ConverterContext,
  record: ReadonlyMap<string, CellValue>,
  info: PendingRecord['info'],
  messages: ImportMessage[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of record) {
    if (name === 'id' || name === '.id') continue;
    const field = context.model.fields.get(name) as FieldInfo;
    if (value === '' || (Array.isArray(value) && value.length === 0)) {
      values[name] = false;
      continue;
    }
    try {
      const conversion = convertCell(context, field, value);
      values[name] = conversion.value;
      for (const warning of conversion.warnings) messages.push(conversionMessage(warning, field, info));
    } catch (error) {
      if (!(error instanceof ImportValueError)) throw error;
      messages.push(conversionMessage(error, field, info));
    }
  }
  return values;
}

function conversionMessage(problem: ImportValueError | ImportWarning, field: FieldInfo, info: PendingRecord['info']): ImportMessage {
  const message: ImportMessage = {
    ...info,
    type: problem instanceof ImportWarning ? 'warning' : 'error',
    field: field.name,
    message: problem.message.replace(/%\(field\)s/g, field.label),
  };
  if (problem instanceof ImportValueError && problem.hasDetails) Object.assign(message, problem.extra ?? {}, { field_name: field.label });
  return message;
}

/** Checks the `.id` column: the id of an existing record to update. */
function checkDatabaseId(
  env: Env,
  model: ModelDefinition,
  cell: CellValue | undefined,
  info: PendingRecord['info'],
  messages: ImportMessage[],
): number | undefined {
  if (typeof cell !== 'string' || cell === '') return undefined;
  const id = /^\s*[+-]?\d+\s*$/.test(cell) ? Number.parseInt(cell, 10) : Number.NaN;
  if (Number.isNaN(id) || searchRecords(env, model, [['id', '=', id]]).length === 0) {
    messages.push({ ...info, type: 'error', field: '.id', message: `Unknown database identifier '${cell}'` });
    return undefined;
  }
  return id;
}

/**
 * Creates or updates one record in its own savepoint, registering a new
 * external id. Returns the message parts of a failure, or undefined.
 */
function saveRecord(
  env: Env,
  model: ModelDefinition,
  record: PendingRecord,
  currentModule: string,
  noupdate: boolean,
  ids: number[],
): Pick<ImportMessage, 'message' | 'field' | 'moreinfo'> | undefined {
  try {
    const id = env.store.savepoint(() => writeOrCreate(env, model, record, noupdate));
    ids.push(id);
    return undefined;
  } catch (error) {
    return failureMessage(model, error);
  }
}

function writeOrCreate(env: Env, model: ModelDefinition, record: PendingRecord, noupdate: boolean): number {
  const { xmlid } = record;
  if (xmlid) {
    const existing = findXmlid(env, xmlid);
    if (existing && typeof existing.res_id === 'number') {
      if (existing.model !== model.name) {
        throw new OdooException(
          'ValidationError',
          `For external id ${xmlid} when trying to create/update a record of model ${model.name} ` +
            `found record of different model ${String(existing.model)} (${existing.id})`,
        );
      }
      if (env.store.has(model.name, existing.res_id)) {
        env.orm.write(env, model.name, [existing.res_id], record.values);
        return existing.res_id;
      }
      // The record is gone: Odoo drops the stale external id and creates the record again.
      env.orm.unlink(env, 'ir.model.data', [existing.id]);
    }
    const id = env.orm.create(env, model.name, record.values);
    createXmlid(env, xmlid, model.name, id, noupdate);
    return id;
  }
  if (record.databaseId !== undefined) {
    env.orm.write(env, model.name, [record.databaseId], record.values);
    return record.databaseId;
  }
  return env.orm.create(env, model.name, record.values);
}

/** Words an exception as Odoo 16's load reports a failed record. */
function failureMessage(model: ModelDefinition, error: unknown): Pick<ImportMessage, 'message' | 'field' | 'moreinfo'> {
  if (error instanceof OdooException) {
    return error.sqlError ? sqlErrorMessage(model, error.sqlError) : { message: error.message };
  }
  if (error instanceof PythonException) {
    // psycopg2 errors that Odoo did not convert are reported with their own text.
    if (error.exceptionClass.startsWith('psycopg2.')) return { message: error.message };
    const className = error.exceptionClass.replace(/^builtins\./, '');
    return {
      message: `Unknown error during import: <class '${className}'>: ${error.message}`,
      moreinfo: 'Resolve other errors first',
    };
  }
  throw error;
}

function sqlErrorMessage(model: ModelDefinition, detail: SqlErrorDetail): Pick<ImportMessage, 'message' | 'field'> {
  switch (detail.code) {
    case '23502': {
      if (detail.model !== model.name) return { message: `Missing required value for the field '${detail.field}'` };
      const label = model.fields.get(detail.field)?.label ?? detail.field;
      return { message: `Missing required value for the field '${label}' (${detail.field})`, field: detail.field };
    }
    case '23505': {
      const labels = detail.columns.map((column) => model.fields.get(column)?.label ?? column);
      const [column] = detail.columns;
      if (detail.columns.length === 1 && column !== undefined) {
        return {
          message: `The value for the field '${column}' already exists (this is probably '${labels[0]}' in the current model).`,
          field: column,
        };
      }
      return {
        message: `The values for the fields '${detail.columns.join(', ')}' already exist (they are probably '${labels.join(', ')}' in the current model).`,
      };
    }
    case '23514':
      return { message: `'${detail.message}'` };
    case '23503':
      return { message: detail.text };
  }
}
