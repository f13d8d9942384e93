/**
 * File content for Odoo binary fields, which take Base64 text over the API.
 * Pega keeps attachment content as Base64 text (pyAttachStream), BIX exports
 * it the same way, and the PostgreSQL connector renders a bytea value in
 * PostgreSQL's hex output form (`\x0a1b…`, the default `bytea_output`).
 */

export type BinaryTextForm = 'base64' | 'hex' | 'text';

const BASE64_BODY = /^[A-Za-z0-9+/]*$/;
const HEX_BODY = /^(?:[0-9A-Fa-f]{2})*$/;

/**
 * Returns the content as canonical Base64 (padded, without line breaks), or
 * undefined when the text is not of the given form. Line breaks and spaces
 * inside Base64 and hex text are ignored, as MIME and BIX wrap long values.
 */
export function toBase64(text: string, form: BinaryTextForm): string | undefined {
  switch (form) {
    case 'text':
      return Buffer.from(text, 'utf8').toString('base64');
    case 'hex': {
      const digits = text.replace(/\s+/g, '').replace(/^\\x/i, '');
      return HEX_BODY.test(digits) ? Buffer.from(digits, 'hex').toString('base64') : undefined;
    }
    case 'base64': {
      const compact = text.replace(/\s+/g, '');
      const body = compact.replace(/={1,2}$/, '');
      // Node's decoder skips characters outside the alphabet, so the text is checked first.
      if (!BASE64_BODY.test(body) || body.length % 4 === 1) return undefined;
      const padded = body.padEnd(body.length + ((4 - (body.length % 4)) % 4), '=');
      if (compact.length !== body.length && compact !== padded) return undefined;
      return Buffer.from(padded, 'base64').toString('base64');
    }
  }
}
