// mail.activity (mail): to-dos planned on a record (`res_model_id`, `res_id`).
//
// Left out: the notification of the assignee, the assignee-access check,
// following the record, and `action_done` (which posts a message and deletes
// the activity). The sandbox does not check that `res_id` exists.

import type { Env } from '../orm/environment.js';
import { targetDisplayName } from '../orm/record-values.js';
import type { ColumnValues, ModelBehaviour } from './model-behaviour.js';

export const mailActivity: ModelBehaviour = {
  name: 'mail.activity',
  description: 'Activity',
  order: 'date_deadline ASC, id ASC',
  recName: 'summary',
  defaults: {
    user_id: (env) => env.uid,
    activity_type_id: (env) => todoActivityType(env),
    automated: () => false,
  },
  onDelete: { res_model_id: 'cascade', activity_type_id: 'restrict' },
  sqlConstraints: [
    {
      kind: 'check',
      name: 'mail_activity_check_res_id_is_set',
      message: 'Activities have to be linked to records with a not null res_id.',
      // CHECK(res_id IS NOT NULL AND res_id != 0)
      isViolated: (row) => typeof row.res_id !== 'number' || row.res_id === 0,
    },
  ],
  computedFields: {
    state: (env, row) => activityState(env, row.date_deadline),
  },
  displayName(env, row) {
    if (typeof row.summary === 'string' && row.summary !== '') return row.summary;
    const type = typeof row.activity_type_id === 'number' ? env.store.get('mail.activity.type', row.activity_type_id) : undefined;
    return typeof type?.name === 'string' ? type.name : `mail.activity,${row.id}`;
  },
  prepareCreate(env, row) {
    deriveRecordReference(env, row);
  },
  prepareWrite(env, current, changes) {
    if ('res_model_id' in changes || 'res_id' in changes) {
      const merged: ColumnValues = { ...current, ...changes };
      deriveRecordReference(env, merged);
      changes.res_model = merged.res_model ?? null;
      changes.res_name = merged.res_name ?? null;
    }
  },
};

/** Fills `res_model` (related to `res_model_id.model`) and `res_name` (the record's display name). */
function deriveRecordReference(env: Env, row: ColumnValues): void {
  const model = typeof row.res_model_id === 'number' ? env.store.get('ir.model', row.res_model_id)?.model : undefined;
  row.res_model = typeof model === 'string' ? model : null;
  row.res_name =
    typeof model === 'string' && typeof row.res_id === 'number' && row.res_id !== 0
      ? targetDisplayName(env, model, row.res_id)
      : null;
}

function todoActivityType(env: Env): number | null {
  const todo = env.store.findIds('ir.model.data', ['module', 'name'], ['mail', 'mail_activity_data_todo']);
  const row = todo[0] === undefined ? undefined : env.store.get('ir.model.data', todo[0]);
  return typeof row?.res_id === 'number' && env.store.has('mail.activity.type', row.res_id) ? row.res_id : null;
}

/** Computes `state` against today's date in UTC: overdue, today or planned. */
function activityState(env: Env, deadline: unknown): string | null {
  if (typeof deadline !== 'string') return null;
  const today = env.now.slice(0, 10);
  if (deadline < today) return 'overdue';
  return deadline === today ? 'today' : 'planned';
}
