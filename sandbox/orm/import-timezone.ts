// The time zone `load` reads datetimes in: the context's `tz`, else the
// user's, else UTC, as Odoo's import converter picks it.

import type { Env } from './environment.js';

/** Returns the IANA name of the zone import datetimes are written in. */
export function importTimezone(env: Env): string {
  const candidates = [env.context.tz, userTimezone(env)];
  for (const zone of candidates) {
    if (typeof zone === 'string' && zone !== '' && isKnownZone(zone)) return zone;
  }
  return 'UTC';
}

function userTimezone(env: Env): unknown {
  const partnerId = env.store.get('res.users', env.uid)?.partner_id;
  return typeof partnerId === 'number' ? env.store.get('res.partner', partnerId)?.tz : undefined;
}

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts a wall-clock time in `zone` to UTC milliseconds. A time that
 * occurs twice at the end of summer time resolves to the later (standard
 * time) instant, as pytz's localize(is_dst=False) does.
 */
export function zonedTimeToUtc(wallClockAsUtc: number, zone: string): number {
  let utc = wallClockAsUtc - zoneOffset(wallClockAsUtc, zone);
  // One correction step covers instants near a DST change.
  utc = wallClockAsUtc - zoneOffset(utc, zone);
  return utc;
}

/** Returns the offset of `zone` from UTC at an instant, in milliseconds. */
function zoneOffset(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}
