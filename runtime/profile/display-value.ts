const MAX_SHOWN = 60;

/**
 * Shows a source value so that what matters is visible: quoted, with
 * whitespace at the ends and line breaks escaped (`"Smith  "`, `"a\r\nb"`),
 * and cut at 60 characters.
 */
export function displayValue(value: string): string {
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(cut);
}

/** Formats `part` of `total` as a percentage with one decimal, `0.0%` for an empty total. */
export function percent(part: number, total: number): string {
  return `${total === 0 ? '0.0' : ((part * 100) / total).toFixed(1)}%`;
}

/** Returns `1 row` or `2 rows`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
