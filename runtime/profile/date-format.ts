import type { ValueFormat } from './format-tally.js';

const PEGA_DATETIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.\d{1,3})?( GMT)?$/;
const PEGA_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

const INVALID: ValueFormat = { format: 'invalid', label: 'not a date', recognised: false };

/**
 * Classifies how a trimmed value writes a date or a date and time: Pega's
 * DateTime (`20201016T032300.000 GMT`) and Date (`20201214`), ISO 8601,
 * `dd.MM.yyyy`, and slashed dates, which are day first, month first, or
 * ambiguous when both numbers are 12 or less.
 */
export function classifyDate(value: string): ValueFormat {
  if (value.length > 40) return INVALID;

  const pega = PEGA_DATETIME.exec(value);
  if (pega) {
    if (!isDate(pega[1]!, pega[2]!, pega[3]!) || !isTime(pega[4]!, pega[5]!, pega[6]!)) return INVALID;
    return pega[7]
      ? { format: 'pega-datetime', label: "Pega DateTime (yyyyMMdd'T'HHmmss.SSS GMT)", recognised: true }
      : { format: 'pega-datetime-no-zone', label: 'Pega DateTime without GMT (time zone unknown)', recognised: true };
  }

  const pegaDate = PEGA_DATE.exec(value);
  if (pegaDate) {
    // Eight digits are a date only in a plausible range; 00000000 or 12345678 are ids or amounts.
    const year = Number(pegaDate[1]);
    if (year < 1850 || year > 2150 || !isDate(pegaDate[1]!, pegaDate[2]!, pegaDate[3]!)) return INVALID;
    return { format: 'pega-date', label: 'Pega Date (yyyyMMdd)', recognised: true };
  }

  const isoDate = ISO_DATE.exec(value);
  if (isoDate) {
    return isDate(isoDate[1]!, isoDate[2]!, isoDate[3]!) ? { format: 'iso-date', label: 'ISO date (yyyy-MM-dd)', recognised: true } : INVALID;
  }

  const isoDateTime = ISO_DATETIME.exec(value);
  if (isoDateTime) {
    const valid = isDate(isoDateTime[1]!, isoDateTime[2]!, isoDateTime[3]!) && isTime(isoDateTime[4]!, isoDateTime[5]!, isoDateTime[6] ?? '00');
    return valid ? { format: 'iso-datetime', label: 'ISO date and time (yyyy-MM-ddTHH:mm:ss)', recognised: true } : INVALID;
  }

  const numeric = DAY_MONTH_YEAR.exec(value);
  if (numeric) return classifyDayMonthYear(numeric[1]!, numeric[2]!, numeric[3]!, numeric[4]!);
  return INVALID;
}

function classifyDayMonthYear(first: string, separator: string, second: string, year: string): ValueFormat {
  const dayFirst = isDate(year, second, first);
  const monthFirst = isDate(year, first, second);
  if (separator === '.') {
    // Dots are the German and Dutch day-first notation; month-first with dots is not in use.
    return dayFirst ? { format: 'dd.MM.yyyy', label: 'day first with dots (dd.MM.yyyy)', recognised: true } : INVALID;
  }
  const pattern = separator === '/' ? ['dd/MM/yyyy', 'MM/dd/yyyy', 'dd/MM or MM/dd'] : ['dd-MM-yyyy', 'MM-dd-yyyy', 'dd-MM or MM-dd'];
  if (dayFirst && monthFirst) return { format: `ambiguous ${pattern[2]}`, label: `ambiguous: ${pattern[2]} (both parts 12 or less)`, recognised: true };
  if (dayFirst) return { format: pattern[0]!, label: `day first (${pattern[0]})`, recognised: true };
  if (monthFirst) return { format: pattern[1]!, label: `month first (${pattern[1]})`, recognised: true };
  return INVALID;
}

function isDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isTime(hours: string, minutes: string, seconds: string): boolean {
  return Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 60;
}
