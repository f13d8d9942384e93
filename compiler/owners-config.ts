import type { Span } from './diagnostic.js';

/** A key of the `owners:` section of `pmap.yaml`. */
export type OwnersConfigKey = 'table' | 'id' | 'email' | 'name' | 'disabled';

/**
 * The `owners:` section of `pmap.yaml`: the Pega table of operators
 * (Data-Admin-Operator-ID) that `owner(...)` reads, and its columns.
 */
export interface OwnersConfig {
  readonly table: string;
  readonly columns: {
    readonly id: string;
    readonly email: string;
    readonly name: string;
    /** A true/false column that is `true` for operators who left; absent when the table has none. */
    readonly disabled?: string;
  };
  /** The position of each key in pmap.yaml, for diagnostics. */
  readonly spans: Readonly<Partial<Record<OwnersConfigKey | 'section', Span>>>;
}

export interface RawOwnersConfig {
  table: string;
  id?: string;
  email?: string;
  name?: string;
  disabled?: string;
}

/** Pega's own property names on Data-Admin-Operator-ID, used when pmap.yaml names no other column. */
export const defaultOperatorColumns = { id: 'pyUserIdentifier', email: 'pyEmailAddress', name: 'pyUserName' } as const;

/** Builds the owners config from its validated YAML, with Pega's default column names filled in. */
export function buildOwnersConfig(raw: RawOwnersConfig, spanOf: (path: readonly string[]) => Span | undefined): OwnersConfig {
  const spans: Partial<Record<OwnersConfigKey | 'section', Span>> = {};
  const section = spanOf(['owners']);
  if (section) spans.section = section;
  for (const key of ['table', 'id', 'email', 'name', 'disabled'] as const) {
    const span = raw[key] === undefined ? undefined : spanOf(['owners', key]);
    if (span) spans[key] = span;
  }

  return {
    table: raw.table,
    columns: {
      id: raw.id ?? defaultOperatorColumns.id,
      email: raw.email ?? defaultOperatorColumns.email,
      name: raw.name ?? defaultOperatorColumns.name,
      ...(raw.disabled !== undefined ? { disabled: raw.disabled } : {}),
    },
    spans,
  };
}
