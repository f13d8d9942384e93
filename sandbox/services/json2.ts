// JSON-2, Odoo 19's external API: `POST /json/2/<model>/<method>` with an
// API key as bearer token, the database in `X-Odoo-Database`, and the
// method's arguments by name in a JSON object (`ids` selects the records,
// `context` sets the context). Success is HTTP 200 with the bare result;
// an error is `{name, message, arguments, context, debug}` with a status by
// kind. The dispatcher texts are those of a real Odoo 19.0; errors raised by
// the ORM follow the sandbox's series.

import type { SandboxDatabase } from '../database.js';
import { formatTraceback, notEmulated, odooFrame, OdooException, PythonException, ServerException } from '../faults.js';
import type { OrmMethod } from '../orm/methods.js';
import { pythonInt } from '../python/builtins.js';
import type { BoundArguments } from '../python/call-binding.js';
import { PythonFloat } from '../python/values.js';
import { invokeMethod, lookupMethod } from './model-call.js';
import { recordCall } from './object.js';

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON2_PREFIX = '/json/2';

const ROUTE = /^\/json\/2\/([^/]+)\/([^/]+)$/;
const JSON_CONTENT = 'application/json; charset=utf-8';

const JSON2_FRAMES = [
  odooFrame('http.py', 2275, '_serve_db'),
  odooFrame('service/model.py', 184, 'retrying'),
  odooFrame('http.py', 2330, '_serve_ir_http'),
  odooFrame('addons/rpc/controllers/json2.py', 86, 'web_json_2_rpc'),
];

/** An HTTP error of the werkzeug kind, which JSON-2 reports with its status code. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly werkzeugName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Json2Request {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** Identifies the model and method a JSON-2 request calls, or undefined for a request that names none. */
export function json2Target(path: string): { model: string; method: string } | undefined {
  const match = ROUTE.exec(path);
  return match ? { model: decodeURIComponent(match[1] ?? ''), method: decodeURIComponent(match[2] ?? '') } : undefined;
}

/** Serves one JSON-2 request. */
export function serveJson2(database: SandboxDatabase, request: Json2Request): HttpReply {
  const target = json2Target(request.path);
  if (!target || request.method !== 'POST') return errorReply(notFound('Did you mean POST /json/2/<model>/<method>?'));

  const contentType = headerValue(request.headers['content-type']).split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') return unsupportedMediaType();

  const databaseName = headerValue(request.headers['x-odoo-database']);
  if (databaseName !== '' && databaseName !== database.name) return databaseNotFoundPage();

  try {
    const uid = authenticateBearer(database, headerValue(request.headers.authorization));
    const kwargs = parseBody(request.body);
    return jsonReply(200, toJson(callMethod(database, uid, target.model, target.method, kwargs)));
  } catch (error) {
    return errorReply(error);
  }
}

function callMethod(database: SandboxDatabase, uid: number, modelName: string, methodName: string, kwargs: Record<string, unknown>): unknown {
  const { ids: rawIds, context: rawContext, ...arguments_ } = kwargs;
  const context = isPlainObject(rawContext) ? rawContext : {};

  const lookup = lookupMethod(database, modelName, methodName);
  if (lookup.kind === 'unknown-model') throw notFound(`the model '${modelName}' does not exist`);
  if (lookup.kind === 'private-method') {
    throw new OdooException('AccessError', `Private methods (such as '${modelName}.${methodName}') cannot be called remotely.`);
  }
  recordCall(database, { model: modelName, method: methodName, args: [], kwargs: { ...arguments_, ...(rawIds === undefined ? {} : { ids: rawIds }) }, context });
  if (lookup.kind === 'unknown-method') throw notFound(`The method '${modelName}.${methodName}' does not exist`);
  if (lookup.kind === 'not-emulated') throw notEmulated(modelName, methodName);

  const ids = browseJsonIds(rawIds);
  if (lookup.method.kind === 'model' && ids.length > 0) {
    throw new HttpError(422, 'UnprocessableEntity', `cannot call ${modelName}.${methodName} with ids`);
  }

  const result = invokeMethod(database, {
    uid,
    context,
    model: lookup.model,
    method: lookup.method,
    ids,
    // create shapes its result from its first positional argument.
    args: methodName === 'create' ? [arguments_.vals_list] : [],
    bind: (method) => bindKeywords(method, arguments_),
  });
  // JSON-2 returns the ids of a recordset, so create always returns a list.
  return methodName === 'create' && typeof result === 'number' ? [result] : result;
}

/** Turns the `ids` argument into ids: a list, one id, or nothing. */
function browseJsonIds(value: unknown): number[] {
  if (Array.isArray(value)) return value.map((id) => pythonInt(id));
  if (value === undefined || value === null) return [];
  return [pythonInt(value)];
}

/** Binds keyword arguments as Python's inspect.Signature.bind does, raising 422 when they do not fit. */
function bindKeywords(method: OrmMethod, kwargs: Record<string, unknown>): BoundArguments {
  const { parameters, acceptsExtraKeywords } = method.signature;
  const values: Record<string, unknown> = {};
  const extraKeywords: Record<string, unknown> = {};

  // Python checks the parameters in order first, then the keywords left over.
  for (const parameter of parameters) {
    if (parameter.name in kwargs) values[parameter.name] = kwargs[parameter.name];
    else if ('default' in parameter) values[parameter.name] = parameter.default;
    else throw new HttpError(422, 'UnprocessableEntity', `missing a required argument: '${parameter.name}'`);
  }
  for (const [key, value] of Object.entries(kwargs)) {
    if (parameters.some((parameter) => parameter.name === key)) continue;
    if (!acceptsExtraKeywords) throw new HttpError(422, 'UnprocessableEntity', `got an unexpected keyword argument '${key}'`);
    extraKeywords[key] = value;
  }
  return { values, extraKeywords };
}

function authenticateBearer(database: SandboxDatabase, authorization: string): number {
  const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match) throw new HttpError(401, 'Unauthorized', 'User not authenticated, use an API Key with a Bearer Authorization header.');
  const uid = database.userOfApiKey((match[1] ?? '').trim());
  if (uid === false) throw new HttpError(401, 'Unauthorized', 'Invalid apikey');
  return uid;
}

/** Parses the body; anything but a JSON object gives no arguments, as Odoo 19 treats it. */
function parseBody(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    // NOTE: the text after the colon is Node's, where Odoo shows Python's json error.
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, 'BadRequest', `could not parse the body as json: ${detail}`);
  }
  return isPlainObject(value) ? value : {};
}

function notFound(message: string): HttpError {
  return new HttpError(404, 'NotFound', message);
}

const ODOO_STATUS: Readonly<Record<string, number>> = {
  UserError: 422,
  ValidationError: 422,
  AccessError: 403,
  AccessDenied: 403,
  MissingError: 404,
};

/** Builds the JSON-2 reply of an exception raised while serving a call. */
export function json2ExceptionReply(exception: ServerException): HttpReply {
  return errorReply(exception);
}

function errorReply(error: unknown): HttpReply {
  if (error instanceof HttpError) {
    const body = {
      name: `werkzeug.exceptions.${error.werkzeugName}`,
      message: error.message,
      arguments: [error.message, error.status],
      context: {},
      debug: `Traceback (most recent call last):\n  File "${JSON2_FRAMES[3]?.file}", line 86, in web_json_2_rpc\nwerkzeug.exceptions.${error.werkzeugName}: ${error.status} ${error.message}\n`,
    };
    const reply = jsonReply(error.status, body);
    if (error.status === 401) reply.headers['WWW-Authenticate'] = 'Bearer ';
    return reply;
  }
  if (error instanceof ServerException) {
    const args = error instanceof PythonException ? error.args : [error.message];
    const status = error instanceof OdooException ? (ODOO_STATUS[error.exceptionName] ?? 500) : 500;
    const frames = error instanceof PythonException ? error.frames : [];
    return jsonReply(status, {
      name: error.exceptionClass,
      message: String(args[0] ?? error.message),
      arguments: args,
      context: {},
      debug: formatTraceback(error, JSON2_FRAMES, frames),
    });
  }
  // A sandbox bug: respond as Odoo responds to an unexpected exception, and log it.
  console.error('Odoo sandbox: unexpected error while serving a JSON-2 call', error);
  const message = error instanceof Error ? error.message : String(error);
  return errorReply(new PythonException('builtins.RuntimeError', `Odoo sandbox internal error: ${message}`));
}

function jsonReply(status: number, value: unknown): HttpReply {
  return { status, headers: { 'Content-Type': JSON_CONTENT }, body: JSON.stringify(value) };
}

function unsupportedMediaType(): HttpReply {
  return {
    status: 415,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body:
      '<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n' +
      "<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>Please verify the Content-Type request header and try again.</p>\n",
  };
}

function databaseNotFoundPage(): HttpReply {
  return {
    status: 404,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body:
      '<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
      '<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n' +
      '<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n' +
      '<!-- Alternatively, use the X-Odoo-Database header. -->\n',
  };
}

/** Converts a result to JSON values: Python floats become numbers. */
function toJson(value: unknown): unknown {
  if (value instanceof PythonFloat) return value.value;
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  }
  return value;
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
