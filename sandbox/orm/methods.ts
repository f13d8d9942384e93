// The public ORM methods that the sandbox serves through execute_kw, with
// their Odoo 16 signatures (without `self`).
//
// As in Odoo's call_kw, a model method takes its arguments as they come. A
// record method takes the ids first (`args[0]`) and binds the rest. create
// returns an id for a dict and a list of ids for a list.

import { indexError, typeError } from '../faults.js';
import type { ModelDefinition } from '../model-registry.js';
import { seriesTraits, type OdooSeries } from '../odoo-series.js';
import { pythonTypeName } from '../python/builtins.js';
import type { PythonSignature } from '../python/call-binding.js';
import { createRecords } from './create.js';
import type { Env } from './environment.js';
import { fieldsGet } from './fields-get.js';
import { loadRecords } from './load.js';
import { checkObjectReference } from './external-ids.js';
import { nameGet, nameSearch } from './name-methods.js';
import { readRecords } from './read.js';
import { countRecords, searchRecords } from './search.js';
import { unlinkRecords } from './unlink.js';
import { writeRecords } from './write.js';

export interface OrmCall {
  env: Env;
  model: ModelDefinition;
  /** Bound arguments by parameter name. */
  values: Record<string, unknown>;
  /** Keyword arguments collected by `**kwargs`. */
  extraKeywords: Record<string, unknown>;
  /** The record ids of a record method. */
  ids: number[];
  /** The positional arguments as sent (without the ids of a record method). */
  args: readonly unknown[];
}

export interface OrmMethod {
  readonly kind: 'model' | 'record';
  readonly signature: PythonSignature;
  run(call: OrmCall): unknown;
}

function signature(
  name: string,
  parameters: PythonSignature['parameters'],
  acceptsExtraKeywords = false,
): PythonSignature {
  return { qualifiedName: `BaseModel.${name}`, parameters, isMethod: true, acceptsExtraKeywords };
}

function fieldList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.map(String) : null;
}

export const ORM_METHODS: Readonly<Record<string, OrmMethod>> = {
  create: {
    kind: 'model',
    signature: signature('create', [{ name: 'vals_list' }]),
    run({ env, model, values, args }) {
      const valuesList = values.vals_list;
      const isSingle = valuesList !== null && typeof valuesList === 'object' && !Array.isArray(valuesList);
      const ids = createRecords(env, model, isSingle ? [valuesList] : asIterable(valuesList));
      // Odoo shapes the result from args[0], so create(vals_list=...) fails
      // here, after the records were made, and the transaction rolls back.
      if (args.length === 0) throw indexError('tuple index out of range');
      return isSingle ? ids[0] : ids;
    },
  },
  write: {
    kind: 'record',
    signature: signature('write', [{ name: 'vals' }]),
    run({ env, model, ids, values }) {
      writeRecords(env, model, ids, values.vals);
      return true;
    },
  },
  unlink: {
    kind: 'record',
    signature: signature('unlink', []),
    run({ env, model, ids }) {
      unlinkRecords(env, model, ids);
      return true;
    },
  },
  read: {
    kind: 'record',
    signature: signature('read', [
      { name: 'fields', default: null },
      { name: 'load', default: '_classic_read' },
    ]),
    run({ env, model, ids, values }) {
      return readRecords(env, model, ids, fieldList(values.fields), String(values.load));
    },
  },
  search: {
    kind: 'model',
    signature: signature('search', [
      { name: 'domain' },
      { name: 'offset', default: 0 },
      { name: 'limit', default: null },
      { name: 'order', default: null },
      { name: 'count', default: false },
    ]),
    run({ env, model, values }) {
      const ids = searchRecords(env, model, values.domain, values);
      return values.count === true ? ids.length : ids;
    },
  },
  search_count: {
    kind: 'model',
    signature: signature('search_count', [{ name: 'domain' }, { name: 'limit', default: null }]),
    run({ env, model, values }) {
      return countRecords(env, model, values.domain, values.limit);
    },
  },
  search_read: {
    kind: 'model',
    signature: signature(
      'search_read',
      [
        { name: 'domain', default: null },
        { name: 'fields', default: null },
        { name: 'offset', default: 0 },
        { name: 'limit', default: null },
        { name: 'order', default: null },
      ],
      true,
    ),
    run({ env, model, values, extraKeywords }) {
      // Odoo passes the extra keywords on to _read_format(), which takes only `load`.
      const unexpected = Object.keys(extraKeywords).find((key) => key !== 'load');
      if (unexpected !== undefined) {
        throw typeError(`BaseModel._read_format() got an unexpected keyword argument '${unexpected}'`);
      }
      const ids = searchRecords(env, model, values.domain, values);
      const load = typeof extraKeywords.load === 'string' ? extraKeywords.load : '_classic_read';
      return ids.length === 0 ? [] : readRecords(env, model, ids, fieldList(values.fields), load);
    },
  },
  fields_get: {
    kind: 'model',
    signature: signature('fields_get', [
      { name: 'allfields', default: null },
      { name: 'attributes', default: null },
    ]),
    run({ model, values }) {
      return fieldsGet(model, values.allfields, values.attributes);
    },
  },
  default_get: {
    kind: 'model',
    signature: signature('default_get', [{ name: 'fields_list' }]),
    run({ env, model, values }) {
      // Odoo returns the defaults of the requested fields that have one.
      const requested = fieldList(values.fields_list) ?? [];
      const defaults: Record<string, unknown> = {};
      for (const name of requested) {
        const compute = model.behaviour.defaults?.[name];
        if (compute) defaults[name] = compute(env) ?? false;
      }
      return defaults;
    },
  },
  name_get: {
    kind: 'record',
    signature: signature('name_get', []),
    run({ env, model, ids }) {
      return nameGet(env, model, ids);
    },
  },
  name_search: nameSearchMethod('args'),
  load: {
    kind: 'model',
    signature: signature('load', [{ name: 'fields' }, { name: 'data' }]),
    run({ env, model, values }) {
      return loadRecords(env, model, values.fields, values.data);
    },
  },
};

function nameSearchMethod(domainParameter: 'args' | 'domain'): OrmMethod {
  return {
    kind: 'model',
    signature: signature('name_search', [
      { name: 'name', default: '' },
      { name: domainParameter, default: null },
      { name: 'operator', default: 'ilike' },
      { name: 'limit', default: 100 },
    ]),
    run({ env, model, values }) {
      return nameSearch(env, model, values.name, values[domainParameter], values.operator, values.limit);
    },
  };
}

/** Methods that only some models have, by model. */
const MODEL_METHODS: Readonly<Record<string, Readonly<Record<string, OrmMethod>>>> = {
  'res.users': {
    // The calling user's `lang` and `tz`; from 17.0 on also `uid`, which is
    // how a JSON-2 client learns whose API key it holds.
    context_get: {
      kind: 'model',
      signature: { qualifiedName: 'ResUsers.context_get', parameters: [], isMethod: true },
      run({ env }) {
        const usersModel = env.registry.get('res.users');
        const [user] = usersModel ? readRecords(env, usersModel, [env.uid], ['lang', 'tz'], '_classic_read') : [];
        if (!user) return {};
        const context: Record<string, unknown> = { lang: user.lang, tz: user.tz };
        if (seriesTraits(env.series).contextHasUid) context.uid = env.uid;
        return context;
      },
    },
  },
  'ir.model.data': {
    check_object_reference: {
      kind: 'model',
      signature: {
        qualifiedName: 'IrModelData.check_object_reference',
        parameters: [{ name: 'module' }, { name: 'xml_id' }, { name: 'raise_on_access_error', default: false }],
        isMethod: true,
      },
      run({ env, values }) {
        return checkObjectReference(env, values.module, values.xml_id);
      },
    },
  },
};

/** Returns the public method of a model as the series defines it, or undefined when it has none. */
export function findOrmMethod(series: OdooSeries, modelName: string, methodName: string): OrmMethod | undefined {
  const own = MODEL_METHODS[modelName]?.[methodName];
  if (own) return own;

  const traits = seriesTraits(series);
  if (methodName === 'name_get' && !traits.hasNameGet) return undefined;
  if (methodName === 'name_search') return nameSearchMethod(traits.nameSearchDomainParameter);
  const method = ORM_METHODS[methodName];
  if (methodName === 'search' && method && !traits.searchHasCount) {
    return { ...method, signature: { ...method.signature, parameters: method.signature.parameters.filter((parameter) => parameter.name !== 'count') } };
  }
  return method;
}

/** Odoo iterates over vals_list, so anything but a list fails as Python's for loop fails. */
function asIterable(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  throw typeError(`'${pythonTypeName(value)}' object is not iterable`);
}

/**
 * Public methods of Odoo 16 models that the sandbox does not emulate. Calling
 * one gets the sandbox's own "not emulated" fault instead of Odoo's "does not
 * exist", which would be false.
 */
export const UNEMULATED_METHODS: ReadonlySet<string> = new Set([
  'action_archive',
  'action_unarchive',
  'check_access_rights',
  'check_access_rule',
  'copy',
  'copy_data',
  'exists',
  'export_data',
  'fields_view_get',
  'get_metadata',
  'get_views',
  'name_create',
  'onchange',
  'read_group',
  'toggle_active',
  'web_read_group',
  'web_search_read',
]);

/** Methods that only some emulated models have, by model. */
export const UNEMULATED_MODEL_METHODS: Readonly<Record<string, readonly string[]>> = {
  'crm.lead': ['action_set_won', 'action_set_lost', 'message_post', 'message_subscribe', 'convert_opportunity'],
  'res.partner': ['message_post', 'message_subscribe'],
  'crm.team': ['message_post', 'message_subscribe'],
  'ir.model.data': ['xmlid_to_res_id'],
};
