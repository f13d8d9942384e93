/** Maps PostgreSQL column types to pmap's Pega column types. */

import type { PegaColumnType } from '../schema-types.js';
import type { CatalogColumn } from './postgres-catalog.js';

const TEXT_TYPES = new Set(['varchar', 'bpchar', 'text', 'name', 'citext', 'uuid']);
const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);
const FLOAT_TYPES = new Set(['float4', 'float8']);
const LENGTH_TYPES = new Set(['varchar', 'bpchar']);

export interface MappedType {
  readonly type: PegaColumnType;
  readonly length?: number;
}

/**
 * Returns the Pega type of a column, or undefined for types without one
 * (bytea, json, arrays, money …). `numeric` with scale 0 is Pega's Integer
 * (`numeric(18,0)`, and the `numeric(19,0)` ids of Interaction History);
 * other numerics and floating point are Decimal. A `varchar(5)` TrueFalse is
 * text here; discovery upgrades it after looking at its values.
 */
export function mapColumnType(column: CatalogColumn): MappedType | undefined {
  const { baseType, typeModifier } = column;
  if (TEXT_TYPES.has(baseType)) {
    return LENGTH_TYPES.has(baseType) && typeModifier > 4 ? { type: 'text', length: typeModifier - 4 } : { type: 'text' };
  }
  if (INTEGER_TYPES.has(baseType)) {
    return { type: 'integer' };
  }
  if (baseType === 'numeric') {
    // Scale 0 of an explicit precision makes an integer; a bare numeric has no fixed scale.
    const scale = typeModifier === -1 ? -1 : (typeModifier - 4) & 0xffff;
    return { type: scale === 0 ? 'integer' : 'decimal' };
  }
  if (FLOAT_TYPES.has(baseType)) {
    return { type: 'decimal' };
  }
  switch (baseType) {
    case 'date':
      return { type: 'date' };
    case 'timestamp':
    case 'timestamptz':
      return { type: 'datetime' };
    case 'bool':
      return { type: 'truefalse' };
    default:
      return undefined;
  }
}

/** Text values a TrueFalse stored as text may hold: Pega writes `true` and `false`, and '' for empty. */
const TRUE_FALSE_TEXT = new Set(['true', 'false', '']);

/** Maximum length of the text columns that discovery checks for TrueFalse values, because Pega exposes TrueFalse as `varchar(5)`. */
export const TRUE_FALSE_MAX_LENGTH = 5;

/** True when every non-null value is `true`, `false` or '', and at least one is `true` or `false`. */
export function holdsOnlyTrueFalse(values: ReadonlyArray<readonly [string | null, number]>): boolean {
  const texts = values.map(([value]) => value).filter((value): value is string => value !== null);
  return texts.every((value) => TRUE_FALSE_TEXT.has(value)) && texts.some((value) => value !== '');
}
