import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { Plan } from './plan-types.js';

const planSchema = JSON.parse(readFileSync(new URL('./plan.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(planSchema);

/** Returns the schema violations of a plan value, empty when it is valid. */
export function planSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}`);
}

export function isPlan(value: unknown): value is Plan {
  return planSchemaErrors(value).length === 0;
}
