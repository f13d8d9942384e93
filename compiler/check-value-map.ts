import { isValueMapFallback, type ValueMapDeclaration } from '../grammar/ast.js';
import type { OdooSchema } from '../runtime/schema-types.js';
import { literalValue } from './check-expression.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { PlanValueMap } from './plan-types.js';

export function checkValueMap(declaration: ValueMapDeclaration, odooSchema: OdooSchema, diagnostics: Diagnostic[]): PlanValueMap {
  const target = declaration.targetModel;
  if (target && !odooSchema.models[target.text]) {
    diagnostics.push({
      code: 'PM203',
      severity: 'error',
      message: `unknown Odoo model \`${target.text}\` as target of value map ${declaration.name.text}`,
      span: target.span,
      hint: didYouMeanHint(target.text, Object.keys(odooSchema.models), 'the models are listed in schemas/odoo.json'),
    });
  }

  const seen = new Map<string, ValueMapDeclaration['entries'][number]>();
  const entries: Array<readonly [string | number | boolean | null, string | number | boolean | null]> = [];
  let otherwise: PlanValueMap['otherwise'];

  for (const entry of declaration.entries) {
    const seenKey = entry.from ? JSON.stringify(literalValue(entry.from)) : 'else';
    const previous = seen.get(seenKey);
    if (previous) {
      diagnostics.push({
        code: 'PM305',
        severity: 'error',
        message: entry.from ? `value ${seenKey} is mapped twice in ${declaration.name.text}` : `${declaration.name.text} has two else entries`,
        span: entry.span,
        related: [{ message: 'first mapped here', span: previous.span }],
        hint: 'keep one entry per source value',
      });
      continue;
    }
    seen.set(seenKey, entry);

    if (isValueMapFallback(entry.to)) {
      if (entry.from) continue;
      otherwise = { fallback: entry.to.kind };
      if (entry.to.kind === 'pass' && target) {
        diagnostics.push({
          code: 'PM303',
          severity: 'error',
          message: `else => pass cannot be used in ${declaration.name.text}, whose targets are ${target.text} records`,
          span: entry.to.span,
          hint: `a Pega value is not the name of a ${target.text} record; map each value, or use else => error`,
        });
      }
      continue;
    }
    if (entry.from) entries.push([literalValue(entry.from), literalValue(entry.to)]);
    else otherwise = { value: literalValue(entry.to) };
  }

  return {
    ...(target ? { targetModel: target.text } : {}),
    entries,
    ...(otherwise ? { otherwise } : {}),
  };
}
