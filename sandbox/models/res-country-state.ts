// res.country.state (base): states and provinces, looked up by country and code.

import type { ModelBehaviour } from './model-behaviour.js';

export const resCountryState: ModelBehaviour = {
  name: 'res.country.state',
  description: 'Country state',
  order: 'code',
  sqlConstraints: [
    {
      kind: 'unique',
      name: 'res_country_state_name_code_uniq',
      columns: ['country_id', 'code'],
      message: 'The code of the state must be unique by country !',
    },
  ],
  onDelete: { country_id: 'cascade' },
  // name_get shows "Name (Country code)", as Odoo 16 does.
  displayName(env, row) {
    const country = typeof row.country_id === 'number' ? env.store.get('res.country', row.country_id) : undefined;
    const name = typeof row.name === 'string' ? row.name : '';
    return typeof country?.code === 'string' ? `${name} (${country.code})` : name;
  },
};
