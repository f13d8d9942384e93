// res.company (base): the companies. A fresh database has "My Company" only.

import type { ModelBehaviour } from './model-behaviour.js';

export const resCompany: ModelBehaviour = {
  name: 'res.company',
  description: 'Companies',
  order: 'sequence, name',
  defaults: {
    active: () => true,
    sequence: () => 10,
    layout_background: () => 'Blank',
    // A new company takes the currency of the calling user's company.
    currency_id: (env) => env.store.get('res.company', env.companyId)?.currency_id ?? null,
  },
  computedFields: {
    // res.company.user_ids and res.users.company_ids share one relation table
    // in Odoo. The sandbox stores the users' side and derives this one.
    // NOTE: writes to res.company.user_ids are therefore not visible on read.
    user_ids: (env, row) =>
      env.store
        .rows('res.users')
        .filter((user) => Array.isArray(user.company_ids) && user.company_ids.includes(row.id))
        .map((user) => user.id),
  },
  sqlConstraints: [
    { kind: 'unique', name: 'res_company_name_uniq', columns: ['name'], message: 'The company name must be unique !' },
  ],
  prepareCreate(env, row) {
    // Like Odoo, a company created without a partner gets one of its own.
    if (typeof row.partner_id === 'number') return;
    const values: Record<string, unknown> = { name: row.name ?? false, is_company: true };
    for (const field of ['email', 'phone', 'website']) {
      if (row[field] !== undefined) values[field] = row[field];
    }
    row.partner_id = env.orm.create(env, 'res.partner', values);
  },
};
