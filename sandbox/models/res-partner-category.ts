// res.partner.category (base): contact tags, which may nest.

import { validationError } from '../faults.js';
import type { Row } from '../record-store.js';
import type { Env } from '../orm/environment.js';
import type { ModelBehaviour } from './model-behaviour.js';

const MODEL = 'res.partner.category';

export const resPartnerCategory: ModelBehaviour = {
  name: MODEL,
  description: 'Partner Tags',
  order: 'name',
  parentField: 'parent_id',
  defaults: {
    active: () => true,
  },
  onDelete: { parent_id: 'cascade' },
  // name_get shows the path of parent tags: "Parent / Child".
  displayName: (env, row) => fullName(env, row),
  validate(env, ids) {
    for (const id of ids) {
      if (hasParentCycle(env, id)) throw validationError('You can not create recursive tags.');
    }
  },
};

function fullName(env: Env, row: Row): string {
  const names: string[] = [];
  const visited = new Set<number>();
  let current: Row | undefined = row;
  while (current && !visited.has(current.id)) {
    visited.add(current.id);
    names.unshift(typeof current.name === 'string' ? current.name : '');
    current = typeof current.parent_id === 'number' ? env.store.get(MODEL, current.parent_id) : undefined;
  }
  return names.join(' / ');
}

function hasParentCycle(env: Env, id: number): boolean {
  const visited = new Set<number>();
  let current = env.store.get(MODEL, id);
  while (current && typeof current.parent_id === 'number') {
    if (current.parent_id === id) return true;
    if (visited.has(current.parent_id)) return false;
    visited.add(current.parent_id);
    current = env.store.get(MODEL, current.parent_id);
  }
  return false;
}
