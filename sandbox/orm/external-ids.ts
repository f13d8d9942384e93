// External ids (ir.model.data): lookup by `module.name`, creation for
// imported records, and check_object_reference().

import { valueError } from '../faults.js';
import { pythonStr } from '../python/repr.js';
import type { Row } from '../record-store.js';
import type { Env } from './environment.js';
import { searchRecords } from './search.js';

/** Splits a complete external id on its first dot, as Odoo does. */
export function splitXmlid(xmlid: string): { module: string; name: string } {
  const dot = xmlid.indexOf('.');
  return dot < 0 ? { module: '', name: xmlid } : { module: xmlid.slice(0, dot), name: xmlid.slice(dot + 1) };
}

/** Returns the ir.model.data row of an external id, or undefined. */
export function findXmlid(env: Env, xmlid: string): Row | undefined {
  const { module, name } = splitXmlid(xmlid);
  const [id] = env.store.findIds('ir.model.data', ['module', 'name'], [module, name]);
  return id === undefined ? undefined : env.store.get('ir.model.data', id);
}

/** Creates the external id of a record. */
export function createXmlid(env: Env, xmlid: string, model: string, resId: number, noupdate: boolean): void {
  const { module, name } = splitXmlid(xmlid);
  env.orm.create(env, 'ir.model.data', { module, name, model, res_id: resId, noupdate });
}

/**
 * Returns `[model, res_id]` of an external id, with res_id False when the
 * record is gone or archived (Odoo 16 confirms it with a search, which hides
 * archived records). Raises Odoo's ValueError when the external id is unknown.
 */
export function checkObjectReference(env: Env, module: unknown, xmlidName: unknown): [string, number | false] {
  const xmlid = `${pythonStr(module)}.${pythonStr(xmlidName)}`;
  const row = findXmlid(env, xmlid);
  if (!row || typeof row.model !== 'string') throw valueError(`External ID not found in the system: ${xmlid}`);

  const resId = typeof row.res_id === 'number' ? row.res_id : 0;
  const model = env.registry.get(row.model);
  if (!model) return [row.model, resId];
  const found = searchRecords(env, model, [['id', '=', resId]]);
  return [row.model, found.length > 0 ? resId : false];
}
