import type { Expression } from '../grammar/ast.js';
import { isValueMapFallback } from '../grammar/ast.js';
import { callsIn } from '../grammar/expression-children.js';
import { parseSpec } from '../grammar/parse-spec.js';
import type { Span } from './diagnostic.js';
import type { SpecSource } from './load-project.js';

/**
 * A record that must already exist in Odoo because a spec names it: a value
 * map target (`"Open" => "Qualified"` in `values X -> crm.stage`) or the
 * literal value of a `lookup`.
 */
export interface ReferenceNeed {
  readonly model: string;
  /** The field that must equal `value`: `name` for value map targets. */
  readonly field: string;
  readonly value: string;
  /** The place in the spec that names it. */
  readonly span: Span;
  /** The user of the record, for messages: `value map CaseStage` or `Contact.country_id`. */
  readonly usedBy: string;
}

/** A `lookup` whose value comes from source data, so only a run can tell which records it needs. */
export interface SourceLookup {
  readonly model: string;
  readonly field: string;
  readonly span: Span;
  readonly usedBy: string;
}

export interface ReferenceData {
  readonly needs: readonly ReferenceNeed[];
  readonly sourceLookups: readonly SourceLookup[];
}

/**
 * Collects the reference data that specs name, with where they name it, so a
 * check against Odoo can point at the spec line. Specs that do not parse
 * contribute what their parser recovered; the compiler reports their errors.
 */
export function collectReferenceData(specs: readonly SpecSource[]): ReferenceData {
  const needs: ReferenceNeed[] = [];
  const sourceLookups: SourceLookup[] = [];

  for (const source of specs) {
    for (const declaration of parseSpec(source.path, source.text).spec.declarations) {
      if (declaration.kind === 'values') {
        if (!declaration.targetModel) continue;
        const model = declaration.targetModel.text;
        for (const entry of declaration.entries) {
          if (isValueMapFallback(entry.to) || entry.to.kind === 'null') continue;
          needs.push({ model, field: 'name', value: String(entry.to.value), span: entry.to.span, usedBy: `value map ${declaration.name.text}` });
        }
        continue;
      }

      for (const assignment of declaration.assignments) {
        const usedBy = `${declaration.name.text}.${assignment.field.text}`;
        for (const lookup of lookupsIn(assignment.value)) {
          if (lookup.literal !== undefined) needs.push({ model: lookup.model, field: lookup.field, value: lookup.literal, span: lookup.span, usedBy });
          else sourceLookups.push({ model: lookup.model, field: lookup.field, span: lookup.span, usedBy });
        }
      }
    }
  }
  return { needs, sourceLookups };
}

interface FoundLookup {
  readonly model: string;
  readonly field: string;
  /** The value when the spec writes it as a literal. */
  readonly literal?: string;
  readonly span: Span;
}

/** Finds `lookup(model, field: value)` calls of the shape the checker accepts. */
function lookupsIn(expression: Expression): FoundLookup[] {
  const found: FoundLookup[] = [];
  for (const call of callsIn(expression)) {
    const [target] = call.args;
    const [named] = call.namedArgs;
    if (call.callee.text !== 'lookup' || target?.kind !== 'name' || call.args.length !== 1 || call.namedArgs.length !== 1 || !named) continue;
    const value = named.value;
    const literal = value.kind === 'literal' && (value.literal.kind === 'string' || value.literal.kind === 'number') ? String(value.literal.value) : undefined;
    found.push({ model: target.name.text, field: named.name.text, span: call.span, ...(literal !== undefined ? { literal } : {}) });
  }
  return found;
}
