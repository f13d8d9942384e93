/**
 * Builds the mapping reference: the load order as a Mermaid diagram, and per
 * object its source, target, field table, value maps, validators, custom
 * fields and dedupe rule, from the compiled plan.
 */

import type { Plan, PlanPhase, PlanValidator, PlanValueMap } from '../../compiler/plan-types.js';
import { expressionText, literalText, valueMapsOf } from './plan-expression-text.js';

export interface ValueMapView {
  readonly name: string;
  readonly target: string;
  readonly entries: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly otherwise: string;
}

export interface ObjectMappingView {
  readonly object: string;
  readonly source: string;
  readonly model: string;
  readonly specFile: string;
  readonly loadsAfter: string;
  readonly settings: readonly string[];
  readonly fields: ReadonlyArray<{ readonly field: string; readonly type: string; readonly expression: string }>;
  readonly customFields: ReadonlyArray<{ readonly name: string; readonly type: string; readonly label: string }>;
  readonly valueMaps: readonly ValueMapView[];
  readonly valueMapsReason?: string;
  readonly validators: readonly string[];
  readonly validatorsReason?: string;
}

export interface MappingReferenceDocument {
  readonly title: string;
  readonly mermaid?: string;
  /** Objects per load level, first level 1, for readers without a Mermaid renderer. */
  readonly levels: ReadonlyArray<{ readonly level: number; readonly objects: readonly string[] }>;
  readonly objects: readonly ObjectMappingView[];
  readonly emptyReason?: string;
}

function validatorText(validator: PlanValidator): string {
  switch (validator.kind) {
    case 'require': return `require ${validator.fields.join(' or ')}: a record without any of them is rejected`;
    case 'email': return `${validator.field} must be an e-mail address`;
    case 'phone': return `${validator.field} must be a valid international phone number`;
    case 'unique': return `${validator.field} must be unique among the records of a run`;
    case 'matches': return `${validator.field} must match ${validator.pattern}`;
    case 'length': return `${validator.field} must have ${validator.min} to ${validator.max} characters`;
    case 'range': return `${validator.field} must be between ${validator.min} and ${validator.max}`;
  }
}

function valueMapView(name: string, valueMap: PlanValueMap): ValueMapView {
  const otherwise = valueMap.otherwise === undefined || ('fallback' in valueMap.otherwise && valueMap.otherwise.fallback === 'error')
    ? 'records with other values are rejected'
    : 'fallback' in valueMap.otherwise ? 'other values pass unchanged' : `other values become ${literalText(valueMap.otherwise.value)}`;
  return {
    name,
    target: valueMap.targetModel ? `names of ${valueMap.targetModel} records` : 'values',
    entries: valueMap.entries.map(([from, to]) => ({ from: literalText(from), to: literalText(to) })),
    otherwise,
  };
}

/** Mermaid node ids allow letters, digits and underscores; object names are identifiers already. */
function nodeId(object: string): string {
  return object.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Escapes text inside a quoted Mermaid label with Mermaid's entity codes. */
function mermaidLabel(text: string): string {
  return text.replace(/["#<>&]/g, (character) => `#${character.charCodeAt(0)};`);
}

/** Draws the load order: an arrow from each object to the objects that load after it. */
export function loadOrderMermaid(phases: readonly PlanPhase[]): string {
  const lines = ['flowchart LR'];
  for (const phase of phases) lines.push(`  ${nodeId(phase.object)}["${mermaidLabel(`${phase.object}: ${phase.model}`)}"]`);
  for (const phase of phases) for (const dependency of phase.dependsOn) lines.push(`  ${nodeId(dependency)} --> ${nodeId(phase.object)}`);
  return lines.join('\n');
}

function objectView(phase: PlanPhase, plan: Plan): ObjectMappingView {
  const usedMaps = [...new Set(phase.fields.flatMap((field) => valueMapsOf(field.expression)).concat((phase.cleansing ?? []).flatMap((rule) => valueMapsOf(rule.expression))))];
  const settings = [
    `key ${phase.source.key.join(', ')}`,
    `mode ${phase.mode}`,
    `batch ${phase.batchSize}`,
    `external ids ${phase.externalId.module}.${phase.externalId.prefix}__<key>`,
    ...(phase.match ? [`adopts existing records with equal ${phase.match.field}`] : []),
    ...(phase.dedupe ? [`dedupe by ${phase.dedupe.keys.map(expressionText).join(', ')} keep ${phase.dedupe.keep}${phase.dedupe.orderBy ? ` ${phase.dedupe.orderBy}` : ''}`] : []),
    ...(phase.joins ?? []).map((join) => `joins ${join.table} as ${join.alias} on ${join.localColumn} = ${join.alias}.${join.joinedColumn}`),
    ...(phase.cleansing ?? []).map((rule) => `cleans ${rule.column} = ${expressionText(rule.expression)}`),
  ];
  return {
    object: phase.object,
    source: `${phase.source.table} (class ${phase.source.className})`,
    model: phase.model,
    specFile: phase.specFile,
    loadsAfter: phase.dependsOn.length > 0 ? phase.dependsOn.join(', ') : 'nothing: it loads first',
    settings,
    fields: phase.fields.map((field) => ({ field: field.field, type: field.relation ? `${field.type} → ${field.relation}` : field.type, expression: expressionText(field.expression) + (field.secondPass ? ' (second pass)' : '') })),
    customFields: plan.customFields.filter((custom) => custom.model === phase.model && phase.fields.some((field) => field.field === custom.name)).map((custom) => ({ name: custom.name, type: custom.type, label: custom.label })),
    valueMaps: usedMaps.flatMap((name) => (plan.valueMaps[name] ? [valueMapView(name, plan.valueMaps[name]!)] : [])),
    ...(usedMaps.length === 0 ? { valueMapsReason: 'No field of this object goes through a value map.' } : {}),
    validators: phase.validators.map(validatorText),
    ...(phase.validators.length === 0 ? { validatorsReason: 'This object declares no require or check rules; Odoo\'s own validation still applies.' } : {}),
  };
}

export function buildMappingReferenceDocument(plan: Plan | undefined, compileProblem: string | undefined): MappingReferenceDocument {
  const title = 'Mapping reference';
  if (plan === undefined) return { title, levels: [], objects: [], emptyReason: compileProblem ?? 'The specs did not compile, so there is no plan to document; run pmap check to see why.' };
  if (plan.phases.length === 0) return { title, levels: [], objects: [], emptyReason: 'The project has no object declarations in specs/, so nothing is mapped yet.' };
  const levels = [...new Set(plan.phases.map((phase) => phase.level))].sort((left, right) => left - right)
    .map((level) => ({ level: level + 1, objects: plan.phases.filter((phase) => phase.level === level).map((phase) => phase.object) }));
  return { title, mermaid: loadOrderMermaid(plan.phases), levels, objects: plan.phases.map((phase) => objectView(phase, plan)) };
}
