// crm.tag (sales_team): tags of leads, with a unique name.

import type { ModelBehaviour } from './model-behaviour.js';

export const crmTag: ModelBehaviour = {
  name: 'crm.tag',
  description: 'CRM Tag',
  order: 'id',
  defaults: {
    // NOTE: Odoo picks a random color from 1 to 11; the sandbox derives it
    // from the next id so that runs stay reproducible.
    color: (env) => (env.store.rows('crm.tag').length % 11) + 1,
  },
  sqlConstraints: [{ kind: 'unique', name: 'crm_tag_name_uniq', columns: ['name'], message: 'Tag name already exists!' }],
};
