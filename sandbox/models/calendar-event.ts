// calendar.event (calendar): meetings, with `start` and `stop` required and
// ordered, and attendees in `partner_ids`.
//
// Left out: calendar.attendee records and invitations, alarms, recurrence,
// videocall links, and time zones (all-day dates are cut from UTC times).

import { validationError } from '../faults.js';
import type { Env } from '../orm/environment.js';
import type { ColumnValues, ModelBehaviour } from './model-behaviour.js';

export const calendarEvent: ModelBehaviour = {
  name: 'calendar.event',
  description: 'Calendar Event',
  order: 'start desc',
  defaults: {
    active: () => true,
    allday: () => false,
    privacy: () => 'public',
    show_as: () => 'busy',
    user_id: (env) => env.uid,
    partner_ids: (env) => callerPartnerIds(env),
  },
  onDelete: { opportunity_id: 'set null', res_model_id: 'cascade' },
  prepareCreate(env, row, given) {
    if (typeof row.start === 'string' && !given.has('stop')) {
      row.stop = addHours(row.start, typeof row.duration === 'number' && row.duration > 0 ? row.duration : 1);
    }
    completeTimes(env, row);
  },
  prepareWrite(env, current, changes) {
    if (!('start' in changes) && !('stop' in changes) && !('res_model_id' in changes)) return;
    const merged: ColumnValues = { ...current, ...changes };
    if ('start' in changes && !('stop' in changes) && typeof merged.start === 'string') {
      const duration = typeof current.duration === 'number' && current.duration > 0 ? current.duration : 1;
      merged.stop = addHours(merged.start, duration);
    }
    completeTimes(env, merged);
    for (const name of ['stop', 'duration', 'start_date', 'stop_date', 'res_model']) changes[name] = merged[name] ?? null;
  },
  validate(env, ids) {
    for (const id of ids) {
      const event = env.store.get('calendar.event', id);
      if (!event || event.allday === true) continue;
      const { start, stop } = event;
      if (typeof start === 'string' && typeof stop === 'string' && stop < start) {
        throw validationError(
          'The ending date and time cannot be earlier than the starting date and time.\n' +
            `Meeting '${String(event.name)}' starts '${start}' and ends '${stop}'`,
        );
      }
    }
  },
};

/** Fills the stored computed fields: duration, all-day dates and the linked model name. */
function completeTimes(env: Env, row: ColumnValues): void {
  if (typeof row.start === 'string' && typeof row.stop === 'string') {
    const hours = (parseUtc(row.stop) - parseUtc(row.start)) / 3_600_000;
    row.duration = Math.round(hours * 100) / 100;
  }
  row.start_date = row.allday === true && typeof row.start === 'string' ? row.start.slice(0, 10) : null;
  row.stop_date = row.allday === true && typeof row.stop === 'string' ? row.stop.slice(0, 10) : null;
  const model = typeof row.res_model_id === 'number' ? env.store.get('ir.model', row.res_model_id)?.model : undefined;
  row.res_model = typeof model === 'string' ? model : null;
}

function parseUtc(datetime: string): number {
  return Date.parse(`${datetime.replace(' ', 'T')}Z`);
}

function addHours(datetime: string, hours: number): string {
  const time = new Date(parseUtc(datetime) + Math.round(hours * 60) * 60_000);
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

function callerPartnerIds(env: Env): number[] {
  const partnerId = env.store.get('res.users', env.uid)?.partner_id;
  return typeof partnerId === 'number' ? [partnerId] : [];
}
