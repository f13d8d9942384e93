import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

import type { ValueFormat } from './format-tally.js';

/** Characters a written phone number may contain, an extension aside. */
const PHONE_CHARACTERS = /^[+\d\s().\-/]+$/;
const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})$/i;
const E164 = /^\+[1-9]\d{6,14}$/;
const SEPARATOR = /[\s().\-/]/;

export interface PhoneClassification extends ValueFormat {
  /** The number in E.164 (`+14155550134`), when it could be read; an extension is left out. */
  readonly e164?: string;
}

const NOT_A_PHONE: PhoneClassification = { format: 'invalid', label: 'not a phone number', recognised: false };

/**
 * Classifies how a trimmed value writes a phone number: E.164, international
 * with separators, national, or with an extension. `region` is the row's
 * country, needed to read a national number. `hinted` is set when the column
 * name names a phone. Only then do digits alone (`4155550134`) count as a
 * number, because in other columns they are more likely ids.
 */
export function classifyPhone(value: string, region: CountryCode | undefined, hinted: boolean): PhoneClassification {
  if (value.length > 40) return NOT_A_PHONE;
  const extension = EXTENSION.exec(value);
  const number = extension ? value.slice(0, extension.index) : value;
  if (!PHONE_CHARACTERS.test(number)) return NOT_A_PHONE;

  const digits = number.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return NOT_A_PHONE;
  const international = number.startsWith('+') || number.startsWith('00');
  if (!international && !hinted && !SEPARATOR.test(number)) return NOT_A_PHONE;

  const parsed = parsePhoneNumberFromString(international && number.startsWith('00') ? `+${number.slice(2)}` : number, international ? undefined : region);
  // Without a region a national number cannot be checked, so its shape alone decides.
  const checkable = international || region !== undefined;
  if (checkable && (parsed === undefined || !parsed.isPossible())) {
    return { format: 'impossible', label: 'wrong number of digits for its country', recognised: false };
  }
  const e164 = checkable ? parsed!.number : undefined;
  const withE164 = e164 === undefined ? {} : { e164 };

  if (extension) return { format: 'extension', label: 'with an extension', recognised: true, ...withE164 };
  if (E164.test(number)) return { format: 'e164', label: 'E.164 (+14155550134)', recognised: true, ...withE164 };
  if (international) return { format: 'international', label: 'international with separators (+1 415 555 0134)', recognised: true, ...withE164 };
  return { format: 'national', label: 'national (without country code)', recognised: true, ...withE164 };
}
