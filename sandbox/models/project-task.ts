// project.task (project): tasks of a project, in a stage (`stage_id`).
//
// Left out: subtasks' own rules, dependencies, recurrence, timesheets,
// ratings, personal stages, and the customer fields Odoo copies from the
// project.

import type { Env } from '../orm/environment.js';
import type { ModelBehaviour } from './model-behaviour.js';

export const projectTask: ModelBehaviour = {
  name: 'project.task',
  description: 'Task',
  order: 'priority desc, sequence, id desc',
  parentField: 'parent_id',
  defaults: {
    active: () => true,
    sequence: () => 10,
    priority: () => '0',
    kanban_state: () => 'normal',
    user_ids: (env) => [env.uid],
    // Odoo 16 declares company_id with default=_default_company_id: the
    // project's company from the context, else the user's company.
    company_id: (env) => env.companyId,
  },
  onDelete: { stage_id: 'restrict', project_id: 'set null', parent_id: 'cascade' },
  prepareCreate(env, row, given) {
    if (!given.has('company_id') || (row.company_id ?? null) === null) row.company_id = projectCompany(env, row.project_id) ?? env.companyId;
    if ((row.stage_id ?? null) === null && typeof row.project_id === 'number') {
      row.stage_id = firstProjectStage(env, row.project_id);
    }
    row.display_project_id = row.parent_id ? (row.display_project_id ?? null) : (row.project_id ?? null);
    if (!given.has('date_last_stage_update')) row.date_last_stage_update = env.now;
    if (!given.has('date_assign') && Array.isArray(row.user_ids) && row.user_ids.length > 0) row.date_assign = env.now;
  },
  prepareWrite(env, current, changes) {
    if ('stage_id' in changes && changes.stage_id !== current.stage_id) changes.date_last_stage_update = env.now;
    if ('project_id' in changes && !current.parent_id) changes.display_project_id = changes.project_id ?? null;
  },
};

function projectCompany(env: Env, projectId: unknown): number | undefined {
  const company = typeof projectId === 'number' ? env.store.get('project.project', projectId)?.company_id : undefined;
  return typeof company === 'number' ? company : undefined;
}

/** Returns the first stage by sequence of the project that is not folded, as Odoo's stage_find does. */
function firstProjectStage(env: Env, projectId: number): number | null {
  const project = env.store.get('project.project', projectId);
  const stageIds = Array.isArray(project?.type_ids) ? project.type_ids : [];
  const stages = stageIds
    .map((id) => env.store.get('project.task.type', id))
    .filter((stage) => stage !== undefined && stage.fold !== true)
    .sort((left, right) => Number(left?.sequence ?? 0) - Number(right?.sequence ?? 0) || (left?.id ?? 0) - (right?.id ?? 0));
  return stages[0]?.id ?? null;
}
