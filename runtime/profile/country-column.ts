import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';

import { compareText } from './format-tally.js';

/** Country names and codes that are not ISO 3166 alpha-2 but common in CRM data. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };

/**
 * Picks the column that contains each row's country for `column`: one of the
 * same joined table (`Addr.Country` for `Addr.PostalCode`) first, then one of
 * the phase's own table. Names with "code" win over plain "country".
 */
export function countryColumnFor(column: string, available: readonly string[]): string | undefined {
  const prefix = column.includes('.') ? column.slice(0, column.indexOf('.') + 1) : '';
  const sameTable = (name: string) => (prefix === '' ? !name.includes('.') : name.startsWith(prefix));
  const candidates = available
    .filter((name) => sameTable(name) && /country/i.test(name.slice(prefix.length)))
    .sort((left, right) => rank(left) - rank(right) || compareText(left, right));
  if (candidates.length > 0 || prefix === '') return candidates[0];
  return countryColumnFor(column.slice(prefix.length), available);
}

function rank(name: string): number {
  return /code/i.test(name) ? 0 : 1;
}

/**
 * Returns the ISO 3166 alpha-2 code a country value holds, or undefined.
 * NOTE: country names ("Germany", "Deutschland") are not recognised, so
 * rows that spell the country out get no region.
 */
export function countryCode(value: string | null | undefined): CountryCode | undefined {
  if (value === null || value === undefined) return undefined;
  const upper = value.trim().toUpperCase();
  const code = COUNTRY_ALIASES[upper] ?? upper;
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? code : undefined;
}
