/**
 * Builds the decision strategies document: each strategy's context (case
 * type, channel, segment), the weights of its components, and a rebuild
 * recommendation. Odoo has no decision engine, so a strategy becomes a score
 * field computed by a server action plus automated actions whose domains
 * stand for the context and the filters.
 */

import type { Plan } from '../../compiler/plan-types.js';
import type { DecisionStrategy, RuleInventory } from '../inventory/inventory-types.js';
import { missingBodyNote, ruleTitle } from './inventory-index.js';
import { odooTargetOf } from './odoo-targets.js';

export interface StrategyView {
  readonly title: string;
  readonly className: string;
  readonly missingBody?: string;
  readonly context: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly contextReason?: string;
  readonly weights: ReadonlyArray<{ readonly component: string; readonly type: string; readonly rule: string; readonly weight: string; readonly share: string }>;
  readonly weightsReason?: string;
  readonly otherComponents: ReadonlyArray<{ readonly component: string; readonly type: string; readonly detail: string }>;
  readonly recommendation: readonly string[];
}

export interface DecisionStrategiesDocument {
  readonly title: string;
  readonly strategies: readonly StrategyView[];
  readonly emptyReason?: string;
}

function contextOf(strategy: DecisionStrategy): Array<{ name: string; value: string }> {
  return [
    ['Case type', strategy.context.caseType],
    ['Channel', strategy.context.channel],
    ['Segment', strategy.context.segment],
  ].flatMap(([name, value]) => (value ? [{ name: name!, value }] : []));
}

function recommendationOf(strategy: DecisionStrategy, plan: Plan | undefined): string[] {
  const target = odooTargetOf(plan, strategy.context.caseType ?? strategy.className);
  const model = target?.model ?? 'the Odoo model that receives these cases';
  const weighted = strategy.components.filter((component) => component.weight !== undefined);
  const filters = strategy.components.filter((component) => component.type.toLowerCase() === 'filter');
  const models = strategy.components.filter((component) => /model|scorecard/i.test(component.type));
  const items: string[] = [];
  const context = [
    strategy.context.caseType ? `the records of ${model} that came from ${strategy.context.caseType}` : undefined,
    strategy.context.channel ? `source or medium ${strategy.context.channel} (source_id, medium_id)` : undefined,
    strategy.context.segment ? `customers tagged ${strategy.context.segment} (a res.partner.category)` : undefined,
  ].filter(Boolean);
  if (context.length > 0) items.push(`Limit the automated actions to ${context.join(', ')}: these conditions become the action's domain (filter_domain).`);
  if (weighted.length > 0) {
    items.push(`Add a score field (x_pega_${strategy.name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}_score, float) on ${model}, computed by a server action "Execute code" as ${weighted.map((component) => `${component.weight} × ${component.rule ?? component.label}`).join(' + ')}, each part scaled to 0..1.`);
  }
  for (const filter of filters) items.push(`Filter "${filter.label}" (${filter.rule ?? 'no rule'}) becomes a condition of the domain, or of the server action's code when it needs related records.`);
  if (models.length > 0) {
    items.push(target?.model === 'crm.lead'
      ? `Scorecards and models (${models.map((component) => component.rule ?? component.label).join(', ')}) have no Odoo equivalent: use Odoo's predictive lead scoring (the probability field of crm.lead) or compute the score outside Odoo and load it with pmap.`
      : `Scorecards and models (${models.map((component) => component.rule ?? component.label).join(', ')}) have no Odoo equivalent: compute their scores outside Odoo and load them with pmap, or approximate them in the server action.`);
  }
  const prioritize = strategy.components.find((component) => component.type.toLowerCase() === 'prioritize');
  if (prioritize) items.push(`Prioritize "${prioritize.label}" (${prioritize.expression ?? 'no expression'}${prioritize.maxResults ? `, top ${prioritize.maxResults}` : ''}) becomes the default order of a list view by the score field, descending.`);
  if (items.length === 0) items.push('Nothing of this strategy is known beyond its name; rebuild it by hand from Pega\'s strategy canvas.');
  return items;
}

function strategyView(strategy: DecisionStrategy, plan: Plan | undefined): StrategyView {
  const context = contextOf(strategy);
  const weighted = strategy.components.filter((component) => component.weight !== undefined);
  const total = weighted.reduce((sum, component) => sum + component.weight!, 0);
  return {
    title: ruleTitle(strategy),
    className: strategy.className,
    ...(strategy.origin === 'rules-table' ? { missingBody: missingBodyNote('decision strategy') } : {}),
    context,
    ...(context.length === 0 ? { contextReason: 'The strategy names no case type, channel or segment, so it applies wherever it is called.' } : {}),
    weights: weighted.map((component) => ({
      component: component.label,
      type: component.type,
      rule: component.rule ?? '',
      weight: String(component.weight),
      share: total > 0 ? `${Math.round((component.weight! / total) * 100)}%` : '',
    })),
    ...(weighted.length === 0 ? { weightsReason: 'No component of this strategy carries a weight.' } : {}),
    otherComponents: strategy.components.filter((component) => component.weight === undefined).map((component) => ({
      component: component.label,
      type: component.type,
      detail: [component.rule, component.expression, component.maxResults ? `top ${component.maxResults}` : undefined].filter(Boolean).join('; '),
    })),
    recommendation: recommendationOf(strategy, plan),
  };
}

export function buildDecisionStrategiesDocument(inventory: RuleInventory | undefined, plan: Plan | undefined): DecisionStrategiesDocument {
  const title = 'Decision strategies';
  if (inventory === undefined) return { title, strategies: [], emptyReason: 'No inventory/ folder was found in the project; run pmap discover pega to create it.' };
  if (inventory.decisionStrategies.length === 0) return { title, strategies: [], emptyReason: 'No decision strategies were found in the inventory (inventory/decision-strategies.yaml lists none).' };
  return { title, strategies: inventory.decisionStrategies.map((strategy) => strategyView(strategy, plan)) };
}
