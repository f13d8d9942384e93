import { InventoryError } from './inventory-error.js';
import type { RuleIdentity } from './inventory-types.js';
import { textOf, type RulePage } from './rule-page-xml.js';

/** Rule classes the inventory reads, with the property that contains each one's name. */
export const INVENTORY_RULE_CLASSES = {
  'Rule-Obj-CaseType': 'pyPurpose',
  'Rule-Obj-ServiceLevel': 'pyServiceLevelName',
  'Rule-Decision-Strategy': 'pyStrategyName',
  'Rule-Obj-Flow': 'pyFlowName',
  'Rule-Obj-Report-Definition': 'pyReportName',
} as const;

export type InventoryRuleClass = keyof typeof INVENTORY_RULE_CLASSES;

export function isInventoryRuleClass(ruleClass: string): ruleClass is InventoryRuleClass {
  return Object.hasOwn(INVENTORY_RULE_CLASSES, ruleClass);
}

/** Returns a copy without the keys whose value is undefined, so YAML output has no empty keys. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Reads the key properties of an exported rule instance; a case type's name defaults to pyDefault. */
export function identityOf(page: RulePage, ruleClass: InventoryRuleClass): RuleIdentity {
  const name = textOf(page, INVENTORY_RULE_CLASSES[ruleClass]) ?? textOf(page, 'pyRuleName') ?? (ruleClass === 'Rule-Obj-CaseType' ? 'pyDefault' : undefined);
  const className = textOf(page, 'pyClassName');
  if (name === undefined || className === undefined) {
    throw new InventoryError(`${page.location}: the ${ruleClass} instance has no ${name === undefined ? INVENTORY_RULE_CLASSES[ruleClass] : 'pyClassName'}; export the application again`);
  }
  return withoutUndefined({
    name,
    className,
    label: textOf(page, 'pyLabel'),
    ruleSet: textOf(page, 'pyRuleSet'),
    ruleSetVersion: textOf(page, 'pyRuleSetVersion'),
    origin: 'application-export' as const,
  });
}
