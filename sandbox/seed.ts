// The records of a fresh Odoo 16 database with crm installed and no demo
// data, with their external ids.
//
// NOTE: ids of countries differ from a real database, which contains about
// 250 countries; look countries up by code. The company's currency is a record of
// res.currency, which the sandbox does not emulate, so it reads as
// `[1, 'res.currency,1']`.

import type { ModelDefinition } from './model-registry.js';
import type { Env } from './orm/environment.js';
import { convertFieldValue } from './orm/field-conversion.js';
import type { Row, StoredValue } from './record-store.js';

export interface SeedOptions {
  login: string;
  password: string;
}

interface SeedRecord {
  model: string;
  id: number;
  xmlid: string;
  values: Record<string, unknown>;
}

const COUNTRIES = [
  { xmlid: 'base.ca', name: 'Canada', code: 'CA', phone_code: 1 },
  { xmlid: 'base.fr', name: 'France', code: 'FR', phone_code: 33 },
  { xmlid: 'base.de', name: 'Germany', code: 'DE', phone_code: 49 },
  { xmlid: 'base.nl', name: 'Netherlands', code: 'NL', phone_code: 31 },
  { xmlid: 'base.uk', name: 'United Kingdom', code: 'GB', phone_code: 44 },
  { xmlid: 'base.us', name: 'United States', code: 'US', phone_code: 1 },
];

function seedRecords(options: SeedOptions): SeedRecord[] {
  return [
    { model: 'res.company', id: 1, xmlid: 'base.main_company', values: { name: 'My Company', partner_id: 1, currency_id: 1 } },
    { model: 'res.partner', id: 1, xmlid: 'base.main_partner', values: { name: 'My Company', is_company: true, company_id: 1 } },
    {
      model: 'res.partner',
      id: 2,
      xmlid: 'base.partner_root',
      values: { name: 'OdooBot', email: 'odoobot@example.com', company_id: 1, active: false },
    },
    {
      model: 'res.partner',
      id: 3,
      xmlid: 'base.partner_admin',
      values: { name: 'Administrator', email: 'admin@example.com', company_id: 1, parent_id: 1 },
    },
    {
      model: 'res.users',
      id: 1,
      xmlid: 'base.user_root',
      values: { login: '__system__', partner_id: 2, active: false },
    },
    {
      model: 'res.users',
      id: 2,
      xmlid: 'base.user_admin',
      values: { login: options.login, partner_id: 3, password: options.password },
    },
    { model: 'crm.team', id: 1, xmlid: 'sales_team.team_sales_department', values: { name: 'Sales', sequence: 10 } },
    { model: 'crm.stage', id: 1, xmlid: 'crm.stage_lead1', values: { name: 'New', sequence: 1 } },
    { model: 'crm.stage', id: 2, xmlid: 'crm.stage_lead2', values: { name: 'Qualified', sequence: 2 } },
    { model: 'crm.stage', id: 3, xmlid: 'crm.stage_lead3', values: { name: 'Proposition', sequence: 3 } },
    { model: 'crm.stage', id: 4, xmlid: 'crm.stage_lead4', values: { name: 'Won', sequence: 70, is_won: true } },
    ...COUNTRIES.map(({ xmlid, ...values }, index) => ({ model: 'res.country', id: index + 1, xmlid, values })),
  ];
}

/** One ir.model record per emulated model, as Odoo registers each model it loads. */
function modelRecords(env: Env): SeedRecord[] {
  return env.registry
    .all()
    .map((model) => model.name)
    .sort()
    .map((name, index) => ({
      model: 'ir.model',
      id: index + 1,
      xmlid: `base.model_${name.replace(/\./g, '_')}`,
      values: { model: name, name: env.registry.require(name).description, state: 'base', order: env.registry.require(name).order },
    }));
}

/**
 * Inserts the seed records with fixed ids. The rows go straight into the
 * tables because they reference each other in a cycle (the company's partner
 * belongs to the company), which one create at a time cannot insert.
 */
export function seedFreshDatabase(env: Env, options: SeedOptions): void {
  const records = [...seedRecords(options), ...modelRecords(env)];
  for (const record of records) insertSeedRow(env, record);

  for (const [index, record] of records.entries()) {
    const [module = '', name = ''] = record.xmlid.split('.');
    insertSeedRow(env, {
      model: 'ir.model.data',
      id: index + 1,
      xmlid: '',
      values: { module, name, model: record.model, res_id: record.id, noupdate: true },
    });
  }

  const partnerIds = records.filter((record) => record.model === 'res.partner').map((record) => record.id);
  env.registry.require('res.partner').behaviour.recompute?.(env, partnerIds);
}

function insertSeedRow(env: Env, record: SeedRecord): void {
  const model = env.registry.require(record.model);
  const columns: Record<string, StoredValue> = {};

  for (const [name, defaultValue] of Object.entries(model.behaviour.defaults ?? {})) {
    columns[name] = defaultValue(env);
  }
  for (const [name, value] of Object.entries(record.values)) {
    columns[name] = name === 'password' ? String(value) : convertSeedValue(model, name, value);
  }

  const row: Row = {
    ...columns,
    id: record.id,
    create_uid: 1,
    create_date: env.now,
    write_uid: 1,
    write_date: env.now,
  };
  env.store.insert(model.name, row);
  env.store.reserveId(model.name, record.id);
}

function convertSeedValue(model: ModelDefinition, name: string, value: unknown): StoredValue {
  const field = model.fields.get(name);
  if (!field) throw new Error(`Sandbox bug: seed field ${model.name}.${name} does not exist`);
  return convertFieldValue(model, field, value);
}
