import type { CountryCode } from 'libphonenumber-js';

import { DETECTABLE_KINDS, detectColumnKind, kindHintFromName, type DetectableKind } from './column-kind.js';
import { classifyDate } from './date-format.js';
import { DuplicateFinder } from './duplicate-finder.js';
import { classifyEmail, normaliseEmail } from './email-format.js';
import { FormatTally } from './format-tally.js';
import { classifyPhone, type PhoneClassification } from './phone-format.js';
import { classifyPostcode } from './postcode-format.js';
import type { ColumnProfile, DuplicateCheck } from './profile-types.js';

const LINE_BREAK = /[\r\n]/;
const HTML_MARKUP = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|&(?:[a-z]+|#\d+);/i;
const NON_ASCII = /[^\x00-\x7f]/;
// Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan and their presentation forms.
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const NOT_A_PHONE: PhoneClassification = { format: 'invalid', label: 'not a phone number', recognised: false };

/**
 * Profiles one column over a stream of values: empties, stray whitespace,
 * distinct values (up to a cap), text hazards, and how the values are
 * written for each kind a column can be. The kind is decided at the end, so
 * every classifier classifies every value, and the report keeps the tally of
 * the chosen kind.
 */
export class ColumnProfiler {
  private readonly distinctValues = new Set<string>();
  private readonly tallies = new Map<DetectableKind, FormatTally>(DETECTABLE_KINDS.map((kind) => [kind, new FormatTally()]));
  private readonly phoneHinted: boolean;
  private readonly emailDuplicates: DuplicateFinder;
  private readonly phoneDuplicates: DuplicateFinder;
  private nulls = 0;
  private blanks = 0;
  private nonBlank = 0;
  private withLetters = 0;
  private leadingSpaces = 0;
  private trailingSpaces = 0;
  private distinctCapped = false;
  private maxLength = 0;
  private lineBreaks = 0;
  private htmlMarkup = 0;
  private nonAscii = 0;
  private rightToLeft = 0;

  constructor(
    readonly column: string,
    private readonly maxDistinct: number,
    /** Column that contains each row's country, passed to `add` as `country`. */
    readonly countryColumn?: string,
  ) {
    this.phoneHinted = kindHintFromName(column) === 'phone';
    this.emailDuplicates = new DuplicateFinder('email', [column], maxDistinct);
    this.phoneDuplicates = new DuplicateFinder('phone', [column], maxDistinct);
  }

  /** Adds one row's value; `key` is the row's key, kept for duplicate groups. */
  add(value: string | null, country: CountryCode | undefined, key: string): void {
    if (value === null) {
      this.nulls += 1;
      return;
    }
    const trimmed = value.trim();
    if (trimmed === '') {
      this.blanks += 1;
      return;
    }

    this.nonBlank += 1;
    if (/^\s/.test(value)) this.leadingSpaces += 1;
    if (/\s$/.test(value)) this.trailingSpaces += 1;
    if (/\p{L}/u.test(trimmed)) this.withLetters += 1;
    this.maxLength = Math.max(this.maxLength, value.length);
    if (LINE_BREAK.test(value)) this.lineBreaks += 1;
    if (HTML_MARKUP.test(value)) this.htmlMarkup += 1;
    if (NON_ASCII.test(value)) this.nonAscii += 1;
    if (RIGHT_TO_LEFT.test(value)) this.rightToLeft += 1;
    if (!this.distinctValues.has(value)) {
      if (this.distinctValues.size >= this.maxDistinct) this.distinctCapped = true;
      else this.distinctValues.add(value);
    }

    this.classify(trimmed, country, key);
  }

  private classify(trimmed: string, country: CountryCode | undefined, key: string): void {
    const email = classifyEmail(trimmed);
    this.tallies.get('email')!.add(trimmed, email);
    if (email.recognised) this.emailDuplicates.add(normaliseEmail(trimmed), key);

    const date = classifyDate(trimmed);
    this.tallies.get('date')!.add(trimmed, date);

    // A date such as 1985-03-12 has the digits and dashes of a phone number.
    const phone: PhoneClassification = date.recognised ? NOT_A_PHONE : classifyPhone(trimmed, country, this.phoneHinted);
    this.tallies.get('phone')!.add(trimmed, phone);
    if (phone.recognised) this.phoneDuplicates.add(phone.e164, key);

    this.tallies.get('postcode')!.add(trimmed, classifyPostcode(trimmed, country));
  }

  result(): { profile: ColumnProfile; duplicates: DuplicateCheck[] } {
    const recognised = Object.fromEntries(DETECTABLE_KINDS.map((kind) => [kind, this.tallies.get(kind)!.recognised])) as Record<DetectableKind, number>;
    const kind = detectColumnKind(this.column, { nonBlank: this.nonBlank, withLetters: this.withLetters, recognised });
    const usesCountry = (kind === 'phone' || kind === 'postcode') && this.countryColumn !== undefined;

    const profile: ColumnProfile = {
      column: this.column,
      kind,
      nulls: this.nulls,
      blanks: this.blanks,
      leadingSpaces: this.leadingSpaces,
      trailingSpaces: this.trailingSpaces,
      distinct: this.distinctValues.size,
      distinctCapped: this.distinctCapped,
      maxLength: this.maxLength,
      lineBreaks: this.lineBreaks,
      htmlMarkup: this.htmlMarkup,
      nonAscii: this.nonAscii,
      rightToLeft: this.rightToLeft,
      ...(kind === 'text' ? {} : { formats: this.tallies.get(kind)!.result() }),
      ...(usesCountry ? { countryColumn: this.countryColumn } : {}),
    };
    const duplicates: DuplicateCheck[] = [];
    if (kind === 'email') duplicates.push(this.emailDuplicates.result());
    if (kind === 'phone') duplicates.push(this.phoneDuplicates.result());
    return { profile, duplicates };
  }
}
