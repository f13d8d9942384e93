/**
 * Finds the Odoo model that receives the cases of a Pega class, from the
 * compiled plan, and Odoo's stage model for it. A plan phase covers a class
 * when its source table stores that class, a subclass of it (a report on
 * `ACME-CS-Work` covers `ACME-CS-Work-Service`) or a parent of it (a case type
 * `ACME-CS-Work-Service-Complaint` stored in the `ACME-CS-Work-Service` table).
 */

import type { Plan, PlanExpression, PlanPhase } from '../../compiler/plan-types.js';
import { findExpressions } from '../plan-walk.js';

/** Odoo's stage model and the field that contains the stage, for models that have stages (Odoo 16 to 19). */
const STAGE_MODELS: Readonly<Record<string, { readonly model: string; readonly field: string }>> = {
  'crm.lead': { model: 'crm.stage', field: 'stage_id' },
  'helpdesk.ticket': { model: 'helpdesk.stage', field: 'stage_id' },
  'project.task': { model: 'project.task.type', field: 'stage_id' },
};

export interface OdooTarget {
  readonly object: string;
  readonly model: string;
  readonly stageModel?: string;
  readonly stageField?: string;
  readonly phase: PlanPhase;
}

function covers(phaseClass: string, className: string): boolean {
  const phase = phaseClass.toUpperCase();
  const wanted = className.toUpperCase();
  return phase === wanted || wanted.startsWith(`${phase}-`) || phase.startsWith(`${wanted}-`);
}

/** Returns the target of the phase whose class is closest to `className`, or undefined when no spec loads it. */
export function odooTargetOf(plan: Plan | undefined, className: string): OdooTarget | undefined {
  const matches = (plan?.phases ?? []).filter((phase) => covers(phase.source.className, className));
  // The phase whose class name differs least in length from the wanted one is the closest relative.
  const phase = matches.sort((left, right) => Math.abs(left.source.className.length - className.length) - Math.abs(right.source.className.length - className.length))[0];
  if (phase === undefined) return undefined;
  const stage = STAGE_MODELS[phase.model];
  return { object: phase.object, model: phase.model, ...(stage ? { stageModel: stage.model, stageField: stage.field } : {}), phase };
}

function columnsOf(expression: PlanExpression): string[] {
  return findExpressions(expression, (node): node is Extract<PlanExpression, { op: 'column' }> => node.op === 'column').map((node) => node.name);
}

/** The Odoo field a Pega property lands in, and the value map it passes through, if any. */
export interface PropertyTarget {
  readonly field: string;
  readonly valueMap?: string;
}

/**
 * Returns the Odoo field of `target` computed from the Pega property alone
 * (`.pyStatusWork` or `pyStatusWork`), preferring a field that reads no other column.
 */
export function fieldOfProperty(target: OdooTarget | undefined, property: string): PropertyTarget | undefined {
  if (target === undefined) return undefined;
  const name = property.replace(/^\./, '');
  const candidates = target.phase.fields.filter((field) => columnsOf(field.expression).includes(name));
  const field = candidates.find((candidate) => new Set(columnsOf(candidate.expression)).size === 1) ?? candidates[0];
  if (field === undefined) return undefined;
  const expression = field.expression;
  return { field: field.field, ...(expression.op === 'map' ? { valueMap: expression.map } : {}) };
}
