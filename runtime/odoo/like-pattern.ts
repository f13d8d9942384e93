/**
 * Escapes `%`, `_` and `\` so that Odoo's `=like` and `=ilike`, which pass
 * the text on to SQL LIKE, match it literally.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
