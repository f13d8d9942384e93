import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { PlanValidator } from '../compiler/plan-types.js';
import type { OdooValue } from './convert-value.js';
import type { RejectReason } from './reject.js';
import { normalizeEmail } from './transforms/text-functions.js';

/** Values seen so far per field, for `check … unique` across one phase. */
export type UniqueValues = Map<string, Set<string>>;

function isEmpty(value: OdooValue | undefined): boolean {
  return value === undefined || value === false || value === '';
}

/**
 * Runs the phase's validators on the values about to be sent and returns
 * the first failure. Checks other than `require` skip empty values, so
 * optional fields are checked only when they hold something; `require`
 * states which fields must be present.
 */
export function validateRecord(validators: readonly PlanValidator[], values: Readonly<Record<string, OdooValue>>, seen: UniqueValues): RejectReason | undefined {
  for (const validator of validators) {
    if (validator.kind === 'require') {
      if (validator.fields.some((field) => !isEmpty(values[field]))) continue;
      const fields = validator.fields.join(' or ');
      return { code: 'validation-failed', message: `require ${fields}: all are empty`, summary: `require ${fields}` };
    }

    const value = values[validator.field];
    if (isEmpty(value)) continue;
    const text = String(value);
    const failure = (what: string): RejectReason => ({
      code: 'validation-failed',
      message: `check ${validator.field}: ${JSON.stringify(text)} ${what}`,
      summary: `check ${validator.field} ${describeRule(validator)}`,
    });

    switch (validator.kind) {
      case 'email':
        if (normalizeEmail(text) === null) return failure('is not an e-mail address');
        break;
      case 'phone':
        if (!parsePhoneNumberFromString(text)?.isValid()) return failure('is not a valid international phone number');
        break;
      case 'matches':
        if (!new RegExp(validator.pattern, 'u').test(text)) return failure(`does not match ${validator.pattern}`);
        break;
      case 'length': {
        const length = [...text].length;
        if (length < validator.min || length > validator.max) return failure(`has ${length} characters, not ${validator.min} to ${validator.max}`);
        break;
      }
      case 'range': {
        const number = typeof value === 'number' ? value : Number(text);
        if (!Number.isFinite(number) || number < validator.min || number > validator.max) return failure(`is not in ${validator.min}..${validator.max}`);
        break;
      }
      case 'unique': {
        const values = seen.get(validator.field) ?? new Set<string>();
        seen.set(validator.field, values);
        if (values.has(text)) return failure('was already loaded for another record');
        values.add(text);
        break;
      }
    }
  }
  return undefined;
}

function describeRule(validator: Exclude<PlanValidator, { kind: 'require' }>): string {
  switch (validator.kind) {
    case 'email':
    case 'phone':
      return `is ${validator.kind}`;
    case 'matches':
      return `matches ${validator.pattern}`;
    case 'length':
      return `length ${validator.min}..${validator.max}`;
    case 'range':
      return `in ${validator.min}..${validator.max}`;
    case 'unique':
      return 'unique';
  }
}
