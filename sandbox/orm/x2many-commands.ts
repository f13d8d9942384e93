// One2many and many2many values written as Odoo's command lists.
// - [0, 0, vals] creates, [1, id, vals] updates and [2, id] deletes a record.
// - [3, id] unlinks, [4, id] links, [5] clears and [6, 0, ids] sets the relation.
// A plain list of ids means [6, 0, ids], and False means [5].

import { notEmulated, valueError } from '../faults.js';
import type { FieldInfo, ModelDefinition } from '../model-registry.js';
import { pythonInt } from '../python/builtins.js';
import { pythonStr } from '../python/repr.js';
import type { Env } from './environment.js';

export type X2manyCommand =
  | { code: 0; values: Record<string, unknown> }
  | { code: 1; id: number; values: Record<string, unknown> }
  | { code: 2 | 3 | 4; id: number }
  | { code: 5 }
  | { code: 6; ids: number[] };

/** Parses an x2many value into commands, or raises Odoo's ValueError for a value that is not a list. */
export function parseX2manyCommands(model: ModelDefinition, field: FieldInfo, value: unknown): X2manyCommand[] {
  if (value === false || value === null || value === undefined) return [{ code: 5 }];
  if (!Array.isArray(value)) {
    throw valueError(`Wrong value for ${model.name}.${field.name}: ${pythonStr(value)}`);
  }
  if (value.length > 0 && !Array.isArray(value[0])) return [{ code: 6, ids: value.map(pythonInt) }];

  const commands: X2manyCommand[] = [];
  for (const item of value) {
    // Odoo skips entries that are not commands.
    if (!Array.isArray(item) || item.length === 0) continue;
    commands.push(parseCommand(item));
  }
  return commands;
}

function parseCommand(item: readonly unknown[]): X2manyCommand {
  const code = pythonInt(item[0]);
  switch (code) {
    case 0:
      return { code, values: asValues(item[2]) };
    case 1:
      return { code, id: pythonInt(item[1]), values: asValues(item[2]) };
    case 2:
    case 3:
    case 4:
      return { code, id: pythonInt(item[1]) };
    case 5:
      return { code };
    case 6:
      return { code, ids: Array.isArray(item[2]) ? item[2].map(pythonInt) : [] };
    default:
      throw valueError(`Unknown command ${code}`);
  }
}

function asValues(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Applies many2many commands to the current ids and returns the new ids. */
export function applyMany2manyCommands(
  env: Env,
  field: FieldInfo,
  currentIds: readonly number[],
  commands: readonly X2manyCommand[],
): number[] {
  const comodel = field.relation ?? '';
  const emulated = env.registry.has(comodel);
  const ids = new Set(currentIds);

  for (const command of commands) {
    switch (command.code) {
      case 0:
        if (!emulated) throw notEmulated(comodel, 'create');
        ids.add(env.orm.create(env, comodel, command.values));
        break;
      case 1:
        if (!emulated) throw notEmulated(comodel, 'write');
        env.orm.write(env, comodel, [command.id], command.values);
        ids.add(command.id);
        break;
      case 2:
        if (!emulated) throw notEmulated(comodel, 'unlink');
        ids.delete(command.id);
        env.orm.unlink(env, comodel, [command.id]);
        break;
      case 3:
        ids.delete(command.id);
        break;
      case 4:
        ids.add(command.id);
        break;
      case 5:
        ids.clear();
        break;
      case 6:
        ids.clear();
        for (const id of command.ids) ids.add(id);
        break;
    }
  }
  return [...ids].sort((left, right) => left - right);
}

/**
 * Applies one2many commands to the children of one parent record, through the
 * children's inverse many2one. Commands on models the sandbox does not emulate
 * are ignored, because nothing could read their result back.
 */
export function applyOne2manyCommands(
  env: Env,
  field: FieldInfo,
  parentId: number,
  commands: readonly X2manyCommand[],
): void {
  const comodel = field.relation ? env.registry.get(field.relation) : undefined;
  const inverse = field.relationField;
  if (!comodel || !inverse) return;

  const children = () => env.store.rows(comodel.name).filter((row) => row[inverse] === parentId).map((row) => row.id);

  for (const command of commands) {
    switch (command.code) {
      case 0:
        env.orm.create(env, comodel.name, { ...command.values, [inverse]: parentId });
        break;
      case 1:
        env.orm.write(env, comodel.name, [command.id], command.values);
        break;
      case 2:
        env.orm.unlink(env, comodel.name, [command.id]);
        break;
      case 3:
        env.orm.write(env, comodel.name, [command.id], { [inverse]: false });
        break;
      case 4:
        env.orm.write(env, comodel.name, [command.id], { [inverse]: parentId });
        break;
      case 5:
        env.orm.write(env, comodel.name, children(), { [inverse]: false });
        break;
      case 6: {
        const kept = new Set(command.ids);
        const released = children().filter((id) => !kept.has(id));
        env.orm.write(env, comodel.name, released, { [inverse]: false });
        env.orm.write(env, comodel.name, command.ids, { [inverse]: parentId });
        break;
      }
    }
  }
}
