import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const previewSchema = JSON.parse(readFileSync(new URL('../../compiler/plan-preview.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(previewSchema);

/** Returns the violations of `compiler/plan-preview.schema.json` in a `pmap plan --format json` value, empty when it is valid. */
export function planPreviewSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(top level)'} ${error.message ?? 'is invalid'}`);
}
