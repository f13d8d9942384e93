// crm.lost.reason (crm): why an opportunity was lost.
//
// Left out: the count of leads per reason (leads_count reads as 0).

import type { ModelBehaviour } from './model-behaviour.js';

export const crmLostReason: ModelBehaviour = {
  name: 'crm.lost.reason',
  description: 'Opp. Lost Reason',
  order: 'id',
  defaults: {
    active: () => true,
  },
};
