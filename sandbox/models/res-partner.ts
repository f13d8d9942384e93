// res.partner (base): contacts and companies.

import { validationError } from '../faults.js';
import type { Env } from '../orm/environment.js';
import { pythonStr } from '../python/repr.js';
import type { Row } from '../record-store.js';
import type { ModelBehaviour } from './model-behaviour.js';

const MODEL = 'res.partner';
const ADDRESS_TYPES_NAMED_BY_TYPE = ['invoice', 'delivery', 'other'];

export const resPartner: ModelBehaviour = {
  name: MODEL,
  description: 'Contact',
  order: 'display_name ASC, id DESC',
  recName: 'display_name',
  parentField: 'parent_id',
  defaults: {
    active: () => true,
    type: () => 'contact',
    is_company: () => false,
    lang: (env) => contextString(env, 'lang'),
    tz: (env) => contextString(env, 'tz'),
  },
  onDelete: { country_id: 'restrict', state_id: 'restrict' },
  sqlConstraints: [
    {
      kind: 'check',
      name: 'res_partner_check_name',
      message: 'Contacts require a name',
      // CHECK((type='contact' AND name IS NOT NULL) or (type!='contact')): a NULL type passes.
      isViolated: (row) => row.type === 'contact' && (row.name ?? null) === null,
    },
  ],
  computedFields: {
    company_type: (_env, row) => (row.is_company === true ? 'company' : 'person'),
  },
  inverseFields: {
    company_type: (value, columns) => {
      columns.is_company = value === 'company';
    },
  },
  displayName: (_env, row) => (typeof row.display_name === 'string' ? row.display_name : ''),
  cleanValues(_env, columns) {
    if (typeof columns.website === 'string') columns.website = cleanWebsite(columns.website);
  },
  recompute(env, ids) {
    for (const id of withDescendants(env, ids)) {
      const row = env.store.get(MODEL, id);
      if (!row) continue;
      const commercial = commercialPartner(env, row);
      env.store.update(MODEL, id, {
        commercial_partner_id: commercial.id,
        commercial_company_name: commercialCompanyName(env, row),
        display_name: computeDisplayName(env, row),
      });
    }
  },
  validate(env, ids) {
    for (const id of ids) {
      if (hasParentCycle(env, id)) throw validationError('You cannot create recursive Partner hierarchies.');
    }
  },
};

function contextString(env: Env, key: string): string | null {
  const value = env.context[key];
  return typeof value === 'string' ? value : null;
}

/** Adds `http://` to a website without a scheme, as res.partner's create and write do. */
export function cleanWebsite(website: string): string {
  if (website === '' || /^[a-z][a-z0-9+.-]*:/i.test(website)) return website;
  return `http://${website}`;
}

/** Returns the partner itself when it is a company or has no parent, else its parent's commercial partner. */
function commercialPartner(env: Env, row: Row): Row {
  const visited = new Set<number>();
  let current = row;
  while (current.is_company !== true && typeof current.parent_id === 'number' && !visited.has(current.id)) {
    visited.add(current.id);
    const parent = env.store.get(MODEL, current.parent_id);
    if (!parent) break;
    current = parent;
  }
  return current;
}

function commercialCompanyName(env: Env, row: Row): string | null {
  const commercial = commercialPartner(env, row);
  if (commercial.is_company === true && typeof commercial.name === 'string' && commercial.name !== '') {
    return commercial.name;
  }
  return typeof row.company_name === 'string' ? row.company_name : null;
}

/**
 * Computes the display name Odoo 16 stores. It is the name, prefixed with the
 * company for a person who belongs to one ("Acme, Jane Doe"). An unnamed
 * invoice, delivery or other address takes the address type as its name.
 */
function computeDisplayName(env: Env, row: Row): string {
  let name = typeof row.name === 'string' ? row.name : '';
  const hasCompany = (typeof row.company_name === 'string' && row.company_name !== '') || typeof row.parent_id === 'number';
  if (!hasCompany) return name;

  if (name === '' && typeof row.type === 'string' && ADDRESS_TYPES_NAMED_BY_TYPE.includes(row.type)) {
    name = addressTypeLabel(env, row.type);
  }
  if (row.is_company === true) return name;

  const parent = typeof row.parent_id === 'number' ? env.store.get(MODEL, row.parent_id) : undefined;
  const parentName = parent && typeof parent.name === 'string' && parent.name !== '' ? parent.name : false;
  // Python formats a missing company name as "False", and so does Odoo.
  return `${pythonStr(commercialCompanyName(env, row) || parentName)}, ${name}`;
}

function addressTypeLabel(env: Env, type: string): string {
  const selection = env.registry.require(MODEL).fields.get('type')?.selection ?? [];
  const entry = selection.find(([key]) => key === type);
  return entry ? entry[1] : type;
}

function withDescendants(env: Env, ids: readonly number[]): number[] {
  const result = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of env.store.rows(MODEL)) {
      if (typeof row.parent_id === 'number' && result.has(row.parent_id) && !result.has(row.id)) {
        result.add(row.id);
        grew = true;
      }
    }
  }
  return [...result];
}

function hasParentCycle(env: Env, id: number): boolean {
  const visited = new Set<number>();
  let current = env.store.get(MODEL, id);
  while (current && typeof current.parent_id === 'number') {
    if (current.parent_id === id) return true;
    if (visited.has(current.parent_id)) return false;
    visited.add(current.parent_id);
    current = env.store.get(MODEL, current.parent_id);
  }
  return false;
}
