/**
 * Builds the case types document: each case type's stages and steps, the
 * assignment rules of the flows its steps run, and its SLA goals and
 * deadlines. It also says how to rebuild each part in Odoo with stages,
 * automated actions, server actions and deadline tracking.
 */

import type { Plan } from '../../compiler/plan-types.js';
import type { CaseStage, CaseType, FlowShape, ServiceLevel, SlaEscalation } from '../inventory/inventory-types.js';
import { indexInventory, missingBodyNote, ruleTitle, type InventoryIndex } from './inventory-index.js';
import { odooTargetOf, type OdooTarget } from './odoo-targets.js';
import { routingText, odooRoutingText } from './routing-text.js';
import { escalationText, intervalText, odooDelay, odooEscalationText, slaSummary } from './sla-text.js';
import type { RuleInventory } from '../inventory/inventory-types.js';

export interface SlaRowView {
  readonly scope: string;
  readonly sla: string;
  readonly summary: string;
  readonly escalations: readonly string[];
}

export interface CaseTypeView {
  readonly title: string;
  readonly className: string;
  readonly description?: string;
  readonly missingBody?: string;
  readonly odooModel: string;
  readonly stages: ReadonlyArray<{ readonly name: string; readonly id: string; readonly kind: string; readonly notes: string; readonly steps: ReadonlyArray<{ readonly label: string; readonly flow: string; readonly notes: string }> }>;
  readonly stagesReason?: string;
  readonly assignmentRules: ReadonlyArray<{ readonly step: string; readonly assignment: string; readonly routing: string }>;
  readonly assignmentReason?: string;
  readonly slas: readonly SlaRowView[];
  readonly slaReason?: string;
  readonly rebuild: ReadonlyArray<{ readonly topic: string; readonly items: readonly string[] }>;
}

export interface CaseTypesDocument {
  readonly title: string;
  readonly caseTypes: readonly CaseTypeView[];
  readonly emptyReason?: string;
}

function stageNotes(stage: CaseStage): string {
  const notes = [
    stage.kind === 'alternate' ? 'alternate stage' : undefined,
    stage.initial ? 'first stage' : undefined,
    stage.terminal ? 'resolves the case' : undefined,
    stage.transition ? `${stage.transition} transition` : undefined,
    stage.workStatus ? `status ${stage.workStatus}` : undefined,
    stage.skipWhen ? `skipped when ${stage.skipWhen}` : undefined,
  ];
  return notes.filter(Boolean).join('; ');
}

function slaRows(caseType: CaseType, index: InventoryIndex): SlaRowView[] {
  const references: Array<[string, string]> = [];
  if (caseType.sla) references.push(['Whole case', caseType.sla]);
  for (const stage of caseType.stages) {
    if (stage.sla) references.push([`Stage ${stage.name}`, stage.sla]);
    for (const step of stage.steps) if (step.sla) references.push([`Step ${step.label}`, step.sla]);
  }
  return references.map(([scope, name]) => {
    const sla = index.serviceLevel(name);
    if (sla === undefined) return { scope, sla: name, summary: `not in inventory/sla.yaml, so its intervals are unknown`, escalations: [] };
    return { scope, sla: ruleTitle(sla), summary: slaSummary(sla), escalations: sla.escalations.map((escalation) => `${escalation.event}: ${escalationText(escalation)}`) };
  });
}

function assignmentsOf(caseType: CaseType, index: InventoryIndex): Array<{ step: string; shape: FlowShape; flow: string }> {
  return caseType.stages.flatMap((stage) => stage.steps.flatMap((step) => {
    const flow = index.flow(step.flow);
    return (flow?.shapes ?? []).filter((shape) => shape.type === 'assignment').map((shape) => ({ step: step.label, shape, flow: step.flow }));
  }));
}

function rebuildStages(caseType: CaseType, target: OdooTarget | undefined): string[] {
  const stageModel = target?.stageModel ?? 'the stage model of the target model';
  const primary = caseType.stages.filter((stage) => stage.kind === 'primary');
  const items = primary.map((stage, position) =>
    `Create stage "${stage.name}" in ${stageModel} with sequence ${(position + 1) * 10}${stage.terminal && target?.model === 'crm.lead' ? ', marked "Is Won Stage"' : stage.terminal ? ', folded (fold) as a closing stage' : ''}.`);
  for (const stage of caseType.stages.filter((candidate) => candidate.kind === 'alternate')) {
    items.push(target?.model === 'crm.lead'
      ? `Alternate stage "${stage.name}" becomes a lost reason (crm.lost.reason); cases that end there are archived as lost.`
      : `Alternate stage "${stage.name}" becomes a folded stage in ${stageModel}.`);
  }
  const skipped = caseType.stages.filter((stage) => stage.skipWhen);
  for (const stage of skipped) items.push(`Stage "${stage.name}" is skipped when ${stage.skipWhen}: an automated action on stage change with that condition as its domain moves the case to the next stage.`);
  return items;
}

function rebuildSteps(caseType: CaseType): string[] {
  return caseType.stages.flatMap((stage) => stage.steps.map((step) => {
    let when = '';
    if (step.startWhen) when = ` when ${step.startWhen}`;
    else if (step.skipWhen) when = ` unless ${step.skipWhen}`;
    return `Step "${step.label}" becomes an activity type (mail.activity.type) that an automated action (trigger "Stage is set to" ${stage.name}) schedules${when}${step.start === 'parallel' ? ', alongside the previous step' : ''}.`;
  }));
}

/** Names the moment an escalation fires, relative to the SLA's start and deadline. */
function escalationMoment(event: SlaEscalation['event'], sla: ServiceLevel): string {
  if (event === 'goal') return sla.goal ? `create date plus ${odooDelay(sla.goal)}` : 'the goal time';
  if (event === 'deadline') return 'the deadline';
  return sla.late ? `the deadline plus ${odooDelay(sla.late)}, repeated${sla.maxLateEvents ? ` up to ${sla.maxLateEvents} times` : ''}` : 'the deadline';
}

function rebuildDeadlines(rows: readonly SlaRowView[], caseType: CaseType, index: InventoryIndex, target: OdooTarget | undefined): string[] {
  const deadlineField = target?.model === 'crm.lead' ? 'Expected Closing (date_deadline)' : 'a deadline field (date_deadline on tasks and tickets, or a custom x_pega_deadline)';
  const items: string[] = [];
  const names = new Set(rows.map((row) => row.sla));
  for (const name of [caseType.sla, ...caseType.stages.flatMap((stage) => [stage.sla, ...stage.steps.map((step) => step.sla)])]) {
    const sla = name === undefined ? undefined : index.serviceLevel(name);
    if (sla === undefined || !names.has(ruleTitle(sla))) continue;
    names.delete(ruleTitle(sla));
    if (sla.deadline) {
      const business = sla.deadline.businessDays ? " with the company's working calendar (resource.calendar plan_days)" : '';
      items.push(`${sla.name}: a server action on creation sets ${deadlineField} to ${intervalText(sla.deadline)} after ${sla.calculateFrom === 'property' ? sla.timeProperty ?? 'the start time' : 'the start'}${business}.`);
    }
    if (sla.goal && !sla.escalations.some((escalation) => escalation.event === 'goal')) {
      items.push(`${sla.name}: the goal (${intervalText(sla.goal)}) has no action in Pega; a filter "Past goal" on create date shows the cases that missed it.`);
    }
    for (const escalation of sla.escalations) {
      items.push(`${sla.name} ${escalation.event}: a timed automated action (trigger "Based on date field") at ${escalationMoment(escalation.event, sla)} runs a ${odooEscalationText(escalation)}.`);
    }
  }
  return items;
}

/** Names flows with their verb: `flow A is` or `flows A, B are`. */
function flowList(flows: readonly string[]): string {
  return flows.length === 1 ? `flow ${flows[0]} is` : `flows ${flows.join(', ')} are`;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function caseTypeView(caseType: CaseType, index: InventoryIndex, plan: Plan | undefined): CaseTypeView {
  const target = odooTargetOf(plan, caseType.className);
  const odooModel = target ? `${target.model} (spec object ${target.object})` : `none yet: no spec loads class ${caseType.className}`;
  const assignments = assignmentsOf(caseType, index);
  const slas = slaRows(caseType, index);
  const missingFlows = [...new Set(caseType.stages.flatMap((stage) => stage.steps.map((step) => step.flow)).filter((flow) => index.flow(flow) === undefined || index.flow(flow)!.origin === 'rules-table'))];
  const rebuild = [
    { topic: 'Odoo stages', items: rebuildStages(caseType, target) },
    { topic: 'Automated actions for steps', items: rebuildSteps(caseType) },
    { topic: 'Server actions for assignment rules', items: assignments.map(({ step, shape }) => `${step} / ${shape.label}: ${odooRoutingText(shape)}.`) },
    { topic: 'Deadline tracking', items: rebuildDeadlines(slas, caseType, index, target) },
  ].filter((topic) => topic.items.length > 0);

  return {
    title: ruleTitle(caseType, true),
    className: caseType.className,
    ...(caseType.description ? { description: caseType.description } : {}),
    ...(caseType.origin === 'rules-table' ? { missingBody: missingBodyNote('case type') } : {}),
    odooModel,
    stages: caseType.stages.map((stage) => ({
      name: stage.name, id: stage.id, kind: stage.kind, notes: stageNotes(stage),
      steps: stage.steps.map((step) => ({
        label: step.label,
        flow: step.flow,
        notes: [step.start === 'parallel' ? 'starts in parallel' : undefined, step.startWhen ? `starts when ${step.startWhen}` : undefined, step.skipWhen ? `skipped when ${step.skipWhen}` : undefined, step.sla ? `SLA ${step.sla}` : undefined].filter(Boolean).join('; '),
      })),
    })),
    ...(caseType.stages.length === 0 ? { stagesReason: 'No stages are known for this case type, because its body is not in the application export.' } : {}),
    assignmentRules: assignments.map(({ step, shape, flow }) => ({ step: `${step} (${flow})`, assignment: shape.label, routing: routingText(shape) })),
    ...(assignments.length === 0
      ? { assignmentReason: missingFlows.length > 0 ? `No assignment rules are known, because ${flowList(missingFlows)} not in the inventory with their shapes.` : 'The flows of this case type have no assignment shapes.' }
      : missingFlows.length > 0 ? { assignmentReason: `${capitalize(flowList(missingFlows))} not in the inventory with ${missingFlows.length === 1 ? 'its shapes, so its assignments are' : 'their shapes, so their assignments are'} missing from this table.` } : {}),
    slas,
    ...(slas.length === 0 ? { slaReason: 'No SLA is set on this case type, its stages or its steps.' } : {}),
    rebuild,
  };
}

export function buildCaseTypesDocument(inventory: RuleInventory | undefined, plan: Plan | undefined): CaseTypesDocument {
  const title = 'Case types';
  if (inventory === undefined) return { title, caseTypes: [], emptyReason: 'No inventory/ folder was found in the project; run pmap discover pega to create it.' };
  if (inventory.caseTypes.length === 0) return { title, caseTypes: [], emptyReason: 'No case types were found in the inventory (inventory/case-types.yaml lists none).' };
  const index = indexInventory(inventory);
  return { title, caseTypes: inventory.caseTypes.map((caseType) => caseTypeView(caseType, index, plan)) };
}
