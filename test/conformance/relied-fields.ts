// The fields pmap relies on, per model, with the metadata that must hold on
// every Odoo from 16.0 to 19.0: type, relation, required (where it did not
// change between those versions) and selection keys pmap writes. Checked
// against the fields_get output recorded on real Odoo 16.0 and 19.0 servers
// where those recordings are present.

export interface ReliedField {
  readonly type: string;
  readonly relation?: string;
  /** Whether the field is required; absent where it differs between versions (mail.activity.user_id is required in 16.0, not in 19.0). */
  readonly required?: boolean;
  /** Selection keys that must exist; the server may have more. */
  readonly selectionKeys?: readonly string[];
}

type Fields = Readonly<Record<string, ReliedField>>;

const char: ReliedField = { type: 'char' };
const requiredChar: ReliedField = { type: 'char', required: true };
const html: ReliedField = { type: 'html' };
const boolean: ReliedField = { type: 'boolean' };
const integer: ReliedField = { type: 'integer' };
const many2one = (relation: string, required = false): ReliedField => ({ type: 'many2one', relation, required });
const many2many = (relation: string): ReliedField => ({ type: 'many2many', relation });
const one2many = (relation: string): ReliedField => ({ type: 'one2many', relation });
const reference: ReliedField = { type: 'many2one_reference' };

export const reliedFields: Readonly<Record<string, Fields>> = {
  'res.partner': {
    name: char, is_company: boolean, parent_id: many2one('res.partner'), child_ids: one2many('res.partner'),
    type: { type: 'selection', selectionKeys: ['contact', 'invoice', 'delivery', 'other'] },
    email: char, phone: char, street: char, street2: char, city: char, zip: char,
    state_id: many2one('res.country.state'), country_id: many2one('res.country'), website: char, vat: char, ref: char,
    function: char, comment: html, category_id: many2many('res.partner.category'), user_id: many2one('res.users'),
    active: boolean, company_id: many2one('res.company'), industry_id: many2one('res.partner.industry'),
  },
  'res.users': { login: requiredChar, name: char, partner_id: many2one('res.partner', true), email: char, active: boolean, company_id: many2one('res.company', true) },
  'res.country': { name: requiredChar, code: char, currency_id: many2one('res.currency'), state_ids: one2many('res.country.state') },
  'res.country.state': { name: requiredChar, code: requiredChar, country_id: many2one('res.country', true) },
  'crm.lead': {
    name: requiredChar, type: { type: 'selection', required: true, selectionKeys: ['lead', 'opportunity'] },
    partner_id: many2one('res.partner'), partner_name: char, contact_name: char, email_from: char, phone: char,
    stage_id: many2one('crm.stage'), team_id: many2one('crm.team'), user_id: many2one('res.users'),
    priority: { type: 'selection', selectionKeys: ['0', '1', '2', '3'] }, probability: { type: 'float' },
    expected_revenue: { type: 'monetary' }, date_deadline: { type: 'date' }, date_closed: { type: 'datetime' }, date_open: { type: 'datetime' },
    description: html, tag_ids: many2many('crm.tag'), lost_reason_id: many2one('crm.lost.reason'), active: boolean,
    country_id: many2one('res.country'), state_id: many2one('res.country.state'), city: char, street: char, zip: char,
    company_id: many2one('res.company'), activity_ids: one2many('mail.activity'),
  },
  'crm.stage': { name: requiredChar, sequence: integer, is_won: boolean, fold: boolean },
  'crm.team': { name: requiredChar, active: boolean, user_id: many2one('res.users'), company_id: many2one('res.company'), sequence: integer },
  'crm.tag': { name: requiredChar, color: integer },
  'crm.lost.reason': { name: requiredChar, active: boolean },
  'mail.activity': {
    res_model: char, res_model_id: { type: 'many2one', relation: 'ir.model' }, res_id: reference,
    activity_type_id: many2one('mail.activity.type'), summary: char, note: html, date_deadline: { type: 'date', required: true },
    user_id: { type: 'many2one', relation: 'res.users' },
  },
  'mail.activity.type': { name: requiredChar, category: { type: 'selection', selectionKeys: ['default', 'phonecall', 'meeting'] }, active: boolean, delay_count: integer },
  'mail.message': {
    model: char, res_id: reference, body: html,
    message_type: { type: 'selection', required: true, selectionKeys: ['email', 'comment', 'notification'] },
    date: { type: 'datetime' }, author_id: many2one('res.partner'), subject: char, subtype_id: many2one('mail.message.subtype'),
    attachment_ids: many2many('ir.attachment'), email_from: char,
  },
  'calendar.event': {
    name: requiredChar, start: { type: 'datetime', required: true }, stop: { type: 'datetime', required: true }, allday: boolean,
    duration: { type: 'float' }, partner_ids: many2many('res.partner'), user_id: many2one('res.users'), description: html,
    location: char, res_model: char, res_id: reference, opportunity_id: many2one('crm.lead'),
  },
  'ir.attachment': {
    name: requiredChar, res_model: char, res_id: reference, datas: { type: 'binary' }, mimetype: char,
    type: { type: 'selection', required: true, selectionKeys: ['url', 'binary'] }, url: char,
  },
  'ir.model': { model: requiredChar, name: requiredChar, state: { type: 'selection', selectionKeys: ['manual', 'base'] }, field_id: { type: 'one2many', relation: 'ir.model.fields', required: true } },
  'ir.model.fields': {
    name: requiredChar, model: requiredChar, model_id: many2one('ir.model', true),
    ttype: { type: 'selection', required: true, selectionKeys: ['char', 'text', 'html', 'integer', 'float', 'boolean', 'date', 'datetime', 'selection'] },
    field_description: requiredChar, state: { type: 'selection', required: true, selectionKeys: ['manual', 'base'] }, relation: char, required: boolean,
  },
  'ir.model.data': { module: requiredChar, name: requiredChar, model: requiredChar, res_id: reference, noupdate: boolean },
  'project.project': { name: requiredChar, partner_id: many2one('res.partner'), user_id: many2one('res.users'), active: boolean, description: html, type_ids: many2many('project.task.type') },
  'project.task': {
    name: requiredChar, project_id: many2one('project.project'), stage_id: many2one('project.task.type'), partner_id: many2one('res.partner'),
    description: html, date_deadline: { type: 'date' }, priority: { type: 'selection', selectionKeys: ['0', '1'] }, tag_ids: many2many('project.tags'),
    active: boolean, parent_id: many2one('project.task'),
  },
};

/** Lists how the `fields_get` entry of a field differs from what pmap relies on; empty when it conforms. */
export function fieldMismatches(expected: ReliedField, actual: Record<string, unknown> | undefined): string[] {
  if (!actual) return ['missing'];
  const problems: string[] = [];
  if (actual.type !== expected.type) problems.push(`type ${String(actual.type)}, expected ${expected.type}`);
  if (expected.relation !== undefined && actual.relation !== expected.relation) problems.push(`relation ${String(actual.relation)}, expected ${expected.relation}`);
  if (expected.required !== undefined && (actual.required === true) !== expected.required) problems.push(`required ${String(actual.required)}, expected ${expected.required}`);
  const keys = Array.isArray(actual.selection) ? (actual.selection as Array<[unknown, unknown]>).map(([key]) => String(key)) : [];
  const missingKeys = (expected.selectionKeys ?? []).filter((key) => !keys.includes(key));
  if (missingKeys.length > 0) problems.push(`selection lacks ${missingKeys.join(', ')}`);
  return problems;
}
