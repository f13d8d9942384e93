/**
 * Splits a Pega property or an Odoo field name into lower-case words, so
 * that names from the two sides can be compared: `pyEmail1` → email 1,
 * `pxCreateDateTime` → create date time, `CRMEntityID` → crm entity id,
 * `email_from` → email from. Pega's prefixes for standard properties (`py`,
 * `px`, `pz`) carry no meaning for the mapping and are dropped.
 */
export function propertyWords(name: string): string[] {
  const withoutPrefix = name.replace(/^p[xyz](?=[A-Z])/, '');
  return withoutPrefix
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/** `customerdata.acme_loyalty_account` → AcmeLoyaltyAccount: an object or value map name. */
export function pascalCase(words: readonly string[]): string {
  return words.map((word) => `${word[0]!.toUpperCase()}${word.slice(1)}`).join('');
}

/** Words → `snake_case`, for custom field names. */
export function snakeCase(words: readonly string[]): string {
  return words.join('_');
}
