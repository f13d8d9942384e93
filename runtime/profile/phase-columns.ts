import type { PlanExpression, PlanPhase } from '../../compiler/plan-types.js';
import type { PegaSchema } from '../schema-types.js';
import { findExpressions } from '../plan-walk.js';
import { compareText } from './format-tally.js';

/**
 * Returns the source columns a phase reads: its key first, in key order, then
 * every column its fields, cleansing rules and dedupe rule name, sorted.
 */
export function columnsReadByPhase(phase: PlanPhase): string[] {
  const expressions: PlanExpression[] = [
    ...phase.fields.map((field) => field.expression),
    ...(phase.cleansing ?? []).map((rule) => rule.expression),
    ...(phase.dedupe?.keys ?? []),
  ];
  const named = new Set<string>();
  for (const expression of expressions) {
    for (const column of findExpressions(expression, (node): node is Extract<PlanExpression, { op: 'column' }> => node.op === 'column')) named.add(column.name);
  }
  for (const rule of phase.cleansing ?? []) named.add(rule.column);
  if (phase.dedupe?.orderBy !== undefined) named.add(phase.dedupe.orderBy);

  const key = [...phase.source.key];
  for (const column of key) named.delete(column);
  return [...key, ...[...named].sort(compareText)];
}

/** Returns every column a phase's records can hold, joined tables as `Alias.Column`, from `schemas/pega.json`. */
export function columnsAvailableToPhase(phase: PlanPhase, schema: PegaSchema): string[] {
  const own = Object.keys(schema.tables[phase.source.table]?.columns ?? {});
  const joined = (phase.joins ?? []).flatMap((join) => Object.keys(schema.tables[join.table]?.columns ?? {}).map((column) => `${join.alias}.${column}`));
  return [...own, ...joined].sort(compareText);
}

// Bare names (no px/py prefix, lower case) of columns that hold a person's or a company's name.
const NAME_PARTS: ReadonlyArray<readonly string[]> = [
  ['firstname', 'givenname', 'forename'],
  ['middlename'],
  ['lastname', 'familyname', 'surname'],
  ['name', 'fullname', 'displayname', 'companyname', 'organizationname', 'organisationname', 'orgname', 'accountname', 'contactname', 'customername'],
];

/**
 * Returns the columns of the phase's own table that hold a name, in the
 * order a name is written (first, middle, last), for duplicate detection.
 */
export function nameColumns(columns: readonly string[]): string[] {
  const bare = (column: string) => column.replace(/^p[xyz](?=[A-Z])/, '').toLowerCase();
  const own = columns.filter((column) => !column.includes('.'));
  return NAME_PARTS.flatMap((names) => own.filter((column) => names.includes(bare(column))));
}
