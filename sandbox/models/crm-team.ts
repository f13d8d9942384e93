// crm.team (sales_team, extended by crm): the sales teams.

import type { ModelBehaviour } from './model-behaviour.js';

export const crmTeam: ModelBehaviour = {
  name: 'crm.team',
  description: 'Sales Team',
  order: 'sequence ASC, create_date DESC, id DESC',
  defaults: {
    active: () => true,
    sequence: () => 10,
    company_id: (env) => env.companyId,
    use_opportunities: () => true,
  },
  // mail.alias.mixin creates the team's mail alias; the sandbox has no
  // mail.alias model, so the column stays empty instead.
  serverFilledColumns: ['alias_id'],
};
