import type { ValueType } from './value-type.js';

/** The closed transform library: every function a spec may call besides `ref` and value maps. */
export type BuiltinFunction =
  | 'trim' | 'lower' | 'upper' | 'title' | 'truncate' | 'replace' | 'regex_extract' | 'join' | 'split'
  | 'coalesce' | 'default' | 'nullif'
  | 'integer' | 'decimal' | 'round'
  | 'date' | 'datetime'
  | 'phone' | 'email' | 'html' | 'base64';

type Kind = ValueType['kind'];

/** A named argument: its literal type and, when closed, the values it accepts. */
export interface NamedParameter {
  readonly type: 'string' | 'number';
  readonly values?: readonly string[];
  readonly description: string;
}

export interface FunctionSignature {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Value kinds each positional argument accepts; the last entry repeats for variadic functions. */
  readonly accepts: readonly (readonly Kind[])[];
  /** Positions whose argument must be a literal known when the spec compiles. */
  readonly literalArgs?: readonly number[];
  readonly named?: Readonly<Record<string, NamedParameter>>;
  /** The result kind, or `same` for the unified type of the arguments. */
  readonly returns: Exclude<Kind, 'record' | 'records' | 'recordId'> | 'same';
  readonly usage: string;
  readonly summary: string;
}

const text: readonly Kind[] = ['text', 'integer', 'decimal', 'null'];
const scalar: readonly Kind[] = ['text', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'null'];
const number: readonly Kind[] = ['integer', 'decimal', 'null'];

const invalidOption: NamedParameter = {
  type: 'string',
  values: ['keep', 'null', 'reject'],
  description: 'what to do with a value that does not parse: keep the text as it is (default), write null, or reject the record',
};

export const builtinFunctions: Readonly<Record<BuiltinFunction, FunctionSignature>> = {
  trim: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'text', usage: 'trim(Name)', summary: 'removes leading and trailing whitespace' },
  lower: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'text', usage: 'lower(Email)', summary: 'lower case' },
  upper: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'text', usage: 'upper(CountryCode)', summary: 'upper case' },
  title: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'text', usage: 'title(LastName)', summary: 'capitalises the first letter of each word and lower-cases the rest' },
  truncate: { minArgs: 2, maxArgs: 2, accepts: [text, ['integer']], literalArgs: [1], returns: 'text', usage: 'truncate(pyLabel, 64)', summary: 'cuts text to at most n characters' },
  replace: { minArgs: 3, maxArgs: 3, accepts: [text, ['text'], ['text']], literalArgs: [1, 2], returns: 'text', usage: 'replace(Phone, "-", "")', summary: 'replaces every occurrence of a string' },
  regex_extract: {
    minArgs: 2,
    maxArgs: 3,
    accepts: [text, ['text'], ['integer']],
    literalArgs: [1, 2],
    returns: 'text',
    usage: 'regex_extract(pyDescription, "Order (\\\\d+)", 1)',
    summary: 'the first match of a regular expression, or of its numbered group; null when nothing matches',
  },
  split: {
    minArgs: 2,
    maxArgs: 2,
    accepts: [text, ['text']],
    literalArgs: [1],
    returns: 'list',
    usage: 'split(Tags, ";")',
    summary: 'the trimmed, non-empty parts of the text between separators; for many2many fields through lookup',
  },
  join: { minArgs: 2, maxArgs: Number.POSITIVE_INFINITY, accepts: [['text'], text], returns: 'text', usage: 'join(" ", FirstName, LastName)', summary: 'joins the non-empty values with a separator' },
  coalesce: { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, accepts: [scalar], returns: 'same', usage: 'coalesce(Mobile, Phone)', summary: 'the first value that is neither null nor empty' },
  default: { minArgs: 2, maxArgs: 2, accepts: [scalar, scalar], returns: 'same', usage: 'default(pyStatusWork, "New")', summary: 'the value, or the fallback when it is null or empty' },
  nullif: { minArgs: 2, maxArgs: 2, accepts: [scalar, scalar], literalArgs: [1], returns: 'same', usage: 'nullif(Phone, "N/A")', summary: 'null when the value equals the literal, else the value' },
  integer: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'integer', named: { invalid: { ...invalidOption, values: ['null', 'reject'], description: 'what to do with text that is not an integer: write null, or reject the record (default)' } }, usage: 'integer(EmployeeCount)', summary: 'parses text as an integer' },
  decimal: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'decimal', named: { invalid: { ...invalidOption, values: ['null', 'reject'], description: 'what to do with text that is not a number: write null, or reject the record (default)' } }, usage: 'decimal(AnnualRevenue)', summary: 'parses text as a decimal number (a dot as decimal separator)' },
  round: { minArgs: 2, maxArgs: 2, accepts: [number, ['integer']], literalArgs: [1], returns: 'decimal', usage: 'round(pxUrgencyWork, 0)', summary: 'rounds to n decimal places' },
  date: {
    minArgs: 1,
    maxArgs: 1,
    accepts: [['text', 'date', 'datetime', 'null']],
    returns: 'date',
    named: {
      format: { type: 'string', description: 'the format of the text in Luxon tokens, e.g. "dd/MM/yyyy"; default: Pega Date (yyyyMMdd), Pega DateTime or ISO 8601' },
      tz: { type: 'string', description: 'the IANA time zone a DateTime is turned into a calendar date in, e.g. "Europe/Berlin"; default UTC' },
      invalid: { ...invalidOption, values: ['null', 'reject'], description: 'what to do with text that is not a date: write null, or reject the record (default)' },
    },
    usage: 'date(BirthDate, format: "dd.MM.yyyy")',
    summary: 'parses a date',
  },
  datetime: {
    minArgs: 1,
    maxArgs: 1,
    accepts: [['text', 'datetime', 'null']],
    returns: 'datetime',
    named: {
      format: { type: 'string', description: 'the format of the text in Luxon tokens; default: Pega DateTime (yyyyMMddTHHmmss.SSS GMT) or ISO 8601' },
      tz: { type: 'string', description: 'the IANA time zone of text without a zone, e.g. "America/New_York"; default UTC, as Pega stores GMT' },
      invalid: { ...invalidOption, values: ['null', 'reject'], description: 'what to do with text that is not a date and time: write null, or reject the record (default)' },
    },
    usage: 'datetime(LastContact, format: "MM/dd/yyyy hh:mm a", tz: "America/New_York")',
    summary: 'parses a date and time and converts it to UTC, as Odoo stores datetimes',
  },
  phone: {
    minArgs: 1,
    maxArgs: 1,
    accepts: [text],
    returns: 'text',
    named: {
      region: { type: 'string', description: 'the ISO 3166 country whose national numbers the text holds, e.g. "US"' },
      invalid: invalidOption,
    },
    usage: 'phone(Phone, region: "US")',
    summary: 'a phone number in E.164 form (+14155550123), parsed with libphonenumber',
  },
  email: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'text', named: { invalid: invalidOption }, usage: 'email(Email)', summary: 'trims and lower-cases an e-mail address and checks its form' },
  html: { minArgs: 1, maxArgs: 1, accepts: [text], returns: 'text', usage: 'html(pyDescription)', summary: 'escapes text for an html field, keeping line breaks as <br>' },
  base64: {
    minArgs: 1,
    maxArgs: 1,
    accepts: [['text', 'null']],
    returns: 'binary',
    named: {
      encoding: {
        type: 'string',
        values: ['base64', 'hex', 'text'],
        description: 'what the text holds: Base64 (default, as Pega keeps pyAttachStream), hex (PostgreSQL\'s text form of bytea, \\x0a1b…), or text whose UTF-8 bytes are the content',
      },
    },
    usage: 'base64(pyAttachStream)',
    summary: 'file content as Base64 for a binary field such as ir.attachment.datas; text that is not valid Base64 or hex rejects the record',
  },
};

export function isBuiltin(name: string): name is BuiltinFunction {
  return Object.hasOwn(builtinFunctions, name);
}
