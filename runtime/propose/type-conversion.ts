import type { OdooField, PegaColumn } from '../schema-types.js';
import type { ValueShape } from './value-shapes.js';

/** A scalar expression that writes a column into a field, and what it does. */
export interface Conversion {
  readonly expression: string;
  readonly note: string;
}

/** The country whose national numbers phone(...) assumes, and why. */
export interface PhoneRegion {
  readonly code: string;
  readonly evidence: string;
}

/**
 * Returns the expression that writes a column into a scalar Odoo field,
 * with the transform its Pega type and value shape need, or undefined when
 * the two do not fit. Relational and selection fields are handled by the
 * callers, which need value maps, refs and lookups.
 */
export function convertColumn(property: string, column: PegaColumn, shape: ValueShape, field: OdooField, region: PhoneRegion | undefined): Conversion | undefined {
  const type = column.type;
  switch (field.type) {
    case 'char':
    case 'text':
      if (type === 'integer' || type === 'decimal') return { expression: property, note: 'a number is written as text' };
      if (type !== 'text') return undefined;
      if (shape.kind === 'email') return { expression: `email(${property})`, note: 'email() trims and lower-cases it' };
      if (shape.kind === 'phone') {
        const regionArgument = region ? `, region: "${region.code}"` : '';
        return { expression: `phone(${property}${regionArgument})`, note: region ? `phone() writes E.164, reading national numbers as ${region.code} (${region.evidence})` : 'phone() writes E.164' };
      }
      return { expression: `trim(${property})`, note: 'trim() drops the padding Pega exports keep' };
    case 'html':
      if (type !== 'text') return undefined;
      if (shape.kind === 'html') return { expression: property, note: 'the values are HTML already' };
      return { expression: `html(${property})`, note: 'html() escapes the text and keeps its line breaks' };
    case 'integer':
      if (type === 'integer') return { expression: property, note: 'both are integers' };
      if (type === 'text' && shape.kind === 'number-text') return { expression: `integer(${property})`, note: 'the text holds numbers' };
      return undefined;
    case 'float':
    case 'monetary':
      if (type === 'integer' || type === 'decimal') return { expression: property, note: 'both are numbers' };
      if (type === 'text' && shape.kind === 'number-text') return { expression: `decimal(${property})`, note: 'the text holds numbers' };
      return undefined;
    case 'boolean':
      if (type === 'truefalse') return { expression: property, note: 'both are true/false' };
      if (type === 'text' && shape.kind === 'true-false-text') return { expression: `${property} == "true"`, note: 'the text holds "true" and "false"' };
      return undefined;
    case 'date':
      if (type === 'date') return { expression: property, note: 'both are dates' };
      if (type === 'text' && shape.kind === 'pega-date' && shape.fromValues) return { expression: `date(${property})`, note: 'date() reads Pega dates' };
      return undefined;
    case 'datetime':
      if (type === 'datetime') return { expression: property, note: 'a Pega DateTime (GMT) goes into an Odoo datetime (UTC)' };
      if (type === 'text' && shape.kind === 'pega-datetime') return { expression: `datetime(${property})`, note: 'datetime() reads Pega DateTime text' };
      return undefined;
    default:
      return undefined;
  }
}

/** Writable Odoo fields that a generic name match may propose: stored, not computed, not Odoo's own bookkeeping. */
export function isProposableField(name: string, field: OdooField): boolean {
  if (!field.store || field.readonly) return false;
  if (['one2many', 'many2many', 'binary', 'reference', 'many2one_reference', 'json', 'properties', 'properties_definition'].includes(field.type)) return false;
  if (['id', 'create_date', 'create_uid', 'write_date', 'write_uid', 'display_name', 'color', 'barcode', 'partner_gid', 'message_bounce'].includes(name)) return false;
  return !/^(message_|activity_|website_message|signup_|image_|calendar_|iap_|phone_|email_normalized|lead_mining|reveal_)/.test(name);
}
