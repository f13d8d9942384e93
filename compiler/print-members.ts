import {
  isValueMapFallback, type CheckRule, type CustomFieldDeclaration, type DedupeRule, type JoinClause, type Literal,
  type ObjectDeclaration, type ObjectOption, type RowFilter, type UnconfirmedTarget, type Validator, type ValueMapFallback,
} from '../grammar/ast.js';
import { printExpression, printLiteral, printNumber, quoteString, unhandled } from './print-expression.js';

/** The lists of an object's members. Tables keyed by it fail to compile when the AST gains a list they do not handle. */
export type MemberList = Exclude<keyof ObjectDeclaration, 'kind' | 'name' | 'table' | 'sourceKind' | 'key' | 'model' | 'span'>;

/** The order of an object's member sections, after its header. */
export const memberOrder = ['joins', 'filters', 'cleansing', 'options', 'assignments', 'customFields', 'dedupe', 'validators'] as const;
type UnorderedMemberList = Exclude<MemberList, (typeof memberOrder)[number]>;
const everyMemberListIsOrdered: [UnorderedMemberList] extends [never] ? true : never = true;
void everyMemberListIsOrdered;

/** Prints the three header lines of an object, without indentation. */
export function printObjectHeader(object: ObjectDeclaration): readonly [string, string, string] {
  return [
    `object ${object.name.text}`,
    `from pega ${object.sourceKind} ${object.table.text} key ${object.key.map((key) => key.text).join(', ')}`,
    `to odoo ${object.model.text}`,
  ];
}

export function printJoin(join: JoinClause): string {
  return `with pega table ${join.table.text} as ${join.alias.text} on ${join.localColumn.text} = ${join.joinedColumn.text}`;
}

export function printRowFilter(filter: RowFilter): string {
  return `where ${printExpression(filter.condition)}`;
}

export function printOption(option: ObjectOption): string {
  switch (option.kind) {
    case 'batch':
      return `batch ${printNumber(option.size)}`;
    case 'mode':
      return `mode ${option.mode}`;
    case 'match':
      return `match ${option.field.text}`;
    default:
      return unhandled(option);
  }
}

/**
 * Prints a custom field on one line. With a selection, it prints the opening
 * line, one line per key with `=>` aligned, and the closing brace.
 */
export function printCustomField(field: CustomFieldDeclaration): string[] {
  const label = field.label === undefined ? '' : ` ${quoteString(field.label)}`;
  const first = `${unconfirmedPrefix(field)}custom field ${field.name.text}: ${field.fieldType.text}${label}`;
  if (field.selection.length === 0) return [first];

  const keys = field.selection.map(([key]) => quoteString(key));
  const width = Math.max(...keys.map((key) => key.length));
  const entries = field.selection.map(([, selectionLabel], index) => `  ${keys[index]!.padEnd(width)} => ${quoteString(selectionLabel)}`);
  return [`${first} {`, ...entries, '}'];
}

/** Prints a custom field's type, label and selection on one line: `selection "Status" { "a" => "A" }`. */
export function printCustomFieldType(field: CustomFieldDeclaration): string {
  const label = field.label === undefined ? '' : ` ${quoteString(field.label)}`;
  const selection = field.selection.map(([key, text]) => ` ${quoteString(key)} => ${quoteString(text)}`).join('');
  return `${field.fieldType.text}${label}${field.selection.length > 0 ? ` {${selection} }` : ''}`;
}

export function printDedupeRule(rule: DedupeRule): string {
  return `${printDedupeKeys(rule)} ${printDedupeKeep(rule)}`;
}

/** `dedupe by <keys>`: what identifies a dedupe rule across versions of a spec. */
export function printDedupeKeys(rule: DedupeRule): string {
  return `dedupe by ${rule.keys.map((key) => printExpression(key)).join(', ')}`;
}

export function printDedupeKeep(rule: DedupeRule): string {
  return `keep ${rule.keep}${rule.orderBy ? ` ${rule.orderBy.text}` : ''}`;
}

export function printValidator(validator: Validator): string {
  switch (validator.kind) {
    case 'require':
      return `require ${validator.fields.map((field) => field.text).join(' or ')}`;
    case 'check':
      return `check ${validator.field.text} ${printCheckRule(validator.rule)}`;
    default:
      return unhandled(validator);
  }
}

function printCheckRule(rule: CheckRule): string {
  const { word, argument } = checkRuleParts(rule);
  return argument ? `${word} ${argument}` : word;
}

/** Splits a check rule into its word (`is email`, `length`) and its argument (`1..64`, a pattern, or empty). */
export function checkRuleParts(rule: CheckRule): { readonly word: string; readonly argument: string } {
  switch (rule.kind) {
    case 'email':
    case 'phone':
      return { word: `is ${rule.kind}`, argument: '' };
    case 'unique':
      return { word: 'unique', argument: '' };
    case 'matches':
      return { word: 'matches', argument: quoteString(rule.pattern) };
    case 'length':
      return { word: 'length', argument: `${printNumber(rule.min)}..${printNumber(rule.max)}` };
    case 'range':
      return { word: 'in', argument: `${printNumber(rule.min)}..${printNumber(rule.max)}` };
    default:
      return unhandled(rule);
  }
}

/** Prints the source side of a value map entry: a literal, or `else`. */
export function printEntrySource(from: Literal | undefined): string {
  return from ? printLiteral(from) : 'else';
}

/** Prints the target side of a value map entry: a literal, `error` or `pass`, after `?` when unconfirmed. */
export function printEntryTarget(to: Literal | ValueMapFallback, unconfirmed?: UnconfirmedTarget): string {
  if (unconfirmed?.missing) return '?';
  const target = isValueMapFallback(to) ? to.kind : printLiteral(to);
  return unconfirmed ? `?${target}` : target;
}

/** The `? ` that starts a proposed line nobody has accepted yet, or nothing. */
export function unconfirmedPrefix(member: { readonly unconfirmed?: unknown }): string {
  return member.unconfirmed ? '? ' : '';
}
