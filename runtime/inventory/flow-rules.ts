/** Converts an exported `Rule-Obj-Flow` instance into a flow of the inventory. */

import type { Flow, FlowConnector, FlowShape, FlowShapeType } from './inventory-types.js';
import { identityOf, withoutUndefined } from './rule-identity.js';
import { numberOf, pageListOf, textOf, type RulePage } from './rule-page-xml.js';

const SHAPE_TYPES: ReadonlySet<string> = new Set(['start', 'assignment', 'decision', 'subprocess', 'utility', 'wait', 'end']);

function shapeOf(shape: RulePage): FlowShape {
  const id = textOf(shape, 'pyShapeID') ?? '';
  const type = (textOf(shape, 'pyShapeType') ?? '').toLowerCase();
  return withoutUndefined({
    id,
    type: (SHAPE_TYPES.has(type) ? type : 'other') as FlowShapeType,
    label: textOf(shape, 'pyShapeName') ?? id,
    router: textOf(shape, 'pyRouter'),
    routeTo: textOf(shape, 'pyRouteTo'),
    skill: textOf(shape, 'pyRouterSkill'),
    sla: textOf(shape, 'pySLAName'),
    flow: textOf(shape, 'pyFlowName'),
    rule: textOf(shape, 'pyRuleName'),
  });
}

function connectorOf(connector: RulePage): FlowConnector {
  return withoutUndefined({
    from: textOf(connector, 'pyFrom') ?? '',
    to: textOf(connector, 'pyTo') ?? '',
    label: textOf(connector, 'pyConnectorLabel'),
    condition: textOf(connector, 'pyWhen'),
    likelihood: numberOf(connector, 'pyLikelihood'),
  });
}

export function flowOf(page: RulePage): Flow {
  return withoutUndefined({
    ...identityOf(page, 'Rule-Obj-Flow'),
    flowType: textOf(page, 'pyFlowType'),
    sla: textOf(page, 'pySLAName'),
    shapes: pageListOf(page, 'pyShapes').map(shapeOf),
    connectors: pageListOf(page, 'pyConnectors').map(connectorOf),
  });
}
