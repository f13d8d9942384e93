import type { Assignment, SpecFile } from '../grammar/ast.js';
import { parseSpec } from '../grammar/parse-spec.js';
import { canonicalJson, sha256 } from './canonical-json.js';
import { checkObject, type CheckedObject } from './check-object.js';
import { checkOwners } from './check-owners.js';
import { checkUnconfirmed } from './check-unconfirmed.js';
import { checkValueMap } from './check-value-map.js';
import { collectCustomFields } from './custom-fields.js';
import { hasErrors, type Diagnostic } from './diagnostic.js';
import type { ProjectInputs } from './load-project.js';
import { orderPhases } from './order-phases.js';
import type { Plan, PlanPhase, PlanValueMap } from './plan-types.js';
import { collectSymbols } from './symbols.js';

export interface CompileResult {
  /** Absent when any error was found. */
  readonly plan?: Plan;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compiles a project: parse every spec, resolve names, check against both
 * schemas, order the objects, emit the plan. A stage runs only when the ones
 * before it found no error, so the user sees root causes, not follow-ons.
 */
export function compileProject(inputs: ProjectInputs): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const sources = [...inputs.specs].sort((a, b) => a.path.localeCompare(b.path));
  const specs: SpecFile[] = sources.map((source) => {
    const parsed = parseSpec(source.path, source.text);
    diagnostics.push(...parsed.diagnostics);
    return parsed.spec;
  });

  checkUnconfirmed(specs, diagnostics);
  const symbols = collectSymbols(specs, diagnostics);
  const valueMaps: Record<string, PlanValueMap> = {};
  // Declarations of a file with syntax errors may be cut short by recovery;
  // checking them would report follow-on errors instead of the root cause.
  const brokenFiles = new Set(diagnostics.filter((diagnostic) => diagnostic.code.startsWith('PM1') && diagnostic.span).map((diagnostic) => diagnostic.span!.file));
  for (const [name, declaration] of symbols.valueMaps) {
    if (!brokenFiles.has(declaration.span.file)) valueMaps[name] = checkValueMap(declaration, inputs.odooSchema, diagnostics);
  }

  const { customFields, effectiveSchema } = collectCustomFields(symbols.objects.values(), inputs.odooSchema, diagnostics);
  const checked = new Map<string, CheckedObject>();
  for (const [name, declaration] of symbols.objects) {
    if (brokenFiles.has(declaration.span.file)) continue;
    checked.set(name, checkObject(declaration, symbols, inputs.pegaSchema, effectiveSchema, diagnostics));
  }
  const owners = checkOwners([...checked.values()].map((object) => object.declaration), inputs.config.owners, inputs.pegaSchema, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };

  const references = new Map<string, ReadonlyMap<string, Assignment>>();
  for (const [name, object] of checked) references.set(name, object.references);
  const order = orderPhases(symbols.objects, references, diagnostics);
  if (!order) return { diagnostics: sortDiagnostics(diagnostics) };

  const phases: PlanPhase[] = order.map((entry) => {
    const object = checked.get(entry.name)!;
    const declaration = object.declaration;
    const table = inputs.pegaSchema.tables[object.tableName]!;
    return {
      object: entry.name,
      model: declaration.model.text,
      source: { table: object.tableName, className: table.className, key: declaration.key.map((key) => key.text) },
      dependsOn: entry.dependsOn,
      level: entry.level,
      batchSize: object.members.batchSize ?? inputs.config.batchSize,
      externalId: { module: inputs.config.module, prefix: externalIdPrefix(entry.name) },
      fields: object.fields,
      mode: object.members.mode,
      ...(object.members.match ? { match: object.members.match } : {}),
      ...(object.members.dedupe ? { dedupe: object.members.dedupe } : {}),
      validators: object.members.validators,
      ...(object.joins.length > 0 ? { joins: object.joins } : {}),
      ...(object.cleansing.length > 0 ? { cleansing: object.cleansing } : {}),
      ...(object.where ? { where: object.where } : {}),
      specFile: declaration.span.file,
    };
  });

  const plan: Plan = {
    pmapPlan: 1,
    fingerprints: {
      specs: sha256(sources.map((spec) => `${spec.path}\n${spec.text}`).join('\n\u0000\n')),
      pegaSchema: sha256(canonicalJson(inputs.pegaSchema)),
      odooSchema: sha256(canonicalJson(inputs.odooSchema)),
    },
    phases,
    valueMaps,
    customFields,
    ...(owners ? { owners } : {}),
  };
  return { plan, diagnostics: sortDiagnostics(diagnostics) };
}

/** `WorkObject` → `work_object`: external ids are lower case without dots or spaces. */
export function externalIdPrefix(objectName: string): string {
  return objectName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fileOrder = (a.span?.file ?? '').localeCompare(b.span?.file ?? '');
    return fileOrder || (a.span?.startOffset ?? 0) - (b.span?.startOffset ?? 0);
  });
}

/** Serialises a plan as written to disk: canonical JSON with a trailing newline. */
export function serializePlan(plan: Plan): string {
  return `${canonicalJson(plan)}\n`;
}
