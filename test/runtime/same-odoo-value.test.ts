// sameOdooValue: what verify and the upsert compare treat as the value Odoo already holds.

import { describe, expect, it } from 'vitest';

import type { PlanField } from '../../compiler/plan-types.js';
import { normalizeReadValue, sameOdooValue } from '../../runtime/convert-value.js';

const field = (type: PlanField['type']): PlanField => ({ field: 'res_id', type, expression: { op: 'literal', value: null } });

describe('sameOdooValue', () => {
  it('equates an empty res_id with the 0 Odoo reads', () => {
    const resId = field('many2one_reference');
    expect(sameOdooValue(false, normalizeReadValue(0, resId), resId)).toBe(true);
  });

  it('tells a set res_id from an empty one', () => {
    const resId = field('many2one_reference');
    expect(sameOdooValue(false, normalizeReadValue(42, resId), resId)).toBe(false);
    expect(sameOdooValue(42, normalizeReadValue(0, resId), resId)).toBe(false);
  });

  it('keeps an empty many2one distinct from id 0', () => {
    const partner = field('many2one');
    expect(sameOdooValue(false, normalizeReadValue(false, partner), partner)).toBe(true);
    expect(sameOdooValue(7, normalizeReadValue([7, 'Acme'], partner), partner)).toBe(true);
  });
});
