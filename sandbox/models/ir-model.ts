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
};
