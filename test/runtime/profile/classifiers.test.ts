import { describe, expect, it } from 'vitest';

import { detectColumnKind, kindHintFromName } from '../../../runtime/profile/column-kind.js';
import { countryCode, countryColumnFor } from '../../../runtime/profile/country-column.js';
import { classifyDate } from '../../../runtime/profile/date-format.js';
import { classifyEmail, normaliseEmail } from '../../../runtime/profile/email-format.js';
import { classifyPhone } from '../../../runtime/profile/phone-format.js';
import { classifyPostcode, postcodeShape } from '../../../runtime/profile/postcode-format.js';

describe('classifyPhone', () => {
  it.each([
    ['+14155550134', undefined, 'e164', '+14155550134'],
    ['+1 415 555 0134', undefined, 'international', '+14155550134'],
    ['0044 20 7946 0123', undefined, 'international', '+442079460123'],
    ['(212) 555-0134', 'US', 'national', '+12125550134'],
    ['020 7946 0123', 'GB', 'national', '+442079460123'],
    ['+1 212 555 0134 ext. 12', undefined, 'extension', '+12125550134'],
    ['212-555-0134 x12', 'US', 'extension', '+12125550134'],
  ] as const)('reads %s as %s', (value, region, format, e164) => {
    const classified = classifyPhone(value, region, false);
    expect(classified.format).toBe(format);
    expect(classified.recognised).toBe(true);
    expect(classified.e164).toBe(e164);
  });

  it('keeps a national number without a region unnormalised', () => {
    const classified = classifyPhone('(212) 555-0134', undefined, false);
    expect(classified.format).toBe('national');
    expect(classified.e164).toBeUndefined();
  });

  it('accepts bare digits only in a phone column', () => {
    expect(classifyPhone('2125550134', 'US', false).recognised).toBe(false);
    expect(classifyPhone('2125550134', 'US', true).format).toBe('national');
  });

  it.each([['call me'], ['12'], ['+1 23'], ['S-1001'], ['x'.repeat(50)]])('rejects %s', (value) => {
    expect(classifyPhone(value, 'US', true).recognised).toBe(false);
  });

  it('flags a number with the wrong digit count for its country', () => {
    expect(classifyPhone('+44 20 7946', undefined, true).format).toBe('impossible');
  });
});

describe('classifyDate', () => {
  it.each([
    ['20201016T032300.000 GMT', 'pega-datetime'],
    ['20180316T184127.846', 'pega-datetime-no-zone'],
    ['20201214', 'pega-date'],
    ['2023-10-15', 'iso-date'],
    ['2023-10-15T08:30:00Z', 'iso-datetime'],
    ['2023-10-15 08:30:00', 'iso-datetime'],
    ['25/12/1980', 'dd/MM/yyyy'],
    ['12/25/1980', 'MM/dd/yyyy'],
    ['03/04/1980', 'ambiguous dd/MM or MM/dd'],
    ['12.03.1985', 'dd.MM.yyyy'],
  ])('reads %s as %s', (value, format) => {
    const classified = classifyDate(value);
    expect(classified.format).toBe(format);
    expect(classified.recognised).toBe(true);
  });

  it.each([['20231345'], ['2023-02-30'], ['31/31/2000'], ['12345678'], ['hello'], ['20201016T256000.000 GMT']])('rejects %s', (value) => {
    expect(classifyDate(value).recognised).toBe(false);
  });
});

describe('classifyEmail', () => {
  it('separates lower-case, upper-case and invalid addresses', () => {
    expect(classifyEmail('anna.smith@example.com').format).toBe('lower-case');
    expect(classifyEmail('Anna.Smith@Example.com').format).toBe('upper-case');
    expect(classifyEmail('rep@acme').format).toBe('invalid');
    expect(classifyEmail('anna smith@example.com').recognised).toBe(false);
    expect(classifyEmail('no address').format).toBe('not-email');
  });

  it('normalises case and whitespace', () => {
    expect(normaliseEmail(' Anna.Smith@Example.COM\t')).toBe('anna.smith@example.com');
    expect(normaliseEmail('rep@acme')).toBeUndefined();
  });
});

describe('classifyPostcode', () => {
  it('checks a code against its country', () => {
    expect(classifyPostcode('SW1A 1AA', 'GB').format).toBe('GB standard');
    expect(classifyPostcode('sw1a1aa', 'GB').format).toBe('GB non-standard');
    expect(classifyPostcode('M5V 2T6', 'CA').format).toBe('CA standard');
    expect(classifyPostcode('m5v2t6', 'CA').format).toBe('CA non-standard');
    expect(classifyPostcode('1017AB', 'NL').format).toBe('NL non-standard');
    expect(classifyPostcode('94107-1234', 'US').format).toBe('US standard');
    expect(classifyPostcode('9410', 'US').format).toBe('US invalid');
  });

  it('falls back to the shape without a country', () => {
    expect(classifyPostcode('M5V 2T6', undefined).format).toBe('shape A9A 9A9');
    expect(postcodeShape('sw1a 1aa')).toBe('aa9a 9aa');
  });
});

describe('country column', () => {
  it('prefers a code column of the same table', () => {
    expect(countryColumnFor('Phone', ['Country', 'CountryCode', 'Phone'])).toBe('CountryCode');
    expect(countryColumnFor('Addr.PostalCode', ['Addr.Country', 'CountryCode'])).toBe('Addr.Country');
    expect(countryColumnFor('Addr.PostalCode', ['Addr.Street', 'CountryCode'])).toBe('CountryCode');
    expect(countryColumnFor('Phone', ['Phone'])).toBeUndefined();
  });

  it('reads ISO codes and UK', () => {
    expect(countryCode(' de ')).toBe('DE');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('Germany')).toBeUndefined();
    expect(countryCode(null)).toBeUndefined();
  });
});

describe('detectColumnKind', () => {
  const evidence = (nonBlank: number, recognised: Partial<Record<'email' | 'date' | 'phone' | 'postcode', number>>, withLetters = 0) => ({
    nonBlank,
    withLetters,
    recognised: { email: 0, date: 0, phone: 0, postcode: 0, ...recognised },
  });

  it('detects a kind from values under any name', () => {
    expect(detectColumnKind('Contact1', evidence(10, { email: 9 }))).toBe('email');
    expect(detectColumnKind('Col7', evidence(10, { date: 10, postcode: 10 }))).toBe('date');
    expect(detectColumnKind('Notes', evidence(10, { phone: 5 }))).toBe('text');
  });

  it('lowers the bar for the kind the name hints', () => {
    expect(kindHintFromName('pyPhoneNumber')).toBe('phone');
    expect(kindHintFromName('Addr.PostalCode')).toBe('postcode');
    expect(detectColumnKind('MobilePhone', evidence(10, { phone: 4 }))).toBe('phone');
  });

  it('lets values overrule a misleading name', () => {
    expect(detectColumnKind('Phone', evidence(10, { email: 10, phone: 3 }))).toBe('email');
  });

  it('needs letters for a postcode without a name hint', () => {
    expect(detectColumnKind('Amount', evidence(10, { postcode: 10 }))).toBe('text');
    expect(detectColumnKind('Code', evidence(10, { postcode: 10 }, 10))).toBe('postcode');
    expect(detectColumnKind('Zip', evidence(10, { postcode: 10 }))).toBe('postcode');
  });

  it('leaves an empty column as text', () => {
    expect(detectColumnKind('Email', evidence(0, {}))).toBe('text');
  });
});
