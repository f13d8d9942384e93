/**
 * Builds the workflows document: for each flow, the case type stages that
 * run it, its shapes, routing conditions, SLAs and escalation triggers, and
 * how each part is rebuilt with Odoo automated actions.
 */

import type { Flow, FlowShape, RuleInventory } from '../inventory/inventory-types.js';
import { indexInventory, missingBodyNote, ruleTitle, type InventoryIndex } from './inventory-index.js';
import { routingText } from './routing-text.js';
import { escalationText, intervalText, odooEscalationText, slaSummary } from './sla-text.js';

export interface WorkflowView {
  readonly title: string;
  readonly className: string;
  readonly missingBody?: string;
  readonly stages: readonly string[];
  readonly stagesReason?: string;
  readonly shapes: ReadonlyArray<{ readonly label: string; readonly type: string; readonly detail: string }>;
  readonly routing: ReadonlyArray<{ readonly from: string; readonly to: string; readonly label: string; readonly condition: string; readonly likelihood: string }>;
  readonly routingReason?: string;
  readonly slas: ReadonlyArray<{ readonly scope: string; readonly sla: string; readonly summary: string }>;
  readonly slaReason?: string;
  readonly escalations: ReadonlyArray<{ readonly sla: string; readonly event: string; readonly when: string; readonly action: string; readonly odoo: string }>;
  readonly escalationReason?: string;
  readonly rebuild: readonly string[];
}

export interface WorkflowsDocument {
  readonly title: string;
  readonly workflows: readonly WorkflowView[];
  readonly emptyReason?: string;
}

function shapeDetail(shape: FlowShape): string {
  switch (shape.type) {
    case 'assignment': return [`routed to ${routingText(shape)}`, shape.sla ? `SLA ${shape.sla}` : undefined].filter(Boolean).join('; ');
    case 'subprocess': return `runs flow ${shape.flow ?? '(unnamed)'}`;
    case 'decision': case 'utility': return shape.rule ? `runs ${shape.rule}` : '';
    default: return '';
  }
}

function rebuildShape(shape: FlowShape): string | undefined {
  switch (shape.type) {
    case 'assignment': return `Assignment "${shape.label}": an activity (mail.activity) for the user or team it is routed to, scheduled by an automated action.`;
    case 'decision': return `Decision "${shape.label}": automated actions, one per outgoing connector, whose domains are the connector conditions.`;
    case 'utility': return `Utility "${shape.label}"${shape.rule ? ` (${shape.rule})` : ''}: a server action "Execute code" run by the automated action of the step before it.`;
    case 'subprocess': return `Subprocess "${shape.label}": the automated actions rebuilt from flow ${shape.flow ?? '(unnamed)'}, triggered when this point is reached.`;
    case 'wait': return `Wait "${shape.label}": a timed automated action, or one triggered by the update that ends the wait.`;
    default: return undefined;
  }
}

function slaRows(flow: Flow, index: InventoryIndex): WorkflowView['slas'] {
  const references: Array<[string, string]> = [];
  if (flow.sla) references.push(['Whole flow', flow.sla]);
  for (const shape of flow.shapes) if (shape.sla) references.push([`Assignment ${shape.label}`, shape.sla]);
  return references.map(([scope, name]) => {
    const sla = index.serviceLevel(name);
    return { scope, sla: sla ? ruleTitle(sla) : name, summary: sla ? slaSummary(sla) : 'not in inventory/sla.yaml, so its intervals are unknown' };
  });
}

function escalationRows(flow: Flow, index: InventoryIndex): WorkflowView['escalations'] {
  const names = [...new Set([flow.sla, ...flow.shapes.map((shape) => shape.sla)].filter((name): name is string => name !== undefined).map((name) => name.toUpperCase()))];
  return names.flatMap((name) => {
    const sla = index.serviceLevel(name);
    if (sla === undefined) return [];
    return sla.escalations.map((escalation) => {
      const interval = { goal: sla.goal, deadline: sla.deadline, late: sla.late }[escalation.event];
      const when = escalation.event === 'late' ? `every ${intervalText(interval) ?? '(interval unknown)'} after the deadline` : `${intervalText(interval) ?? '(interval unknown)'} after the start`;
      return { sla: sla.name, event: escalation.event, when, action: escalationText(escalation), odoo: odooEscalationText(escalation) };
    });
  });
}

function workflowView(flow: Flow, index: InventoryIndex): WorkflowView {
  const shapeLabel = new Map(flow.shapes.map((shape) => [shape.id, shape.label]));
  const uses = index.usesOfFlow(flow.name);
  const slas = slaRows(flow, index);
  const escalations = escalationRows(flow, index);
  const routing = flow.connectors.map((connector) => ({
    from: shapeLabel.get(connector.from) ?? connector.from,
    to: shapeLabel.get(connector.to) ?? connector.to,
    label: connector.label ?? '',
    condition: connector.condition ?? '',
    likelihood: connector.likelihood === undefined ? '' : `${connector.likelihood}%`,
  }));
  const conditional = flow.connectors.filter((connector) => connector.condition);
  const rebuild = [
    ...flow.shapes.map(rebuildShape).filter((item): item is string => item !== undefined),
    ...conditional.map((connector) => `Condition "${connector.condition}" (${shapeLabel.get(connector.from) ?? connector.from} → ${shapeLabel.get(connector.to) ?? connector.to}): the domain (filter_domain) of the automated action that takes this path.`),
  ];
  return {
    title: ruleTitle(flow),
    className: flow.className,
    ...(flow.origin === 'rules-table' ? { missingBody: missingBodyNote('flow') } : {}),
    stages: uses.map((use) => `${ruleTitle(use.caseType, true)}: stage ${use.stage}, step ${use.step}`),
    ...(uses.length === 0 ? { stagesReason: 'No case type stage in the inventory runs this flow; it is started by another flow or by an activity.' } : {}),
    shapes: flow.shapes.filter((shape) => shape.type !== 'start').map((shape) => ({ label: shape.label, type: shape.type, detail: shapeDetail(shape) })),
    routing,
    ...(flow.connectors.length === 0 ? { routingReason: flow.origin === 'rules-table' ? 'The connectors of this flow are unknown, because its body is not in the application export.' : 'This flow has no connectors.' } : {}),
    slas,
    ...(slas.length === 0 ? { slaReason: 'No SLA is set on this flow or its assignments.' } : {}),
    escalations,
    ...(escalations.length === 0 ? { escalationReason: slas.length === 0 ? 'Without an SLA this flow has no escalation triggers.' : 'The SLAs of this flow define no escalation actions.' } : {}),
    rebuild: rebuild.length > 0 ? rebuild : ['Nothing of this flow is known beyond its name; rebuild it by hand from the flow diagram in Pega.'],
  };
}

export function buildWorkflowsDocument(inventory: RuleInventory | undefined): WorkflowsDocument {
  const title = 'Workflows';
  if (inventory === undefined) return { title, workflows: [], emptyReason: 'No inventory/ folder was found in the project; run pmap discover pega to create it.' };
  if (inventory.flows.length === 0) return { title, workflows: [], emptyReason: 'No flows were found in the inventory (inventory/flows.yaml lists none).' };
  const index = indexInventory(inventory);
  return { title, workflows: inventory.flows.map((flow) => workflowView(flow, index)) };
}
