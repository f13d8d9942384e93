// res.currency (base): currencies by ISO code.
//
// Left out: exchange rates (res.currency.rate) and the computed rate fields,
// which read as 0.

import type { ModelBehaviour } from './model-behaviour.js';

export const resCurrency: ModelBehaviour = {
  name: 'res.currency',
  description: 'Currency',
  order: 'active desc, name',
  defaults: {
    active: () => true,
    rounding: () => 0.01,
    position: () => 'after',
  },
  sqlConstraints: [
    { kind: 'unique', name: 'res_currency_unique_name', columns: ['name'], message: 'The currency code must be unique!' },
    {
      kind: 'check',
      name: 'res_currency_rounding_gt_zero',
      message: 'The rounding factor must be greater than 0!',
      isViolated: (row) => typeof row.rounding === 'number' && row.rounding <= 0,
    },
  ],
  computedFields: {
    decimal_places: (_env, row) => decimalPlaces(row.rounding),
  },
};

/** Odoo derives the decimal places from the rounding factor: 0.01 gives 2. */
function decimalPlaces(rounding: unknown): number {
  if (typeof rounding !== 'number' || rounding <= 0 || rounding >= 1) return 0;
  return Math.ceil(Math.log10(1 / rounding));
}
