import type { Name, ObjectDeclaration } from '../grammar/ast.js';
import type { OdooModel } from '../runtime/schema-types.js';
import { withArticle } from './value-type.js';
import { checkExpression, type ExpressionScope } from './check-expression.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { PlanDedupe, PlanValidator } from './plan-types.js';

export interface CheckedMembers {
  readonly batchSize?: number;
  readonly mode: 'upsert' | 'create-only';
  readonly match?: { readonly field: string };
  readonly dedupe?: PlanDedupe;
  readonly validators: PlanValidator[];
}

/** Checks an object's options, dedupe rule and validators against the fields it assigns and its table. */
export function checkMembers(object: ObjectDeclaration, model: OdooModel | undefined, scope: ExpressionScope): CheckedMembers {
  const diagnostics = scope.diagnostics;
  const assigned = new Set(object.assignments.map((assignment) => assignment.field.text));
  const result: { -readonly [K in keyof CheckedMembers]: CheckedMembers[K] } = { mode: 'upsert', validators: [] };
  const seenOptions = new Map<string, Name['span']>();

  for (const option of object.options) {
    const previous = seenOptions.get(option.kind);
    if (previous) {
      diagnostics.push({
        code: 'PM209',
        severity: 'error',
        message: `option ${option.kind} is given twice in object ${object.name.text}`,
        span: option.span,
        related: [{ message: 'first given here', span: previous }],
        hint: 'keep one',
      });
      continue;
    }
    seenOptions.set(option.kind, option.span);
    if (option.kind === 'batch') result.batchSize = option.size;
    else if (option.kind === 'mode') result.mode = option.mode;
    else if (requireAssigned(option.field, 'match', object, model, assigned, diagnostics)) {
      checkMatchField(option.field, object, model, diagnostics);
      result.match = { field: option.field.text };
    }
  }

  if (object.dedupe.length > 1) {
    diagnostics.push({
      code: 'PM209',
      severity: 'error',
      message: `object ${object.name.text} has more than one dedupe rule`,
      span: object.dedupe[1]!.span,
      related: [{ message: 'first rule here', span: object.dedupe[0]!.span }],
      hint: 'list every key in one rule: dedupe by lower(Email), Phone keep first',
    });
  }
  const dedupe = object.dedupe[0];
  if (dedupe) {
    const keys = dedupe.keys.map((key) => checkExpression(key, scope).plan);
    if (dedupe.orderBy && scope.table && !scope.table.columns[dedupe.orderBy.text]) {
      diagnostics.push({
        code: 'PM202',
        severity: 'error',
        message: `unknown column \`${dedupe.orderBy.text}\` in Pega table ${object.table.text}`,
        span: dedupe.orderBy.span,
        hint: didYouMeanHint(dedupe.orderBy.text, Object.keys(scope.table.columns), 'keep latest and keep earliest order by a column of the table'),
      });
    }
    result.dedupe = { keys, keep: dedupe.keep, ...(dedupe.orderBy ? { orderBy: dedupe.orderBy.text } : {}) };
  }

  for (const validator of object.validators) {
    if (validator.kind === 'require') {
      if (validator.fields.every((field) => requireAssigned(field, 'require', object, model, assigned, diagnostics))) {
        result.validators.push({ kind: 'require', fields: validator.fields.map((field) => field.text) });
      }
      continue;
    }
    if (!requireAssigned(validator.field, 'check', object, model, assigned, diagnostics)) continue;
    const field = validator.field.text;
    const rule = validator.rule;
    if (rule.kind === 'matches') {
      try {
        new RegExp(rule.pattern, 'u');
      } catch (error) {
        diagnostics.push({ code: 'PM211', severity: 'error', message: `invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`, span: validator.span, hint: 'patterns use JavaScript regular expression syntax' });
        continue;
      }
      result.validators.push({ kind: 'matches', field, pattern: rule.pattern });
    } else if (rule.kind === 'length' || rule.kind === 'range') {
      if (rule.min > rule.max) {
        diagnostics.push({ code: 'PM211', severity: 'error', message: `the range ${rule.min}..${rule.max} is empty`, span: validator.span, hint: 'write the smaller bound first' });
        continue;
      }
      result.validators.push({ kind: rule.kind, field, min: rule.min, max: rule.max });
    } else {
      result.validators.push({ kind: rule.kind, field });
    }
  }
  return result;
}

function requireAssigned(field: Name, rule: string, object: ObjectDeclaration, model: OdooModel | undefined, assigned: ReadonlySet<string>, diagnostics: Diagnostic[]): boolean {
  if (assigned.has(field.text)) return true;
  const exists = !model || model.fields[field.text] !== undefined;
  diagnostics.push({
    code: 'PM219',
    severity: 'error',
    message: exists
      ? `${rule} names \`${field.text}\`, which object ${object.name.text} does not assign`
      : `${rule} names \`${field.text}\`, which ${object.model.text} does not have`,
    span: field.span,
    hint: exists
      ? didYouMeanHint(field.text, assigned, `rules apply to the Odoo fields the object assigns; assign ${field.text} first`)
      : didYouMeanHint(field.text, [...assigned, ...Object.keys(model!.fields)], `rules name Odoo fields of ${object.model.text} that the object assigns`),
  });
  return false;
}

function checkMatchField(field: Name, object: ObjectDeclaration, model: OdooModel | undefined, diagnostics: Diagnostic[]): void {
  const definition = model?.fields[field.text];
  if (!definition || ['char', 'text', 'integer', 'selection', 'many2one', 'date'].includes(definition.type)) return;
  diagnostics.push({
    code: 'PM211',
    severity: 'error',
    message: `match on ${object.model.text}.${field.text}, ${withArticle(definition.type)} field, cannot identify a record`,
    span: field.span,
    hint: 'match on a field that identifies a record, such as email, ref or a custom x_ id field',
  });
}
