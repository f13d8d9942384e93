/** Converts an exported `Rule-Obj-ServiceLevel` instance into an SLA of the inventory. */

import type { ServiceLevel, SlaEscalation, SlaEvent, SlaInterval } from './inventory-types.js';
import { identityOf, withoutUndefined } from './rule-identity.js';
import { numberOf, pageGroupOf, pageListOf, textOf, type RulePage } from './rule-page-xml.js';

const EVENTS: ReadonlyArray<readonly [SlaEvent, string]> = [['goal', 'Goal'], ['deadline', 'Deadline'], ['late', 'Late']];

/** Reads `py<Event>DefaultDays` … `Seconds`; an interval of all zeros is no interval. */
function intervalOf(page: RulePage, event: string): SlaInterval | undefined {
  const parts = {
    days: numberOf(page, `py${event}DefaultDays`),
    hours: numberOf(page, `py${event}DefaultHours`),
    minutes: numberOf(page, `py${event}DefaultMinutes`),
    seconds: numberOf(page, `py${event}DefaultSeconds`),
  };
  const nonZero = Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined && value !== 0)) as SlaInterval;
  if (Object.keys(nonZero).length === 0) return undefined;
  return textOf(page, `py${event}InBusinessDays`) === 'true' ? { ...nonZero, businessDays: true } : nonZero;
}

function escalationsOf(page: RulePage): SlaEscalation[] {
  const group = pageGroupOf(page, 'pyEscalations');
  const escalations: SlaEscalation[] = [];
  for (const [event, subscript] of EVENTS) {
    const entry = group.get(subscript);
    if (entry === undefined) continue;
    const urgencyIncrement = numberOf(entry, 'pyUrgencyIncrement');
    for (const action of pageListOf(entry, 'pyActions')) {
      escalations.push(withoutUndefined({ event, urgencyIncrement, action: textOf(action, 'pyAction') ?? 'None', target: textOf(action, 'pyActionTarget') }));
    }
  }
  return escalations;
}

export function serviceLevelOf(page: RulePage): ServiceLevel {
  const calculateFrom = textOf(page, 'pyCalculateTimesFrom')?.toUpperCase();
  return withoutUndefined({
    ...identityOf(page, 'Rule-Obj-ServiceLevel'),
    calculateFrom: calculateFrom === 'PROPERTY' ? ('property' as const) : calculateFrom === 'ASSIGNSTART' ? ('assignment-start' as const) : undefined,
    timeProperty: textOf(page, 'pyTimeProperty'),
    initialUrgency: numberOf(page, 'pyUrgencySLA'),
    calendar: textOf(page, 'pyCalendar'),
    goal: intervalOf(page, 'Goal'),
    deadline: intervalOf(page, 'Deadline'),
    late: intervalOf(page, 'Late'),
    maxLateEvents: numberOf(page, 'pyMaxLateEvents'),
    escalations: escalationsOf(page),
  });
}
