// crm.lead (crm): leads and opportunities.
//
// NOTE: the sandbox does not compute the fields Odoo derives from the customer
// (email_from, phone, contact_name, partner_name, address) or the team Odoo
// derives from the salesperson. They keep what the caller sends.

import type { Env } from '../orm/environment.js';
import type { Row } from '../record-store.js';
import type { ColumnValues, ModelBehaviour } from './model-behaviour.js';
import { cleanWebsite } from './res-partner.js';

export const crmLead: ModelBehaviour = {
  name: 'crm.lead',
  description: 'Lead/Opportunity',
  order: 'priority desc, id desc',
  defaults: {
    // Odoo 16 defaults to 'lead' only when the "Leads" setting is on, else to
    // 'opportunity'. The sandbox assumes the setting is on.
    type: () => 'lead',
    active: () => true,
    priority: () => '0',
    user_id: (env) => env.uid,
  },
  onDelete: { stage_id: 'restrict', lost_reason_id: 'restrict' },
  cleanValues(_env, columns) {
    if (typeof columns.website === 'string') columns.website = cleanWebsite(columns.website);
  },
  prepareCreate(env, row, given) {
    const hasName = typeof row.name === 'string' && row.name !== '';
    if (!hasName && typeof row.partner_id === 'number') {
      const partnerName = env.store.get('res.partner', row.partner_id)?.name;
      if (typeof partnerName === 'string' && partnerName !== '') row.name = `${partnerName}'s opportunity`;
    }
    if ((row.stage_id ?? null) === null) row.stage_id = firstOpenStage(env, row.team_id ?? null);
    if (!given.has('date_open')) row.date_open = typeof row.user_id === 'number' ? env.now : null;
    if (!given.has('date_last_stage_update')) row.date_last_stage_update = env.now;
    applyStageOutcome(env, row, undefined);
  },
  prepareWrite(env, current, changes) {
    if ('stage_id' in changes && changes.stage_id !== current.stage_id) {
      changes.date_last_stage_update = env.now;
    }
    if ('user_id' in changes && changes.user_id !== current.user_id && !('date_open' in changes)) {
      changes.date_open = typeof changes.user_id === 'number' ? env.now : null;
    }
    applyStageOutcome(env, changes, current);
  },
};

/** Returns the first stage by sequence that is not folded and belongs to the team or to no team. */
function firstOpenStage(env: Env, teamId: unknown): number | null {
  const stages = env.store
    .rows('crm.stage')
    .filter((stage) => stage.fold !== true && (stage.team_id === null || stage.team_id === undefined || stage.team_id === teamId))
    .sort((left, right) => Number(left.sequence ?? 0) - Number(right.sequence ?? 0) || left.id - right.id);
  return stages[0]?.id ?? null;
}

/**
 * Applies the won and lost rules of crm.lead's write. A won stage sets the
 * probability to 100. Probability 100 or archiving closes the lead now. A
 * positive probability, or a move to a stage that is not won, reopens it.
 */
function applyStageOutcome(env: Env, values: ColumnValues, current: Row | undefined): void {
  const stageChanged = typeof values.stage_id === 'number' && values.stage_id !== current?.stage_id;
  const stageIsWon = stageChanged && env.store.get('crm.stage', values.stage_id as number)?.is_won === true;
  if (stageIsWon) {
    values.probability = 100;
    values.automated_probability = 100;
  }

  const probability = typeof values.probability === 'number' ? values.probability : 0;
  if (probability >= 100 || values.active === false) values.date_closed = env.now;
  else if (probability > 0) values.date_closed = null;
  else if (current && stageChanged && !stageIsWon && !('probability' in values)) values.date_closed = null;
}
