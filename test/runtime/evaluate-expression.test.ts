import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { evaluateExpression, type EvaluatedValue } from '../../runtime/evaluate-expression.js';
import { RecordRejected } from '../../runtime/reject.js';
import type { SourceRecord } from '../../runtime/sources/source.js';
import { testProject } from '../support/test-schemas.js';

/**
 * Compiles `<field> = <expression>` on the contact table (res.partner) and
 * evaluates it for one record. `date` is a date field, `signup_expiration` a
 * datetime field, `comment` a text field.
 */
function evaluate(expression: string, record: SourceRecord, valueMaps = '', target = 'comment'): EvaluatedValue {
  const spec = `object Contact from pega table customerdata.contact key ContactID to odoo res.partner
  name = ContactID
  ${target} = ${expression}
${valueMaps}`;
  const result = compileProject(testProject({ 'contact.pmap': spec }));
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  const field = result.plan!.phases[0]!.fields.find((entry) => entry.field === target)!;
  return evaluateExpression(field.expression, { ContactID: 'CONT-1', ...record }, { valueMaps: result.plan!.valueMaps, resolvedTargets: new Map() });
}

function rejection(expression: string, record: SourceRecord, target = 'comment'): string {
  try {
    evaluate(expression, record, '', target);
  } catch (error) {
    if (error instanceof RecordRejected) return error.reason.message;
    throw error;
  }
  throw new Error(`${expression} did not reject the record`);
}

describe('text functions', () => {
  const cases: Array<[string, SourceRecord, EvaluatedValue]> = [
    ['trim(FirstName)', { FirstName: '  Ann ' }, 'Ann'],
    ['lower(Email)', { Email: 'Ann@Example.COM' }, 'ann@example.com'],
    ['upper(FirstName)', { FirstName: 'ann' }, 'ANN'],
    ['title(LastName)', { LastName: "o'NEILL-smith van der berg" }, "O'Neill-Smith Van Der Berg"],
    ['title(LastName)', { LastName: 'ÉLODIE ČAPEK' }, 'Élodie Čapek'],
    ['truncate(FirstName, 3)', { FirstName: 'Annabel' }, 'Ann'],
    ['truncate(FirstName, 2)', { FirstName: '😀😀😀' }, '😀😀'],
    ['replace(Email, "-", "")', { Email: 'a-b-c' }, 'abc'],
    ['regex_extract(Email, "@(.+)$", 1)', { Email: 'ann@example.com' }, 'example.com'],
    ['regex_extract(Email, "^x")', { Email: 'ann@example.com' }, null],
    ['join(" ", FirstName, LastName)', { FirstName: 'Ann', LastName: null }, 'Ann'],
    ['join(" ", FirstName, LastName)', { FirstName: '', LastName: null }, null],
    ['html(FirstName)', { FirstName: 'a < b\r\nc & "d"' }, 'a &lt; b<br>c &amp; &quot;d&quot;'],
    ['trim(FirstName)', { FirstName: null }, null],
  ];
  it.each(cases)('%s of %j', (expression, record, expected) => {
    expect(evaluate(expression, record)).toEqual(expected);
  });
});

describe('null handling', () => {
  it('coalesce skips null and empty', () => {
    expect(evaluate('coalesce(FirstName, LastName, "x")', { FirstName: '', LastName: null })).toBe('x');
  });
  it('default falls back on empty', () => {
    expect(evaluate('default(FirstName, "n/a")', { FirstName: '' })).toBe('n/a');
    expect(evaluate('default(FirstName, "n/a")', { FirstName: 'Ann' })).toBe('Ann');
  });
  it('nullif blanks a placeholder', () => {
    expect(evaluate('nullif(Email, "N/A")', { Email: 'N/A' })).toBeNull();
    expect(evaluate('nullif(Email, "N/A")', { Email: 'a@b.c' })).toBe('a@b.c');
  });
});

describe('conditionals and comparisons', () => {
  it('if picks a branch by condition', () => {
    expect(evaluate('if Email is null then "no e-mail" else Email', { Email: null })).toBe('no e-mail');
    expect(evaluate('if Email is not null then Email else "none"', { Email: 'a@b.c' })).toBe('a@b.c');
  });
  it('case with a subject compares values', () => {
    const expression = 'case FirstName when "A" then "first" when "B" then "second" else "other" end';
    expect(evaluate(expression, { FirstName: 'B' })).toBe('second');
    expect(evaluate(expression, { FirstName: 'Z' })).toBe('other');
  });
  it('case without else gives null', () => {
    expect(evaluate('case when FirstName == "A" then "a" end', { FirstName: 'B' })).toBeNull();
  });
  it('combines conditions with and, or, not', () => {
    const expression = 'if (FirstName == "A" or FirstName == "B") and not (LastName is null) then "yes" else "no"';
    expect(evaluate(expression, { FirstName: 'B', LastName: 'X' })).toBe('yes');
    expect(evaluate(expression, { FirstName: 'B', LastName: null })).toBe('no');
    expect(evaluate(expression, { FirstName: 'C', LastName: 'X' })).toBe('no');
  });
  it('treats null as equal only to null', () => {
    expect(evaluate('if FirstName == LastName then "same" else "different"', { FirstName: null, LastName: null })).toBe('same');
    expect(evaluate('if FirstName != "A" then "other" else "A"', { FirstName: null })).toBe('other');
    expect(evaluate('if FirstName < "A" then "less" else "not less"', { FirstName: null })).toBe('not less');
  });
});

describe('numbers', () => {
  it('parses integers and decimals', () => {
    expect(evaluate('truncate(FirstName, 10)', { FirstName: 'abc' })).toBe('abc');
    expect(evaluate('join("", integer(FirstName))', { FirstName: ' 42 ' })).toBe('42');
    expect(evaluate('join("", decimal(FirstName))', { FirstName: '3.50' })).toBe('3.5');
    expect(evaluate('join("", round(decimal(FirstName), 1))', { FirstName: '2.46' })).toBe('2.5');
  });
  it('rejects text that is not a number, naming column and value', () => {
    expect(rejection('join("", integer(FirstName))', { FirstName: 'forty' })).toBe('integer(FirstName): "forty" is not an integer');
  });
  it('writes null for bad numbers when asked', () => {
    expect(evaluate('join("", integer(FirstName, invalid: "null"))', { FirstName: 'forty' })).toBeNull();
  });
});

describe('dates', () => {
  it('reads Pega DateTime text as GMT', () => {
    expect(evaluate('datetime(FirstName)', { FirstName: '20201016T032300.123 GMT' }, '', 'signup_expiration')).toBe('2020-10-16 03:23:00');
  });
  it('converts a local time to UTC across a DST change', () => {
    const expression = 'datetime(FirstName, format: "MM/dd/yyyy HH:mm", tz: "America/New_York")';
    expect(evaluate(expression, { FirstName: '03/08/2020 01:30' }, '', 'signup_expiration')).toBe('2020-03-08 06:30:00');
    expect(evaluate(expression, { FirstName: '03/08/2020 03:30' }, '', 'signup_expiration')).toBe('2020-03-08 07:30:00');
  });
  it('takes the calendar date in a time zone', () => {
    expect(evaluate('date(FirstName, tz: "Europe/Moscow")', { FirstName: '20170831T210000.000 GMT' }, '', 'date')).toBe('2017-09-01');
    expect(evaluate('date(FirstName)', { FirstName: '20201214' }, '', 'date')).toBe('2020-12-14');
    expect(evaluate('date(FirstName, format: "dd.MM.yyyy")', { FirstName: '01.09.2017' }, '', 'date')).toBe('2017-09-01');
  });
  it('rejects a date that does not match its format', () => {
    expect(rejection('date(FirstName, format: "dd.MM.yyyy")', { FirstName: '2017-09-01' }, 'date')).toBe(
      'date(FirstName): "2017-09-01" is not a date in the format dd.MM.yyyy',
    );
  });
});

describe('phones and e-mails', () => {
  it('formats national and international numbers in E.164', () => {
    expect(evaluate('phone(FirstName, region: "US")', { FirstName: '(415) 555-0132' })).toBe('+14155550132');
    expect(evaluate('phone(FirstName, region: "US")', { FirstName: '+44 20 7946 0322' })).toBe('+442079460322');
    expect(evaluate('phone(FirstName, region: "DE")', { FirstName: '030 1502451' })).toBe('+49301502451');
  });
  it('keeps an invalid number by default and can reject it', () => {
    expect(evaluate('phone(FirstName, region: "US")', { FirstName: ' 12 ' })).toBe('12');
    expect(rejection('phone(FirstName, region: "US", invalid: "reject")', { FirstName: '12' })).toBe('phone(FirstName): "12" is not a valid phone number');
  });
  it('normalises e-mail addresses', () => {
    expect(evaluate('email(Email)', { Email: ' Ann.Lee@Example.COM ' })).toBe('ann.lee@example.com');
    expect(evaluate('email(Email, invalid: "null")', { Email: 'not an address' })).toBeNull();
  });
});

describe('value map fallbacks', () => {
  const maps = 'values Kind { "A" => "alpha" else => pass }\nvalues Strict { "A" => "alpha" else => error }';
  it('passes unmapped values through', () => {
    expect(evaluate('Kind(FirstName)', { FirstName: 'Q' }, maps)).toBe('Q');
    expect(evaluate('Kind(FirstName)', { FirstName: 'A' }, maps)).toBe('alpha');
  });
  it('rejects unmapped values with else => error', () => {
    expect(() => evaluate('Strict(FirstName)', { FirstName: 'Q' }, maps)).toThrow('FirstName "Q" is not in value map Strict');
  });
});
