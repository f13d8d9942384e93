import type { ObjectDeclaration } from '../grammar/ast.js';
import type { PegaSchema, PegaTable } from '../runtime/schema-types.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { PlanJoin } from './plan-types.js';

/** Checks an object's `with pega table` clauses and returns the joined tables by alias. */
export function checkJoins(
  object: ObjectDeclaration,
  table: PegaTable | undefined,
  pegaSchema: PegaSchema,
  diagnostics: Diagnostic[],
): { joins: PlanJoin[]; joinedTables: Map<string, PegaTable> } {
  const joins: PlanJoin[] = [];
  const joinedTables = new Map<string, PegaTable>();

  for (const join of object.joins) {
    const alias = join.alias.text;
    const joined = pegaSchema.tables[join.table.text];
    if (!joined) {
      diagnostics.push({
        code: 'PM201',
        severity: 'error',
        message: `unknown Pega table \`${join.table.text}\``,
        span: join.table.span,
        hint: didYouMeanHint(join.table.text, Object.keys(pegaSchema.tables), 'the tables are listed in schemas/pega.json'),
      });
      continue;
    }
    if (joinedTables.has(alias) || table?.columns[alias] !== undefined || alias.includes('.')) {
      diagnostics.push({
        code: 'PM209',
        severity: 'error',
        message: `the alias \`${alias}\` is already used in object ${object.name.text}`,
        span: join.alias.span,
        hint: 'give each joined table its own alias, different from the column names',
      });
      continue;
    }
    if (table && !table.columns[join.localColumn.text]) {
      diagnostics.push({
        code: 'PM202',
        severity: 'error',
        message: `unknown column \`${join.localColumn.text}\` in Pega table ${object.table.text}`,
        span: join.localColumn.span,
        hint: didYouMeanHint(join.localColumn.text, Object.keys(table.columns), 'the column before = is a column of the object\'s own table'),
      });
      continue;
    }
    const [prefix, column] = splitAlias(join.joinedColumn.text);
    if (prefix !== alias || !column || !joined.columns[column]) {
      diagnostics.push({
        code: 'PM202',
        severity: 'error',
        message: prefix !== alias ? `the column after = must be written ${alias}.<Column>` : `unknown column \`${column}\` in Pega table ${join.table.text}`,
        span: join.joinedColumn.span,
        hint: column ? didYouMeanHint(column, Object.keys(joined.columns), `write ${alias}.<a column of ${join.table.text}>`) : `write ${alias}.<a column of ${join.table.text}>`,
      });
      continue;
    }
    joinedTables.set(alias, joined);
    joins.push({ table: join.table.text, className: joined.className, alias, localColumn: join.localColumn.text, joinedColumn: column });
  }
  return { joins, joinedTables };
}

/** Splits `Alias.Column` at the first dot. */
export function splitAlias(name: string): [string, string | undefined] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}
