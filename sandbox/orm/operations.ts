// The ORM operations that model behaviours and x2many commands call on other
// models, by model name.

import { createRecords } from './create.js';
import type { OrmOperations } from './environment.js';
import { unlinkRecords } from './unlink.js';
import { writeRecords } from './write.js';

export const ORM_OPERATIONS: OrmOperations = {
  create(env, model, values) {
    const [id] = createRecords(env, env.registry.require(model), [values]);
    if (id === undefined) throw new Error(`Sandbox bug: create on ${model} returned no id`);
    return id;
  },
  write(env, model, ids, values) {
    writeRecords(env, env.registry.require(model), ids, values);
  },
  unlink(env, model, ids) {
    unlinkRecords(env, env.registry.require(model), ids);
  },
};
