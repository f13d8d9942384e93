/** Text transforms. Each takes Pega text or null and returns text or null; null stays null. */

export function title(value: string): string {
  return value.toLowerCase().replace(/(^|[\s\-'’])(\p{L})/gu, (_match, separator: string, letter: string) => separator + letter.toUpperCase());
}

export function truncate(value: string, length: number): string {
  // Cut by code points, so a character outside the BMP is never split in half.
  const characters = [...value];
  return characters.length <= length ? value : characters.slice(0, Math.max(0, length)).join('');
}

export function replaceAll(value: string, from: string, to: string): string {
  return from === '' ? value : value.split(from).join(to);
}

const patternCache = new Map<string, RegExp>();

export function regexExtract(value: string, pattern: string, group: number): string | null {
  let expression = patternCache.get(pattern);
  if (!expression) {
    expression = new RegExp(pattern, 'u');
    patternCache.set(pattern, expression);
  }
  const match = expression.exec(value);
  return match?.[group] ?? null;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an Odoo html field; CRLF, CR and LF become `<br>`. */
export function toHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEscapes[character]!).replace(/\r\n|\r|\n/g, '<br>');
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Returns the trimmed, lower-cased address, or null when it is not shaped like one. */
export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return emailShape.test(email) ? email : null;
}
