// Exceptions that the sandbox raises while serving a call, shaped as a real
// Odoo 16 server shapes them on `/xmlrpc/2`:
//
//   AccessError                              faultCode 4, the message
//   AccessDenied                             faultCode 3, the message
//   UserError, ValidationError, MissingError faultCode 2, the message
//   anything else (ValueError, TypeError...) faultCode 1, the full Python
//                                            traceback, last line `Type: message`
//
// The message texts below are Odoo 16's, including its typos and spacing,
// because clients match on them. Where a real Odoo 19.0 was seen to word a
// message differently, the builder takes the series and returns that text.

import type { OdooSeries } from './odoo-series.js';
import { formatPythonString, pythonStr, pythonTupleRepr } from './python/repr.js';

export type FaultCode = 1 | 2 | 3 | 4;

/** An exception raised by the emulated server, carried to the client as a fault. */
export abstract class ServerException extends Error {
  /** Python class path, as JSON-RPC reports it in `error.data.name`. */
  abstract readonly exceptionClass: string;
  abstract readonly faultCode: FaultCode;
  abstract readonly faultString: string;
}

export type OdooExceptionName = 'UserError' | 'ValidationError' | 'MissingError' | 'AccessError' | 'AccessDenied';

const ODOO_FAULT_CODES: Record<OdooExceptionName, FaultCode> = {
  UserError: 2,
  ValidationError: 2,
  MissingError: 2,
  AccessError: 4,
  AccessDenied: 3,
};

/**
 * The PostgreSQL error behind a constraint violation, which Odoo 16 turns
 * into a ValidationError for RPC but `load` reports in its own words.
 */
export type SqlErrorDetail =
  | { code: '23502'; model: string; field: string }
  | { code: '23505'; model: string; columns: readonly string[] }
  | { code: '23514'; model: string; message: string }
  | { code: '23503'; text: string };

/** One of `odoo.exceptions`: the client receives the bare message. */
export class OdooException extends ServerException {
  readonly exceptionClass: string;
  readonly faultCode: FaultCode;
  /** Set when the exception stands for a PostgreSQL integrity error. */
  sqlError?: SqlErrorDetail;

  constructor(
    readonly exceptionName: OdooExceptionName,
    message: string,
  ) {
    super(message);
    this.name = exceptionName;
    this.exceptionClass = `odoo.exceptions.${exceptionName}`;
    this.faultCode = ODOO_FAULT_CODES[exceptionName];
  }

  get faultString(): string {
    return this.message;
  }
}

/** A source location in a Python traceback. */
export interface TracebackFrame {
  file: string;
  line: number;
  functionName: string;
}

// The install path of Odoo 16 from the Debian package. Only the last line of
// the traceback carries meaning: the frames and line numbers are illustrative.
const ODOO_PATH = '/usr/lib/python3/dist-packages/odoo';

const RPC_FRAMES: TracebackFrame[] = [
  { file: `${ODOO_PATH}/addons/base/controllers/rpc.py`, line: 147, functionName: 'xmlrpc_2' },
  { file: `${ODOO_PATH}/addons/base/controllers/rpc.py`, line: 127, functionName: '_xmlrpc' },
  { file: `${ODOO_PATH}/http.py`, line: 369, functionName: 'dispatch_rpc' },
];

/** Any other Python exception: the client receives the formatted traceback. */
export class PythonException extends ServerException {
  readonly faultCode = 1 as const;

  /** The exception's `args`, which JSON-2 reports as `arguments`. */
  readonly args: readonly unknown[];

  constructor(
    /** Python class path, e.g. `builtins.ValueError` or `psycopg2.OperationalError`. */
    readonly exceptionClass: string,
    message: string,
    readonly frames: readonly TracebackFrame[] = [],
    args?: readonly unknown[],
  ) {
    super(message);
    this.name = exceptionClass;
    this.args = args ?? [message];
  }

  get faultString(): string {
    return formatTraceback(this, RPC_FRAMES, this.frames);
  }
}

/**
 * Formats the traceback Python prints for an exception raised below the
 * `entry` frames: the frame lines, then `Type: message`.
 */
export function formatTraceback(
  exception: ServerException,
  entry: readonly TracebackFrame[],
  frames: readonly TracebackFrame[] = [],
): string {
  const typeName = exception.exceptionClass.startsWith('builtins.')
    ? exception.exceptionClass.slice('builtins.'.length)
    : exception.exceptionClass;
  const frameLines = [...entry, ...frames].map(
    (frame) => `  File "${frame.file}", line ${frame.line}, in ${frame.functionName}\n`,
  );
  const lastLine = exception.message === '' ? `${typeName}\n` : `${typeName}: ${exception.message}\n`;
  return `Traceback (most recent call last):\n${frameLines.join('')}${lastLine}`;
}

export function odooFrame(file: string, line: number, functionName: string): TracebackFrame {
  return { file: `${ODOO_PATH}/${file}`, line, functionName };
}

const MODELS_PY_CREATE = odooFrame('models.py', 3913, 'create');
const MODELS_PY_WRITE = odooFrame('models.py', 3774, 'write');
const MODELS_PY_SEARCH = odooFrame('osv/expression.py', 1079, 'parse');
const FIELDS_PY_CONVERT = odooFrame('fields.py', 2735, 'convert_to_cache');
const API_PY_CALL_KW = odooFrame('api.py', 461, 'call_kw');

// --- credentials and dispatch ------------------------------------------------

export function accessDenied(): OdooException {
  return new OdooException('AccessDenied', 'Access Denied');
}

export function databaseNotFound(database: string): PythonException {
  // psycopg2 keeps libpq's trailing newline, so Python prints an empty line after it.
  return new PythonException(
    'psycopg2.OperationalError',
    `connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${database}" does not exist\n`,
    [odooFrame('sql_db.py', 638, 'borrow')],
  );
}

export function privateMethod(series: OdooSeries, model: string, method: string): OdooException {
  const name = series === '16.0' ? method : `'${model}.${method}'`;
  return new OdooException('AccessError', `Private methods (such as ${name}) cannot be called remotely.`);
}

export function unknownModel(model: string): OdooException {
  return new OdooException('UserError', `Object ${model} doesn't exist`);
}

export function unknownMethod(series: OdooSeries, model: string, method: string): PythonException {
  const message =
    series === '16.0'
      ? `The method '${method}' does not exist on the model '${model}'`
      : `The method '${model}.${method}' does not exist`;
  return new PythonException('builtins.AttributeError', message, [API_PY_CALL_KW]);
}

/** Builds the fault for a method that the `object` service does not serve, e.g. `object.search`. */
export function serviceMethodNotAvailable(method: string): PythonException {
  return new PythonException('builtins.NameError', `Method not available ${method}`);
}

export function commonMethodNotFound(method: string): PythonException {
  return new PythonException('builtins.KeyError', formatPythonString(`exp_${method}`));
}

/**
 * Builds the fault for a public ORM method that Odoo has but the sandbox does
 * not emulate yet. The text is the sandbox's own, so a reader cannot take it
 * for an Odoo message.
 */
export function notEmulated(model: string, method: string): PythonException {
  return new PythonException(
    'builtins.NotImplementedError',
    `The Odoo sandbox does not emulate ${model}.${method}() yet; test this call against a real Odoo server.`,
  );
}

/** Builds the fault for a search on a non-stored field that Odoo can search but the sandbox cannot compute. */
export function searchNotEmulated(model: string, field: string): PythonException {
  return new PythonException(
    'builtins.NotImplementedError',
    `The Odoo sandbox cannot search on the computed field ${model}.${field}; test this search against a real Odoo server.`,
  );
}

export function typeError(message: string): PythonException {
  return new PythonException('builtins.TypeError', message);
}

export function valueError(message: string): PythonException {
  return new PythonException('builtins.ValueError', message);
}

export function indexError(message: string): PythonException {
  return new PythonException('builtins.IndexError', message, [API_PY_CALL_KW]);
}

export function attributeError(message: string): PythonException {
  return new PythonException('builtins.AttributeError', message);
}

export function malformedRequest(detail: string): PythonException {
  return new PythonException('xml.parsers.expat.ExpatError', detail);
}

/** Builds the fault for a None in a response, which Python's marshaller rejects with `allow_none=False`. */
export function cannotMarshalNone(): PythonException {
  return new PythonException('builtins.TypeError', 'cannot marshal None unless allow_none is enabled');
}

// --- field values ----------------------------------------------------------

export function invalidField(
  series: OdooSeries,
  model: string,
  field: string,
  operation: 'create' | 'write' | 'read',
): PythonException {
  const frame = operation === 'write' ? MODELS_PY_WRITE : MODELS_PY_CREATE;
  const fieldRepr = formatPythonString(field);
  const modelRepr = formatPythonString(model);
  if (series === '16.0') {
    return new PythonException('builtins.ValueError', `Invalid field ${fieldRepr} on model ${modelRepr}`, [frame]);
  }
  // Odoo 19.0 words each operation differently; its write fails on a
  // dictionary lookup, so the client sees a bare KeyError.
  if (operation === 'write') return keyError(field, [frame]);
  const preposition = operation === 'read' ? 'on' : 'in';
  return new PythonException('builtins.ValueError', `Invalid field ${fieldRepr} ${preposition} ${modelRepr}`, [frame]);
}

/** Builds Python's KeyError, whose message is the repr of the missing key. */
export function keyError(key: string, frames: readonly TracebackFrame[] = []): PythonException {
  return new PythonException('builtins.KeyError', formatPythonString(key), frames, [key]);
}

/** Builds the fault for a selection key that the field does not offer. `valueRepr` is Python's repr of the value. */
export function wrongSelectionValue(model: string, field: string, valueRepr: string): PythonException {
  return new PythonException('builtins.ValueError', `Wrong value for ${model}.${field}: ${valueRepr}`, [
    FIELDS_PY_CONVERT,
  ]);
}

/** Builds the fault for a value that a Python conversion such as int() or float() rejects. */
export function conversionError(exceptionClass: string, message: string): PythonException {
  return new PythonException(exceptionClass, message, [FIELDS_PY_CONVERT]);
}

/**
 * Builds the fault Odoo returns when a transaction still conflicts with a
 * concurrent one after its own retries. psycopg2 keeps PostgreSQL's trailing
 * newline in the message.
 */
export function serializationFailure(): PythonException {
  return new PythonException(
    'psycopg2.errors.SerializationFailure',
    'could not serialize access due to concurrent update\n',
    [odooFrame('service/model.py', 133, 'retrying'), odooFrame('sql_db.py', 321, 'execute')],
  );
}

/** Builds the fault for a value that PostgreSQL rejects, e.g. text into an integer column. */
export function invalidTextRepresentation(message: string): PythonException {
  return new PythonException('psycopg2.errors.InvalidTextRepresentation', message, [
    odooFrame('sql_db.py', 321, 'execute'),
  ]);
}

// --- database constraints, as Odoo 16 converts IntegrityError --------------

export interface ModelLabel {
  name: string;
  description: string;
}

export function notNullViolation(
  series: OdooSeries,
  model: ModelLabel,
  field: { name: string; string: string },
): OdooException {
  if (series !== '16.0') {
    return new OdooException(
      'ValidationError',
      `The operation cannot be completed: Missing required value for the field '${field.string}' (${field.name}).\n` +
        `Model: '${model.description}' (${model.name})\n` +
        '- create/update: a mandatory field is not set\n' +
        '- delete: another model requires the record being deleted, you can archive it instead\n',
    );
  }
  return new OdooException(
    'ValidationError',
    'The operation cannot be completed:\n' +
      '- Create/update: a mandatory field is not set.\n' +
      '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${model.description} (${model.name})\n` +
      `Field: ${field.string} (${field.name})\n`,
  );
}

/**
 * Builds the fault for a foreign-key violation. Odoo 16 uses the same text for
 * an insert that points to a missing record as for a delete of a referenced
 * one. In both cases `model` is the referencing model. Odoo 19.0 names the
 * referencing field instead of the constraint; without a field (a many2many
 * relation table) the 16.0 text is used.
 */
export function foreignKeyViolation(
  series: OdooSeries,
  model: ModelLabel,
  constraint: string,
  field?: { name: string; string: string },
): OdooException {
  if (series !== '16.0' && field) {
    return new OdooException(
      'ValidationError',
      'The operation cannot be completed: Another model is using the record you are trying to delete.\n\n' +
        `The troublemaker is: '${model.description}' (${model.name})\n` +
        `Thanks to the following constraint: '${field.string}' (${field.name})\n` +
        'How about archiving the record instead?',
    );
  }
  return new OdooException(
    'ValidationError',
    'The operation cannot be completed: another model requires the record being deleted. ' +
      'If possible, archive it instead.\n\n' +
      `Model: ${model.description} (${model.name})\n` +
      `Constraint: ${constraint}\n`,
  );
}

/** Attaches the PostgreSQL error that a ValidationError stands for. */
export function withSqlError(exception: OdooException, detail: SqlErrorDetail): OdooException {
  exception.sqlError = detail;
  return exception;
}

/** Builds the fault for a CHECK or UNIQUE constraint of the model's `_sql_constraints`, with its message. */
export function sqlConstraintViolation(message: string): OdooException {
  return new OdooException('ValidationError', `The operation cannot be completed: ${message}`);
}

/** Builds the fault for a unique index outside `_sql_constraints`, which Odoo reports with PostgreSQL's own text. */
export function uniqueIndexViolation(indexName: string, columns: readonly string[], values: readonly string[]): OdooException {
  return new OdooException(
    'ValidationError',
    `The operation cannot be completed: duplicate key value violates unique constraint "${indexName}"\n` +
      `DETAIL:  Key (${columns.join(', ')})=(${values.join(', ')}) already exists.\n`,
  );
}

export function missingRecord(model: string, id: number, uid: number): OdooException {
  return new OdooException(
    'MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: ${uid})`,
  );
}

export function validationError(message: string): OdooException {
  return new OdooException('ValidationError', message);
}

export function userError(message: string): OdooException {
  return new OdooException('UserError', message);
}

// --- search ----------------------------------------------------------------

export function invalidDomainField(
  series: OdooSeries,
  model: string,
  field: string,
  leaf: readonly unknown[],
): PythonException {
  const term = series === '16.0' ? 'leaf' : 'condition';
  return new PythonException(
    'builtins.ValueError',
    `Invalid field ${model}.${field} in ${term} ${pythonTupleRepr(leaf)}`,
    [MODELS_PY_SEARCH],
  );
}

/** Builds the fault for a domain term that is neither an operator nor a valid (field, operator, value) leaf. */
export function invalidDomainLeaf(term: unknown): PythonException {
  const text = Array.isArray(term) ? pythonTupleRepr(term) : pythonStr(term);
  return new PythonException('builtins.ValueError', `Invalid leaf ${text}`, [MODELS_PY_SEARCH]);
}

export function malformedDomain(domainRepr: string): PythonException {
  return new PythonException('builtins.AssertionError', `This domain is syntactically not correct: ${domainRepr}`, [
    MODELS_PY_SEARCH,
  ]);
}

export function invalidOrder(order: string): OdooException {
  return new OdooException(
    'UserError',
    `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list ` +
      'of valid field names (optionally followed by asc/desc for the direction)',
  );
}

export function invalidOrderField(model: string, field: string): PythonException {
  return new PythonException(
    'builtins.ValueError',
    `Invalid field ${formatPythonString(field)} on model ${formatPythonString(model)}`,
  );
}
