// crm.stage (crm): the pipeline stages.

import type { ModelBehaviour } from './model-behaviour.js';

export const crmStage: ModelBehaviour = {
  name: 'crm.stage',
  description: 'CRM Stages',
  order: 'sequence, name, id',
  defaults: {
    sequence: () => 1,
    is_won: () => false,
    fold: () => false,
  },
};
