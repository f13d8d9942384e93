// res.users (base): users, whose name, email and address live on their
// partner through `_inherits`.

import type { ModelBehaviour } from './model-behaviour.js';

export const resUsers: ModelBehaviour = {
  name: 'res.users',
  description: 'User',
  order: 'name, login',
  delegation: { model: 'res.partner', field: 'partner_id' },
  defaults: {
    active: () => true,
    company_id: (env) => env.companyId,
    company_ids: (env) => [env.companyId],
    notification_type: () => 'email',
    share: () => false,
  },
  sqlConstraints: [
    {
      kind: 'unique',
      name: 'res_users_login_key',
      columns: ['login'],
      message: 'You can not have two users with the same login !',
    },
  ],
  computedFields: {
    // Odoo never returns passwords: the field reads as an empty string.
    password: () => '',
  },
  inverseFields: {
    // The password column exists in the table but not as a readable field;
    // authentication compares against it.
    password: (value, columns) => {
      columns.password = value;
    },
  },
  displayName(env, row) {
    const partner = typeof row.partner_id === 'number' ? env.store.get('res.partner', row.partner_id) : undefined;
    return typeof partner?.name === 'string' ? partner.name : '';
  },
};
