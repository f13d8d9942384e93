import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';

const pegaDateTime = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?(?: (GMT|UTC|Z))?$/;
const pegaDate = /^(\d{4})(\d{2})(\d{2})$/;

/** Parses a decimal number written with a dot; null when the text is not one. */
export function parseDecimal(value: string): number | null {
  const text = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
  return Number(text);
}

export function parseInteger(value: string): number | null {
  const text = value.trim();
  if (!/^[+-]?\d+(\.0+)?$/.test(text)) return null;
  const number = Number.parseInt(text, 10);
  return Number.isSafeInteger(number) ? number : null;
}

/**
 * Parses a date and time to a Luxon DateTime. Without a format it accepts
 * Pega's DateTime text (`20201016T032300.000 GMT`), Pega's Date (`20201016`)
 * and ISO 8601. `zone` applies to text without a zone of its own, including
 * Pega DateTime text without the ` GMT` suffix.
 */
export function parseDateTime(value: string, format: string | undefined, zone: string): DateTime | null {
  const text = value.trim();
  if (format) {
    const parsed = DateTime.fromFormat(text, format, { zone, locale: 'en-US' });
    return parsed.isValid ? parsed : null;
  }

  const pega = pegaDateTime.exec(text);
  if (pega) {
    const [, year, month, day, hour, minute, second, millisecond = '0', suffix] = pega;
    const parsed = DateTime.fromObject(
      { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), millisecond: Number(millisecond.padEnd(3, '0')) },
      // Pega writes DateTimes in GMT; a value without the suffix is read in `zone`.
      { zone: suffix ? 'UTC' : zone },
    );
    return parsed.isValid ? parsed : null;
  }

  const date = pegaDate.exec(text);
  if (date) {
    const parsed = DateTime.fromObject({ year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) }, { zone });
    return parsed.isValid ? parsed : null;
  }

  const iso = DateTime.fromISO(text, { zone, setZone: false });
  return iso.isValid ? iso : null;
}

/** Odoo's datetime text: naive UTC, `YYYY-MM-DD HH:MM:SS`. */
export function odooDateTime(value: DateTime): string {
  return value.toUTC().toFormat('yyyy-MM-dd HH:mm:ss');
}

/** Odoo's date text, the calendar date in `zone`. */
export function odooDate(value: DateTime, zone: string): string {
  return value.setZone(zone).toFormat('yyyy-MM-dd');
}

/** Formats a phone number in E.164, or returns null when libphonenumber finds it invalid. */
export function e164Phone(value: string, region: string | undefined): string | null {
  const parsed = parsePhoneNumberFromString(value.trim(), region as CountryCode | undefined);
  return parsed && parsed.isValid() ? parsed.format('E.164') : null;
}
