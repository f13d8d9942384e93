// ir.model (base): one record per model, which discovery reads for the
// model's description.

import type { ModelBehaviour } from './model-behaviour.js';

export const irModel: ModelBehaviour = {
  name: 'ir.model',
  description: 'Models',
  order: 'model',
  defaults: {
    state: () => 'manual',
    order: () => 'id',
    transient: () => false,
  },
  // NOTE: the sandbox does not emulate ir.model.fields, so the one2many
  // field_id that Odoo requires stays empty on the seeded models.
  serverFilledColumns: ['field_id'],
};
