/** Describes SLA intervals and escalation actions in words, with their Odoo counterpart. */

import type { ServiceLevel, SlaEscalation, SlaInterval } from '../inventory/inventory-types.js';

/** Formats an interval as `5 working days` or `2 hours 30 minutes`. */
export function intervalText(interval: SlaInterval | undefined): string | undefined {
  if (interval === undefined) return undefined;
  const parts: string[] = [];
  const unit = (value: number | undefined, singular: string) => {
    if (value) parts.push(`${value} ${singular}${value === 1 ? '' : 's'}`);
  };
  unit(interval.days, interval.businessDays ? 'working day' : 'day');
  unit(interval.hours, 'hour');
  unit(interval.minutes, 'minute');
  unit(interval.seconds, 'second');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Returns the interval in Odoo's automated-action delay units, as `5 days` or `270 minutes`. */
export function odooDelay(interval: SlaInterval): string {
  const minutes = (interval.days ?? 0) * 1440 + (interval.hours ?? 0) * 60 + (interval.minutes ?? 0) + Math.ceil((interval.seconds ?? 0) / 60);
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

const ACTIONS: Readonly<Record<string, (target: string | undefined) => string>> = {
  NotifyAssignee: () => 'notify the assigned user',
  NotifyManager: () => "notify the assigned user's manager",
  NotifyParty: (target) => `notify the ${target ?? 'work'} party`,
  Transfer: (target) => `transfer the assignment to ${target ?? 'another queue'}`,
  AdvanceFlow: (target) => `advance the flow${target ? ` along ${target}` : ''}`,
  CallActivity: (target) => `run activity ${target ?? ''}`.trim(),
  CallFlow: (target) => `start flow ${target ?? ''}`.trim(),
  ApplyDataTransform: (target) => `apply data transform ${target ?? ''}`.trim(),
};

const ODOO_ACTIONS: Readonly<Record<string, (target: string | undefined) => string>> = {
  NotifyAssignee: () => 'server action "Send email" (or "Create activity") for the salesperson (user_id)',
  NotifyManager: () => 'server action "Send email" to the team leader (team_id.user_id)',
  NotifyParty: (target) => `server action "Send email" to the ${target === 'Customer' ? 'customer (partner_id)' : `${target ?? 'related'} contact`}`,
  Transfer: (target) => `server action "Update record" that sets the team (team_id) to the team replacing ${target ?? 'the work queue'}`,
  AdvanceFlow: () => 'server action "Update record" that sets the next stage',
  CallActivity: () => 'server action "Execute code" that does what the activity did',
  CallFlow: (target) => `server action that runs the automated actions rebuilt from ${target ?? 'the flow'}`,
  ApplyDataTransform: () => 'server action "Update record" with the values the data transform set',
};

/** Describes what Pega does on the escalation, for example `notify the assigned user's manager, urgency +20`. */
export function escalationText(escalation: SlaEscalation): string {
  const action = (ACTIONS[escalation.action] ?? ((target) => `${escalation.action}${target ? ` ${target}` : ''}`))(escalation.target);
  return escalation.urgencyIncrement ? `${action}, urgency +${escalation.urgencyIncrement}` : action;
}

/** Describes the Odoo server action that replaces the escalation. */
export function odooEscalationText(escalation: SlaEscalation): string {
  const action = (ODOO_ACTIONS[escalation.action] ?? (() => `server action doing what ${escalation.action} did`))(escalation.target);
  return escalation.urgencyIncrement ? `${action}; raise the priority (priority) one star` : action;
}

/** Summarises an SLA on one line: `goal 3 working days, deadline 5 working days, late every 2 working days`. */
export function slaSummary(sla: ServiceLevel): string {
  const parts = [
    sla.goal ? `goal ${intervalText(sla.goal)}` : undefined,
    sla.deadline ? `deadline ${intervalText(sla.deadline)}` : undefined,
    sla.late ? `late every ${intervalText(sla.late)}${sla.maxLateEvents ? ` (at most ${sla.maxLateEvents} times)` : ''}` : undefined,
  ].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return sla.origin === 'rules-table' ? 'intervals unknown: the SLA is not in the application export' : 'no goal or deadline set';
  let from = '';
  if (sla.calculateFrom === 'property') from = ` from ${sla.timeProperty ?? 'a property'}`;
  else if (sla.calculateFrom === 'assignment-start') from = ' from the start of the assignment';
  return `${parts.join(', ')}${from}`;
}
