// project.project (project): projects, to which tasks belong.
//
// Left out: the mail alias (`alias_id` stays empty), ratings, milestones,
// collaborators, analytic accounts and the task counters (they read as 0).

import type { ModelBehaviour } from './model-behaviour.js';

export const projectProject: ModelBehaviour = {
  name: 'project.project',
  description: 'Project',
  order: 'sequence, name, id',
  defaults: {
    active: () => true,
    sequence: () => 10,
    company_id: (env) => env.companyId,
    privacy_visibility: () => 'portal',
    last_update_status: () => 'to_define',
    rating_status: () => 'stage',
    rating_status_period: () => 'monthly',
    label_tasks: () => 'Tasks',
    allow_subtasks: () => false,
  },
  serverFilledColumns: ['alias_id'],
  onDelete: { partner_id: 'set null' },
};
