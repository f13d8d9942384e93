import type { CountryCode } from 'libphonenumber-js';

import type { ValueFormat } from './format-tally.js';

/**
 * A country's postcode in its standard written form, and where a space goes
 * when a compacted code is written out again (characters before the space,
 * or from the end when negative).
 */
interface PostcodeRule {
  readonly pattern: RegExp;
  readonly space?: number;
  readonly dash?: number;
}

// Standard forms as each country's postal operator writes them.
const RULES: Readonly<Partial<Record<CountryCode, PostcodeRule>>> = {
  US: { pattern: /^\d{5}(?:-\d{4})?$/ },
  CA: { pattern: /^[A-Z]\d[A-Z] \d[A-Z]\d$/, space: 3 },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, space: -3 },
  NL: { pattern: /^\d{4} [A-Z]{2}$/, space: 4 },
  SE: { pattern: /^\d{3} \d{2}$/, space: 3 },
  DE: { pattern: /^\d{5}$/ },
  FR: { pattern: /^\d{5}$/ },
  IT: { pattern: /^\d{5}$/ },
  ES: { pattern: /^\d{5}$/ },
  BE: { pattern: /^\d{4}$/ },
  AT: { pattern: /^\d{4}$/ },
  CH: { pattern: /^\d{4}$/ },
  DK: { pattern: /^\d{4}$/ },
  NO: { pattern: /^\d{4}$/ },
  AU: { pattern: /^\d{4}$/ },
  IN: { pattern: /^\d{6}$/ },
  JP: { pattern: /^\d{3}-\d{4}$/, dash: 3 },
  BR: { pattern: /^\d{5}-\d{3}$/, dash: 5 },
  PL: { pattern: /^\d{2}-\d{3}$/, dash: 2 },
  PT: { pattern: /^\d{4}-\d{3}$/, dash: 4 },
};

/**
 * Classifies a trimmed postcode: by the rules of the row's country when the
 * row has a country with a rule below, else by its shape (`99999`, `A9A 9A9`).
 * `recognised` is set when some country's rules accept the value as it is or
 * after fixing case and spacing.
 */
export function classifyPostcode(value: string, country: CountryCode | undefined): ValueFormat {
  if (value.length > 12) return { format: 'invalid', label: 'too long for a postcode', recognised: false };
  const rule = country === undefined ? undefined : RULES[country];
  if (rule !== undefined) {
    if (rule.pattern.test(value)) return { format: `${country} standard`, label: `${country}, standard form`, recognised: true };
    if (rule.pattern.test(rewrite(value, rule))) {
      return { format: `${country} non-standard`, label: `${country}, valid after fixing case or spacing`, recognised: true };
    }
    return { format: `${country} invalid`, label: `${country}, not a valid postcode`, recognised: false };
  }
  const shape = postcodeShape(value);
  return { format: `shape ${shape}`, label: `shape ${shape}${country === undefined ? '' : ` (${country}: no rule)`}`, recognised: anyRuleAccepts(value) };
}

/** Writes a postcode's shape: digits as 9, upper-case letters as A, lower-case as a. */
export function postcodeShape(value: string): string {
  return value.replace(/\d/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a');
}

/** Returns true when the value, with case and spacing fixed, is a postcode of some country with letters in its codes. */
export function hasLetterPostcodeShape(value: string): boolean {
  return /[A-Za-z]/.test(value) && anyRuleAccepts(value);
}

function anyRuleAccepts(value: string): boolean {
  return Object.values(RULES).some((rule) => rule.pattern.test(value) || rule.pattern.test(rewrite(value, rule)));
}

function rewrite(value: string, rule: PostcodeRule): string {
  const compact = value.toUpperCase().replace(/[\s-]/g, '');
  if (rule.space !== undefined) {
    const at = rule.space < 0 ? compact.length + rule.space : rule.space;
    return at > 0 && at < compact.length ? `${compact.slice(0, at)} ${compact.slice(at)}` : compact;
  }
  if (rule.dash !== undefined && rule.dash < compact.length) return `${compact.slice(0, rule.dash)}-${compact.slice(rule.dash)}`;
  return compact;
}
