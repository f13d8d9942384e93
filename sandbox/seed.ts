// The records of a fresh Odoo 16 database with crm installed and no demo
// data, with their external ids.
//
// NOTE: a real database contains about 250 countries with their states and
// about 170 currencies. The sandbox seeds a few of each, so their ids differ
// from a real database: look them up by code. The fields of the activity
// types other than their names are close to Odoo's data files but not checked.

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

const STATES = [
  { xmlid: 'base.state_us_5', country: 'base.us', code: 'CA', name: 'California' },
  { xmlid: 'base.state_us_27', country: 'base.us', code: 'NY', name: 'New York' },
  { xmlid: 'base.state_us_44', country: 'base.us', code: 'TX', name: 'Texas' },
  { xmlid: 'base.state_us_48', country: 'base.us', code: 'WA', name: 'Washington' },
  { xmlid: 'base.state_ca_bc', country: 'base.ca', code: 'BC', name: 'British Columbia' },
  { xmlid: 'base.state_ca_on', country: 'base.ca', code: 'ON', name: 'Ontario' },
  { xmlid: 'base.state_ca_qc', country: 'base.ca', code: 'QC', name: 'Quebec' },
  { xmlid: 'base.state_de_be', country: 'base.de', code: 'BE', name: 'Berlin' },
  { xmlid: 'base.state_de_by', country: 'base.de', code: 'BY', name: 'Bayern' },
  { xmlid: 'base.state_de_hh', country: 'base.de', code: 'HH', name: 'Hamburg' },
];

const CURRENCIES = [
  { xmlid: 'base.USD', name: 'USD', symbol: '$', full_name: 'United States dollar', position: 'before', currency_unit_label: 'Dollars', currency_subunit_label: 'Cents' },
  { xmlid: 'base.EUR', name: 'EUR', symbol: '€', full_name: 'Euro', position: 'after', currency_unit_label: 'Euros', currency_subunit_label: 'Cents' },
  { xmlid: 'base.GBP', name: 'GBP', symbol: '£', full_name: 'British pound', position: 'before', currency_unit_label: 'Pounds', currency_subunit_label: 'Pence' },
];

const ACTIVITY_TYPES = [
  { xmlid: 'mail.mail_activity_data_email', name: 'Email', icon: 'fa-envelope', sequence: 5, category: 'default', delay_count: 2 },
  { xmlid: 'mail.mail_activity_data_call', name: 'Call', icon: 'fa-phone', sequence: 10, category: 'phonecall', delay_count: 2 },
  { xmlid: 'mail.mail_activity_data_meeting', name: 'Meeting', icon: 'fa-users', sequence: 15, category: 'meeting', delay_count: 0 },
  { xmlid: 'mail.mail_activity_data_todo', name: 'To-Do', icon: 'fa-check', sequence: 20, category: 'default', delay_count: 5 },
  { xmlid: 'mail.mail_activity_data_upload_document', name: 'Upload Document', icon: 'fa-upload', sequence: 25, category: 'upload_file', delay_count: 5 },
];

function seedRecords(options: SeedOptions): SeedRecord[] {
  const countryIds = new Map(COUNTRIES.map(({ xmlid }, index) => [xmlid, index + 1]));
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
    ...STATES.map(({ xmlid, country, ...values }, index) => ({
      model: 'res.country.state',
      id: index + 1,
      xmlid,
      values: { ...values, country_id: countryIds.get(country) },
    })),
    ...CURRENCIES.map(({ xmlid, ...values }, index) => ({ model: 'res.currency', id: index + 1, xmlid, values })),
    ...ACTIVITY_TYPES.map(({ xmlid, ...values }, index) => ({ model: 'mail.activity.type', id: index + 1, xmlid, values })),
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
 * Inserts one ir.model.fields row per field of every emulated model, as Odoo
 * reflects the fields of the models it loads.
 * NOTE: Odoo also gives each field an external id (`base.field_<model>__<name>`), which the sandbox does not.
 */
function insertFieldRows(env: Env, models: readonly SeedRecord[]): void {
  const modelIds = new Map(models.map((record) => [String(record.values.model), record.id]));
  let id = 0;
  for (const model of env.registry.all()) {
    for (const field of model.fields.values()) {
      id += 1;
      const description = field.description;
      insertSeedRow(env, {
        model: 'ir.model.fields',
        id,
        xmlid: '',
        values: {
          name: field.name,
          complete_name: `${model.name}.${field.name}`,
          model: model.name,
          model_id: modelIds.get(model.name),
          field_description: field.label,
          help: typeof description.help === 'string' ? description.help : false,
          ttype: field.type,
          state: 'base',
          relation: field.relation ?? false,
          relation_field: field.relationField ?? false,
          required: field.required,
          readonly: field.readonly,
          store: field.store,
          translate: description.translate === true,
          size: typeof description.size === 'number' ? description.size : 0,
          related: field.related?.join('.') ?? false,
          on_delete: field.type === 'many2one' ? 'set null' : false,
        },
      });
    }
  }
}

/**
 * Inserts the seed records with fixed ids. The rows go straight into the
 * tables because they reference each other in a cycle (the company's partner
 * belongs to the company), which one create at a time cannot insert.
 */
export function seedFreshDatabase(env: Env, options: SeedOptions): void {
  const models = modelRecords(env);
  const records = [...seedRecords(options), ...models];
  for (const record of records) insertSeedRow(env, record);
  insertFieldRows(env, models);

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
