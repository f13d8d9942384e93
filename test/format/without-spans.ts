/** Copies an AST without source positions, so trees parsed from differently laid out text compare equal. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key]) => key !== 'span' && key !== 'file');
  return Object.fromEntries(entries.map(([key, child]) => [key, withoutSpans(child)]));
}
