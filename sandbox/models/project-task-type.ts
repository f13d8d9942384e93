// project.task.type (project): the stages of tasks.
//
// Odoo stores the stage-project links in one relation table that both
// project.task.type.project_ids and project.project.type_ids read. The
// sandbox stores the project side and derives this one.
// NOTE: writes to project.task.type.project_ids are therefore not visible on read.

import type { ModelBehaviour } from './model-behaviour.js';

export const projectTaskType: ModelBehaviour = {
  name: 'project.task.type',
  description: 'Task Stage',
  order: 'sequence, id',
  defaults: {
    active: () => true,
    sequence: () => 1,
    fold: () => false,
    legend_blocked: () => 'Blocked',
    legend_done: () => 'Ready',
    legend_normal: () => 'In Progress',
    user_id: () => null,
  },
  computedFields: {
    project_ids: (env, row) =>
      env.store
        .rows('project.project')
        .filter((project) => Array.isArray(project.type_ids) && project.type_ids.includes(row.id))
        .map((project) => project.id),
  },
};
