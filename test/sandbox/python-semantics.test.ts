// The Python behaviours the sandbox imitates in its messages: repr(), int(),
// float(), strptime() and argument binding.

import { describe, expect, test } from 'vitest';

import { PythonException } from '../../sandbox/faults.js';
import { pythonFloat, pythonInt } from '../../sandbox/python/builtins.js';
import { bindArguments } from '../../sandbox/python/call-binding.js';
import { formatPythonNumber, pythonRepr, pythonTupleRepr } from '../../sandbox/python/repr.js';
import { strptime } from '../../sandbox/python/strptime.js';

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof PythonException) return `${error.exceptionClass}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a Python exception');
}

describe('repr', () => {
  test.each([
    ['abc', "'abc'"],
    ["it's", '"it\'s"'],
    ['say "hi" it\'s', "'say \"hi\" it\\'s'"],
    ['line\nbreak\t\\', "'line\\nbreak\\t\\\\'"],
    ['café', "'café'"],
    [7, '7'],
    [true, 'True'],
    [null, 'None'],
    [[1, 'a', false], "[1, 'a', False]"],
    [{ a: 1 }, "{'a': 1}"],
  ])('repr of %j', (value, expected) => {
    expect(pythonRepr(value)).toBe(expected);
  });

  test('repr of a tuple', () => {
    expect(pythonTupleRepr(['foo', '=', 1])).toBe("('foo', '=', 1)");
    expect(pythonTupleRepr([12008])).toBe('(12008,)');
  });

  test.each([
    [0, '0.0'],
    [1, '1.0'],
    [1200.5, '1200.5'],
    [0.1, '0.1'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
  ])('float repr of %d', (value, expected) => {
    expect(formatPythonNumber(value, true)).toBe(expected);
  });
});

describe('int and float', () => {
  test('int() accepts what Python accepts', () => {
    expect(pythonInt(' 42 ')).toBe(42);
    expect(pythonInt('-1_000')).toBe(-1000);
    expect(pythonInt(3.9)).toBe(3);
    expect(pythonInt(true)).toBe(1);
  });

  test('int() rejects with Python messages', () => {
    expect(messageOf(() => pythonInt('1.5'))).toBe("builtins.ValueError: invalid literal for int() with base 10: '1.5'");
    expect(messageOf(() => pythonInt([1]))).toBe(
      "builtins.TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'",
    );
  });

  test('float() accepts what Python accepts', () => {
    expect(pythonFloat(' 1e3 ')).toBe(1000);
    expect(pythonFloat('.5')).toBe(0.5);
    expect(pythonFloat('5.')).toBe(5);
    expect(pythonFloat('-inf')).toBe(-Infinity);
  });

  test('float() rejects with Python messages', () => {
    expect(messageOf(() => pythonFloat('12,5'))).toBe("builtins.ValueError: could not convert string to float: '12,5'");
  });
});

describe('strptime', () => {
  test('parses with single-digit fields as Python does', () => {
    expect(strptime('2024-1-5', '%Y-%m-%d')).toEqual({ year: 2024, month: 1, day: 5, hour: 0, minute: 0, second: 0 });
  });

  test.each([
    ['2024/01/05', '%Y-%m-%d', "builtins.ValueError: time data '2024/01/05' does not match format '%Y-%m-%d'"],
    ['2024-01-05 10', '%Y-%m-%d', 'builtins.ValueError: unconverted data remains:  10'],
    ['2024-13-05', '%Y-%m-%d', "builtins.ValueError: time data '2024-13-05' does not match format '%Y-%m-%d'"],
    ['2024-04-31', '%Y-%m-%d', 'builtins.ValueError: day is out of range for month'],
    ['x', '%Y-%m-%', "builtins.ValueError: stray % in format '%Y-%m-%'"],
  ])('rejects %s', (text, format, expected) => {
    expect(messageOf(() => strptime(text, format))).toBe(expected);
  });
});

describe('argument binding', () => {
  const search = {
    qualifiedName: 'BaseModel.search',
    parameters: [{ name: 'domain' }, { name: 'offset', default: 0 }, { name: 'limit', default: null }],
    isMethod: true,
  };

  test('binds positional and keyword arguments with defaults', () => {
    expect(bindArguments(search, [[]], { limit: 5 }).values).toEqual({ domain: [], offset: 0, limit: 5 });
  });

  test.each([
    [[], {}, "builtins.TypeError: BaseModel.search() missing 1 required positional argument: 'domain'"],
    [[[], 0], { offset: 1 }, "builtins.TypeError: BaseModel.search() got multiple values for argument 'offset'"],
    [[[], 0, 1, 2], {}, 'builtins.TypeError: BaseModel.search() takes from 2 to 4 positional arguments but 5 were given'],
  ])('rejects %j %j', (args, kwargs, expected) => {
    expect(messageOf(() => bindArguments(search, args, kwargs))).toBe(expected);
  });
});
