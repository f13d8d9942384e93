/** Looks up inventory rules by name, as rules refer to each other. */

import type { CaseType, Flow, RuleInventory, ServiceLevel } from '../inventory/inventory-types.js';

export interface InventoryIndex {
  readonly inventory: RuleInventory;
  serviceLevel(name: string): ServiceLevel | undefined;
  flow(name: string): Flow | undefined;
  /** Case type stages and steps that run the flow. */
  usesOfFlow(name: string): ReadonlyArray<{ readonly caseType: CaseType; readonly stage: string; readonly step: string }>;
}

/** Pega resolves rule names without regard to case. */
const keyOf = (name: string): string => name.toUpperCase();

export function indexInventory(inventory: RuleInventory): InventoryIndex {
  const serviceLevels = new Map(inventory.serviceLevels.map((sla) => [keyOf(sla.name), sla]));
  const flows = new Map(inventory.flows.map((flow) => [keyOf(flow.name), flow]));
  return {
    inventory,
    serviceLevel: (name) => serviceLevels.get(keyOf(name)),
    flow: (name) => flows.get(keyOf(name)),
    usesOfFlow: (name) => inventory.caseTypes.flatMap((caseType) => caseType.stages.flatMap((stage) =>
      stage.steps.filter((step) => keyOf(step.flow) === keyOf(name)).map((step) => ({ caseType, stage: stage.name, step: step.label })))),
  };
}

/** Names a rule for a reader: its label with the name, or the name alone. */
export function ruleTitle(rule: { readonly name: string; readonly label?: string; readonly className: string }, useClass = false): string {
  const name = useClass ? rule.className : rule.name;
  return rule.label && rule.label !== name ? `${rule.label} (${name})` : name;
}

/** Returns the sentence shown for a rule whose body the export did not contain. */
export function missingBodyNote(kind: string): string {
  return `Only the name of this ${kind} is known: it is in Pega's rule tables but not in the application export, so export it (add it to the product rule) and run pmap discover pega --inventory-from again.`;
}
