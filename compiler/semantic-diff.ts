import type { ObjectDeclaration, SpecFile, ValueMapDeclaration } from '../grammar/ast.js';
import { literalValue } from './check-expression.js';
import type { OrderedObject } from './order-phases.js';
import { printExpression, printNumber, unhandled } from './print-expression.js';
import {
  checkRuleParts, printCustomFieldType, printDedupeKeep, printDedupeKeys, printEntrySource, printEntryTarget, printRowFilter, printValidator, unconfirmedPrefix,
  type MemberList,
} from './print-members.js';
import { specLoadOrder, type LoadOrder } from './spec-load-order.js';

/**
 * One difference in a list of keyed items. `label` names the item (`email`,
 * `batch`, `"Open"`), and `old` and `new` are its canonical values.
 * `separator` joins label and value when the item is shown whole
 * (`email = lower(Email)`). An item that is all label
 * (`require email or phone`) has the empty string as value.
 */
export interface ItemChange {
  readonly label: string;
  readonly separator: string;
  readonly old?: string;
  readonly new?: string;
}

export type ChangeStatus = 'added' | 'removed' | 'changed';

export interface ObjectDiff {
  readonly name: string;
  readonly status: ChangeStatus;
  /** `pega table … key … -> odoo …` of the object's newest version. */
  readonly summary: string;
  /** Changes of the source (table and key) and of the target model. */
  readonly header: readonly ItemChange[];
  /** Member changes by list; a removed object lists none. */
  readonly members: { readonly [List in MemberList]: readonly ItemChange[] };
}

export interface ValueMapDiff {
  readonly name: string;
  readonly status: ChangeStatus;
  /** Kind of targets: `literal values` or `records of <model>`. */
  readonly summary: string;
  readonly header: readonly ItemChange[];
  /** Entry changes labelled by source value (`"Open"`, `else`); a removed value map lists none. */
  readonly entries: readonly ItemChange[];
}

/** The changes between two sets of spec files, for a reviewer. */
export interface SemanticDiff {
  readonly objects: readonly ObjectDiff[];
  readonly valueMaps: readonly ValueMapDiff[];
  readonly loadOrder: LoadOrderDiff;
}

/**
 * Objects whose level or dependencies changed, labelled by object name; or,
 * when a cycle leaves either side without a load order, both orders whole.
 */
export type LoadOrderDiff =
  | { readonly kind: 'objects'; readonly changes: readonly ItemChange[] }
  | { readonly kind: 'whole'; readonly old: string; readonly new: string };

/**
 * Compares two sets of parsed spec files by meaning: objects and value maps
 * by name, members by what they set, so whitespace, comments, member order
 * and the file a declaration sits in make no difference. A name declared
 * twice counts once, by its first declaration in the order of the files.
 */
export function diffSpecs(oldSpecs: readonly SpecFile[], newSpecs: readonly SpecFile[]): SemanticDiff {
  const before = collectDeclarations(oldSpecs);
  const after = collectDeclarations(newSpecs);

  const objects: ObjectDiff[] = [];
  for (const name of unionOfNames(before.objects, after.objects)) {
    const diff = diffObject(name, before.objects.get(name), after.objects.get(name));
    if (diff) objects.push(diff);
  }

  const valueMaps: ValueMapDiff[] = [];
  for (const name of unionOfNames(before.valueMaps, after.valueMaps)) {
    const diff = diffValueMap(name, before.valueMaps.get(name), after.valueMaps.get(name));
    if (diff) valueMaps.push(diff);
  }

  const loadOrder = diffLoadOrder(specLoadOrder(before.objects), specLoadOrder(after.objects));
  return { objects, valueMaps, loadOrder };
}

export function isEmptyDiff(diff: SemanticDiff): boolean {
  return diff.objects.length === 0 && diff.valueMaps.length === 0 && !loadOrderChanged(diff.loadOrder);
}

export function loadOrderChanged(loadOrder: LoadOrderDiff): boolean {
  return loadOrder.kind === 'whole' || loadOrder.changes.length > 0;
}

function collectDeclarations(specs: readonly SpecFile[]) {
  const objects = new Map<string, ObjectDeclaration>();
  const valueMaps = new Map<string, ValueMapDeclaration>();
  for (const spec of specs) {
    for (const declaration of spec.declarations) {
      switch (declaration.kind) {
        case 'object':
          if (!objects.has(declaration.name.text)) objects.set(declaration.name.text, declaration);
          break;
        case 'values':
          if (!valueMaps.has(declaration.name.text)) valueMaps.set(declaration.name.text, declaration);
          break;
        default:
          unhandled(declaration);
      }
    }
  }
  return { objects, valueMaps };
}

function unionOfNames(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].sort();
}

/** The word put before an item's label when it is shown outside a table of its own kind. */
export const memberNouns: { readonly [List in MemberList]: string } = {
  joins: 'join ',
  filters: '',
  cleansing: 'clean ',
  options: '',
  assignments: 'field ',
  customFields: 'custom field ',
  dedupe: '',
  validators: '',
};

function diffObject(name: string, before: ObjectDeclaration | undefined, after: ObjectDeclaration | undefined): ObjectDiff | undefined {
  const status = statusOf(before, after);
  const newest = (after ?? before)!;
  const header = before && after
    ? [...compareValue('source', sourceOf(before), sourceOf(after)), ...compareValue('target', `odoo ${before.model.text}`, `odoo ${after.model.text}`)]
    : [];

  const oldItems = memberItems(status === 'removed' ? undefined : before);
  const newItems = memberItems(after);
  const members: ObjectDiff['members'] = {
    joins: compareItems(oldItems.joins, newItems.joins),
    filters: compareItems(oldItems.filters, newItems.filters),
    cleansing: compareItems(oldItems.cleansing, newItems.cleansing),
    options: compareItems(oldItems.options, newItems.options),
    assignments: compareItems(oldItems.assignments, newItems.assignments),
    customFields: compareItems(oldItems.customFields, newItems.customFields),
    dedupe: compareItems(oldItems.dedupe, newItems.dedupe),
    validators: compareItems(oldItems.validators, newItems.validators),
  };

  const unchanged = status === 'changed' && header.length === 0 && Object.values(members).every((changes) => changes.length === 0);
  if (unchanged) return undefined;
  return { name, status, summary: `${sourceOf(newest)} -> odoo ${newest.model.text}`, header, members };
}

function diffValueMap(name: string, before: ValueMapDeclaration | undefined, after: ValueMapDeclaration | undefined): ValueMapDiff | undefined {
  const status = statusOf(before, after);
  const newest = (after ?? before)!;
  const header = before && after ? compareValue('targets', targetsOf(before), targetsOf(after)) : [];
  const entries = compareItems(entryItems(status === 'removed' ? undefined : before), entryItems(after));
  if (status === 'changed' && header.length === 0 && entries.length === 0) return undefined;
  return { name, status, summary: targetsOf(newest), header, entries };
}

function statusOf(before: object | undefined, after: object | undefined): ChangeStatus {
  if (!before) return 'added';
  return after ? 'changed' : 'removed';
}

function sourceOf(object: ObjectDeclaration): string {
  return `pega ${object.sourceKind} ${object.table.text} key ${object.key.map((key) => key.text).join(', ')}`;
}

function targetsOf(valueMap: ValueMapDeclaration): string {
  return valueMap.targetModel ? `records of ${valueMap.targetModel.text}` : 'literal values';
}

/** An item, the key that pairs it with its other version, and its canonical value. */
interface KeyedItem {
  readonly key: string;
  readonly label: string;
  readonly separator: string;
  readonly value: string;
}

function keyed(key: string, label: string, separator: string, value: string): KeyedItem {
  return { key, label, separator, value };
}

function memberItems(object: ObjectDeclaration | undefined): { readonly [List in MemberList]: readonly KeyedItem[] } {
  if (!object) return { joins: [], filters: [], cleansing: [], options: [], assignments: [], customFields: [], dedupe: [], validators: [] };
  return {
    // A join is known by its alias, which the expressions use.
    joins: object.joins.map((join) => {
      const value = `pega table ${join.table.text} on ${join.localColumn.text} = ${join.joinedColumn.text}`;
      return keyed(join.alias.text, join.alias.text, ': ', value);
    }),
    // A filter is known by its condition: a changed condition shows as one removed and one added.
    filters: object.filters.map((filter) => {
      const printed = printRowFilter(filter);
      return keyed(printed, printed, '', '');
    }),
    cleansing: object.cleansing.map((rule) => keyed(rule.column.text, rule.column.text, ' = ', printExpression(rule.value))),
    options: object.options.map((option) => {
      switch (option.kind) {
        case 'batch':
          return keyed(option.kind, option.kind, ' ', printNumber(option.size));
        case 'mode':
          return keyed(option.kind, option.kind, ' ', option.mode);
        case 'match':
          return keyed(option.kind, option.kind, ' ', option.field.text);
        default:
          return unhandled(option);
      }
    }),
    assignments: object.assignments.map((assignment) => {
      const field = assignment.field.text;
      return keyed(field, field, ' = ', `${unconfirmedPrefix(assignment)}${printExpression(assignment.value)}`);
    }),
    customFields: object.customFields.map((field) => {
      const name = field.name.text;
      return keyed(name, name, ': ', `${unconfirmedPrefix(field)}${printCustomFieldType(field)}`);
    }),
    dedupe: object.dedupe.map((rule) => keyed(printDedupeKeys(rule), printDedupeKeys(rule), ' ', printDedupeKeep(rule))),
    validators: object.validators.map((validator) => {
      switch (validator.kind) {
        case 'require': {
          const printed = printValidator(validator);
          return keyed(printed, printed, '', '');
        }
        case 'check': {
          // A check is known by its field and rule, so a new bound or pattern shows as one change.
          const { word, argument } = checkRuleParts(validator.rule);
          const label = `check ${validator.field.text} ${word}`;
          return keyed(label, label, argument ? ' ' : '', argument);
        }
        default:
          return unhandled(validator);
      }
    }),
  };
}

function entryItems(valueMap: ValueMapDeclaration | undefined): KeyedItem[] {
  if (!valueMap) return [];
  // Source values are keyed as the checker keys them, so `"10"` and `10` are different entries.
  return valueMap.entries.map((entry) => {
    const key = entry.from ? JSON.stringify(literalValue(entry.from)) : 'else';
    return keyed(key, printEntrySource(entry.from), ' => ', printEntryTarget(entry.to, entry.unconfirmed));
  });
}

function compareValue(label: string, before: string, after: string): ItemChange[] {
  return before === after ? [] : [{ label, separator: ' ', old: before, new: after }];
}

/**
 * Pairs items by key: changed and added ones in the new order, then removed
 * ones in the old order. A key that repeats within one list is paired by
 * its occurrence.
 */
function compareItems(before: readonly KeyedItem[], after: readonly KeyedItem[]): ItemChange[] {
  const oldItems = numberRepeats(before);
  const newItems = numberRepeats(after);
  const oldByKey = new Map(oldItems.map((entry) => [entry.key, entry]));
  const newKeys = new Set(newItems.map((entry) => entry.key));
  const changes: ItemChange[] = [];

  for (const entry of newItems) {
    const previous = oldByKey.get(entry.key);
    if (!previous) changes.push({ label: entry.label, separator: entry.separator, new: entry.value });
    else if (previous.value !== entry.value) changes.push({ label: entry.label, separator: entry.separator, old: previous.value, new: entry.value });
  }
  for (const entry of oldItems) {
    if (!newKeys.has(entry.key)) changes.push({ label: entry.label, separator: entry.separator, old: entry.value });
  }
  return changes;
}

function numberRepeats(items: readonly KeyedItem[]): KeyedItem[] {
  const seen = new Map<string, number>();
  return items.map((entry) => {
    const count = (seen.get(entry.key) ?? 0) + 1;
    seen.set(entry.key, count);
    return count === 1 ? entry : { ...entry, key: `${entry.key}\u0000${count}` };
  });
}

function diffLoadOrder(before: LoadOrder, after: LoadOrder): LoadOrderDiff {
  if (before.kind === 'cycle' || after.kind === 'cycle') {
    const describe = (order: LoadOrder) => (order.kind === 'cycle' ? `none, ${order.message}` : order.objects.map((entry) => entry.name).join(', '));
    const old = describe(before);
    const updated = describe(after);
    return old === updated ? { kind: 'objects', changes: [] } : { kind: 'whole', old, new: updated };
  }
  const places = (order: readonly OrderedObject[]) => order.map((entry) => keyed(entry.name, entry.name, ': ', placeOf(entry)));
  return { kind: 'objects', changes: compareItems(places(before.objects), places(after.objects)) };
}

/** Describes an object's place in the load order, with levels numbered from 1 as `pmap plan` prints them. */
function placeOf(entry: OrderedObject): string {
  const after = entry.dependsOn.length > 0 ? ` after ${entry.dependsOn.join(', ')}` : '';
  return `level ${entry.level + 1}${after}`;
}

/** Counts the changes on one line: `objects: 1 added, 2 changed; value maps: 1 removed; load order changed`. */
export function summarizeDiff(diff: SemanticDiff): string {
  const parts: string[] = [];
  const count = (what: string, items: readonly { readonly status: ChangeStatus }[]) => {
    const counts = (['added', 'changed', 'removed'] as const)
      .map((status) => ({ status, number: items.filter((entry) => entry.status === status).length }))
      .filter((entry) => entry.number > 0)
      .map((entry) => `${entry.number} ${entry.status}`);
    if (counts.length > 0) parts.push(`${what}: ${counts.join(', ')}`);
  };
  count('objects', diff.objects);
  count('value maps', diff.valueMaps);
  if (loadOrderChanged(diff.loadOrder)) parts.push('load order changed');
  return parts.join('; ');
}
