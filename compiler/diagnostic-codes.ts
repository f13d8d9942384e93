/**
 * The catalogue of diagnostic codes. Codes are a public contract: docs, editor
 * integrations and CI scripts key on them, so a code is never reused for
 * another meaning. Ranges: PM1xx syntax, PM2xx names and types, PM3xx mapping
 * semantics, PM4xx planning, PM5xx project configuration.
 */
export const diagnosticCodes = {
  PM101: 'invalid character',
  PM102: 'syntax error',
  PM103: 'unterminated string',
  PM201: 'unknown Pega table',
  PM202: 'unknown Pega column',
  PM203: 'unknown Odoo model',
  PM204: 'unknown Odoo field',
  PM205: 'unknown object',
  PM206: 'unknown function or value map',
  PM207: 'duplicate object',
  PM208: 'duplicate value map',
  PM209: 'duplicate assignment',
  PM210: 'wrong number of arguments',
  PM211: 'value does not fit the field type',
  PM212: 'value is not a selection key',
  PM213: 'magic field assigned',
  PM214: 'computed field assigned',
  PM215: 'relational field needs ref or a value map',
  PM216: 'custom field name without x_',
  PM217: 'unknown custom field type',
  PM218: 'conflicting custom field',
  PM219: 'rule names a field the object does not assign',
  PM220: 'where filter needs values resolved in Odoo',
  PM221: 'many2one_reference needs record_id',
  PM222: 'record_id into a record of another model',
  PM301: 'ref into an object of another model',
  PM302: 'required field not mapped',
  PM303: 'value map target does not match the field',
  PM304: 'invalid ref argument',
  PM305: 'duplicate value map entry',
  PM306: 'empty object',
  PM307: 'value map does not cover discovered values',
  PM308: 'nullable source feeds a required field',
  PM309: 'text longer than the field',
  PM310: 'field read-only in Odoo forms',
  PM320: 'owner used without an owners section',
  PM330: 'unconfirmed proposal',
  PM401: 'dependency cycle',
  PM501: 'invalid project file',
  PM502: 'missing project file',
  PM503: 'invalid schema file',
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;
