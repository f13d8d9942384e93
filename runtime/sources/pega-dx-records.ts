/**
 * Turns DX API rows into source records: Pega text per property of
 * `schemas/pega.json`, key checks, and key order for reads Pega cannot sort.
 */

import type { PegaColumnType, PegaTable } from '../schema-types.js';
import { PegaDxError } from './pega-dx-errors.js';
import type { DxRow } from './pega-dx-pages.js';
import { pegaTextFromDx } from './pega-dx-values.js';
import type { SourceRecord, SourceValue } from './source.js';

/** The properties and key one read takes from each row, and its name in messages. */
export interface RecordShape {
  /** Properties of the table in `schemas/pega.json`, with their Pega types. */
  readonly properties: ReadonlyArray<readonly [string, PegaColumnType]>;
  readonly key: readonly string[];
  /** For example `data view D_ServiceCaseList (table data.pc_acme_cs_work)`. */
  readonly label: string;
}

export function recordShape(table: PegaTable, key: readonly string[], label: string): RecordShape {
  const properties = Object.entries(table.columns).map(([property, column]) => [property, column.type] as const);
  return { properties, key, label };
}

/**
 * Builds the record of one row. A property reference with dots
 * (`Address.City`) is looked up in the row's embedded pages.
 */
export function toRecord(shape: RecordShape, row: DxRow): SourceRecord {
  const record: Record<string, SourceValue> = {};
  for (const [property, pegaType] of shape.properties) {
    try {
      record[property] = pegaTextFromDx(propertyValue(row, property), pegaType);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const key = shape.key.map((name) => JSON.stringify(propertyValue(row, name) ?? null)).join(', ');
      throw new PegaDxError(
        'invalid-value',
        `property ${property} (${pegaType}) of ${shape.label}, key (${key}): ${error.message}; ` +
          'fix the value in Pega, or correct the type of the property in schemas/pega.json',
        { cause: error },
      );
    }
  }
  return record;
}

function propertyValue(row: DxRow, property: string): unknown {
  if (property in row) return row[property];
  let value: unknown = row;
  for (const part of property.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function keyOf(shape: RecordShape, record: SourceRecord): readonly SourceValue[] {
  return shape.key.map((property) => record[property] ?? null);
}

/**
 * Throws when a key has a null or repeats the previous key. Records are read
 * in key order, so a repeated key is always next to its first occurrence.
 */
export function checkKey(shape: RecordShape, key: readonly SourceValue[], previous: readonly SourceValue[] | undefined): void {
  const nullAt = key.indexOf(null);
  if (nullAt !== -1) {
    throw new PegaDxError(
      'null-key',
      `a row of ${shape.label} has no value for key property ${shape.key[nullAt]}, so its rows cannot be read in key order; ` +
        'add the property to the data view, or choose a key without empty values in the mapping',
    );
  }
  if (previous !== undefined && key.every((value, index) => value === previous[index])) {
    throw new PegaDxError(
      'duplicate-key',
      `key (${shape.key.join(', ')}) = (${key.join(', ')}) occurs more than once in ${shape.label}, ` +
        'so its rows cannot be read in key order; choose a unique key for this table in the mapping',
    );
  }
}

/**
 * Orders two keys: numbers (integer and decimal properties) by value, other
 * text by UTF-16 code units, which for Pega's DateTime and Date text is
 * time order.
 */
export function compareKeys(shape: RecordShape, left: readonly SourceValue[], right: readonly SourceValue[]): number {
  const types = new Map(shape.properties);
  for (let index = 0; index < shape.key.length; index++) {
    const a = left[index] ?? '';
    const b = right[index] ?? '';
    if (a === b) continue;
    const type = types.get(shape.key[index]!);
    if (type === 'integer' || type === 'decimal') {
      const difference = Number(a) - Number(b);
      if (Number.isFinite(difference) && difference !== 0) return difference;
    }
    return a < b ? -1 : 1;
  }
  return 0;
}

/** Sorts records by key in place and returns them. */
export function sortByKey(shape: RecordShape, records: SourceRecord[]): SourceRecord[] {
  return records.sort((left, right) => compareKeys(shape, keyOf(shape, left), keyOf(shape, right)));
}
