// ir.model.data (base): external ids, `module.name` pointing to (model, res_id).

import { targetDisplayName } from '../orm/record-values.js';
import type { Row } from '../record-store.js';
import type { ModelBehaviour } from './model-behaviour.js';

export const irModelData: ModelBehaviour = {
  name: 'ir.model.data',
  description: 'Model Data',
  order: 'module, model, name',
  defaults: {
    module: () => '',
    noupdate: () => false,
  },
  sqlConstraints: [
    {
      kind: 'check',
      name: 'ir_model_data_name_nospaces',
      message: 'External IDs cannot contain spaces',
      // CHECK(name NOT LIKE '% %'): only the space character counts.
      isViolated: (row) => typeof row.name === 'string' && row.name.includes(' '),
    },
    // A unique index, not an SQL constraint: Odoo reports PostgreSQL's own text.
    { kind: 'unique', name: 'ir_model_data_module_name_uniq_index', columns: ['module', 'name'] },
  ],
  computedFields: {
    complete_name: (_env, row) => completeName(row),
    reference: (_env, row) => `${typeof row.model === 'string' ? row.model : 'False'},${typeof row.res_id === 'number' ? row.res_id : 0}`,
  },
  // name_get shows the target record's name, or the complete id when there is none.
  displayName(env, row) {
    if (typeof row.model === 'string' && typeof row.res_id === 'number' && env.registry.has(row.model)) {
      if (env.store.has(row.model, row.res_id)) return targetDisplayName(env, row.model, row.res_id);
    }
    return completeName(row);
  },
};

function completeName(row: Row): string {
  return [row.module, row.name].filter((part) => typeof part === 'string' && part !== '').join('.');
}
