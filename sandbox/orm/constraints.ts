// The database constraints of the emulated tables (NOT NULL, CHECK, UNIQUE,
// FOREIGN KEY), raising the ValidationError texts into which Odoo 16 turns
// PostgreSQL's IntegrityError.

import {
  foreignKeyViolation,
  notNullViolation,
  sqlConstraintViolation,
  uniqueIndexViolation,
  withSqlError,
} from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import type { Row, StoredValue } from '../record-store.js';
import type { Env } from './environment.js';

/** Returns whether the field is a NOT NULL column in Odoo's schema. */
function isNotNullColumn(model: ModelDefinition, field: FieldInfo): boolean {
  if (!field.required || !field.store || field.related) return false;
  if (field.type === 'one2many' || field.type === 'many2many') return false;
  return !(model.behaviour.serverFilledColumns ?? []).includes(field.name);
}

/**
 * Checks a row that is already in the store, in PostgreSQL's order: NOT NULL,
 * then CHECK, then UNIQUE against every other row.
 */
export function checkRowConstraints(env: Env, model: ModelDefinition, row: Row): void {
  for (const field of model.fields.values()) {
    if (isNotNullColumn(model, field) && (row[field.name] ?? null) === null) {
      const exception = notNullViolation(env.series, model, { name: field.name, string: field.label });
      throw withSqlError(exception, { code: '23502', model: model.name, field: field.name });
    }
  }

  const constraints = model.behaviour.sqlConstraints ?? [];
  for (const constraint of constraints) {
    if (constraint.kind === 'check' && constraint.isViolated(row)) {
      throw withSqlError(sqlConstraintViolation(constraint.message), {
        code: '23514',
        model: model.name,
        message: constraint.message,
      });
    }
  }

  for (const constraint of constraints) {
    if (constraint.kind !== 'unique') continue;
    const values = constraint.columns.map((column) => row[column] ?? null);
    // NULLs never collide in a unique index.
    if (values.some((value) => value === null)) continue;

    const duplicate = env.store.findIds(model.name, constraint.columns, values).some((id) => id !== row.id);
    if (!duplicate) continue;
    const detail = { code: '23505', model: model.name, columns: constraint.columns } as const;
    if (constraint.message !== undefined) throw withSqlError(sqlConstraintViolation(constraint.message), detail);
    throw withSqlError(uniqueIndexViolation(constraint.name, constraint.columns, values.map(formatKeyValue)), detail);
  }
}

/** Formats a key value as PostgreSQL prints it in a DETAIL line. */
function formatKeyValue(value: StoredValue): string {
  if (value === true) return 't';
  if (value === false) return 'f';
  return String(value);
}

/**
 * Checks that the many2one and many2many values of a row point to existing
 * records. Only targets in emulated models can be checked.
 */
export function checkForeignKeys(env: Env, model: ModelDefinition, row: Row): void {
  for (const field of model.fields.values()) {
    if (!field.store || !field.relation || !env.registry.has(field.relation)) continue;
    const value = row[field.name];

    if (field.type === 'many2one' && typeof value === 'number' && !env.store.has(field.relation, value)) {
      const constraint = `${model.table}_${field.name}_fkey`;
      const exception = foreignKeyViolation(env.series, model, constraint, { name: field.name, string: field.label });
      const comodelTable = field.relation.replace(/\./g, '_');
      throw withSqlError(exception, {
        code: '23503',
        text:
          `insert or update on table "${model.table}" violates foreign key constraint "${constraint}"\n` +
          `DETAIL:  Key (${field.name})=(${value}) is not present in table "${comodelTable}".\n`,
      });
    }
    if (field.type === 'many2many' && Array.isArray(value)) {
      const comodelTable = field.relation.replace(/\./g, '_');
      const missing = value.find((id) => !env.store.has(field.relation ?? '', id));
      if (missing !== undefined) {
        // The violated key is on the relation table, which belongs to no model,
        // so Odoo names the model "Unknown". NOTE: the table name follows Odoo's
        // default naming, so it is wrong for fields that declare their own table.
        const relationTable = [model.table, comodelTable].sort().join('_') + '_rel';
        throw foreignKeyViolation(env.series, { name: 'unknown', description: 'Unknown' }, `${relationTable}_${comodelTable}_id_fkey`);
      }
    }
  }
}
