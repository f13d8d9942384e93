/**
 * Converts an exported `Rule-Decision-Strategy` instance into a decision
 * strategy of the inventory.
 *
 * NOTE: Pega publishes no schema of strategy shapes. This reads the context
 * from `pyContext` (pyCaseType, pyChannel, pySegment) and components from
 * `pyShapes` (pyShapeType, pyRuleName, pyWeight, pyExpression). A strategy
 * exported with other property names comes out with an empty context and no
 * components, and `pmap docs` states that in the strategy's section.
 */

import type { DecisionStrategy, StrategyComponent } from './inventory-types.js';
import { identityOf, withoutUndefined } from './rule-identity.js';
import { numberOf, pageListOf, pageOf, textOf, type RulePage } from './rule-page-xml.js';

function componentOf(shape: RulePage): StrategyComponent {
  const id = textOf(shape, 'pyShapeID') ?? '';
  return withoutUndefined({
    id,
    type: textOf(shape, 'pyShapeType') ?? 'Unknown',
    label: textOf(shape, 'pyShapeName') ?? id,
    rule: textOf(shape, 'pyRuleName'),
    ruleType: textOf(shape, 'pyRuleType'),
    weight: numberOf(shape, 'pyWeight'),
    expression: textOf(shape, 'pyExpression'),
    maxResults: numberOf(shape, 'pyMaxResults'),
  });
}

export function decisionStrategyOf(page: RulePage): DecisionStrategy {
  const context = pageOf(page, 'pyContext');
  return withoutUndefined({
    ...identityOf(page, 'Rule-Decision-Strategy'),
    context: context === undefined ? {} : withoutUndefined({ caseType: textOf(context, 'pyCaseType'), channel: textOf(context, 'pyChannel'), segment: textOf(context, 'pySegment') }),
    components: pageListOf(page, 'pyShapes').map(componentOf),
  });
}
