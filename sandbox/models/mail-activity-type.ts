// mail.activity.type (mail): kinds of activities (Email, Call, To-Do...).
//
// Left out: chaining to next activities and mail templates, which nothing
// in the sandbox triggers.

import type { ModelBehaviour } from './model-behaviour.js';

export const mailActivityType: ModelBehaviour = {
  name: 'mail.activity.type',
  description: 'Activity Type',
  order: 'sequence, id',
  defaults: {
    active: () => true,
    sequence: () => 10,
    category: () => 'default',
    chaining_type: () => 'suggest',
    decoration_type: () => null,
    delay_count: () => 0,
    delay_from: () => 'previous_activity',
    delay_unit: () => 'days',
    icon: () => 'fa-tasks',
  },
};
