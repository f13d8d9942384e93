import type { CustomFieldDeclaration, ObjectDeclaration } from '../grammar/ast.js';
import type { OdooField, OdooSchema } from '../runtime/schema-types.js';
import { withArticle } from './value-type.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMeanHint } from './did-you-mean.js';
import type { PlanCustomField } from './plan-types.js';

const customFieldTypes: ReadonlyArray<PlanCustomField['type']> = ['char', 'text', 'html', 'integer', 'float', 'boolean', 'date', 'datetime', 'selection'];

interface Declared {
  readonly plan: PlanCustomField;
  readonly declaration: CustomFieldDeclaration;
}

/**
 * Checks the custom fields every object declares and returns them with the
 * Odoo schema as it will be once they exist, so assignments to them check
 * like assignments to any field. A field declared by two objects of one
 * model must be declared the same way; a field Odoo already has must have
 * the declared type.
 */
export function collectCustomFields(
  objects: Iterable<ObjectDeclaration>,
  odooSchema: OdooSchema,
  diagnostics: Diagnostic[],
): { customFields: PlanCustomField[]; effectiveSchema: OdooSchema } {
  const declared = new Map<string, Declared>();

  for (const object of objects) {
    const model = object.model.text;
    for (const declaration of object.customFields) {
      const plan = checkDeclaration(model, declaration, diagnostics);
      if (!plan) continue;
      const key = `${model}.${plan.name}`;
      const previous = declared.get(key);
      if (previous) {
        if (JSON.stringify(previous.plan) !== JSON.stringify(plan)) {
          diagnostics.push({
            code: 'PM218',
            severity: 'error',
            message: `custom field ${key} is declared twice with different definitions`,
            span: declaration.span,
            related: [{ message: 'first declared here', span: previous.declaration.span }],
            hint: 'declare it the same way in both objects, or only once',
          });
        }
        continue;
      }
      const existing = odooSchema.models[model]?.fields[plan.name];
      if (existing && existing.type !== plan.type) {
        diagnostics.push({
          code: 'PM218',
          severity: 'error',
          message: `${key} already exists in Odoo as ${withArticle(existing.type)} field, not ${plan.type}`,
          span: declaration.fieldType.span,
          hint: `declare it as ${existing.type}, or choose another name; pmap never changes the type of an existing field`,
        });
        continue;
      }
      declared.set(key, { plan, declaration });
    }
  }

  const customFields = [...declared.values()].map((entry) => entry.plan).sort((a, b) => `${a.model}.${a.name}`.localeCompare(`${b.model}.${b.name}`));
  return { customFields, effectiveSchema: withCustomFields(odooSchema, customFields) };
}

function checkDeclaration(model: string, declaration: CustomFieldDeclaration, diagnostics: Diagnostic[]): PlanCustomField | undefined {
  const name = declaration.name.text;
  if (!name.startsWith('x_')) {
    diagnostics.push({
      code: 'PM216',
      severity: 'error',
      message: `custom field \`${name}\` must have a name that starts with x_`,
      span: declaration.name.span,
      hint: `Odoo refuses other names ("Custom fields must have a name that starts with 'x_' !"); call it x_${name}`,
    });
    return undefined;
  }

  const type = declaration.fieldType.text as PlanCustomField['type'];
  if (!customFieldTypes.includes(type)) {
    diagnostics.push({
      code: 'PM217',
      severity: 'error',
      message: `unknown custom field type \`${declaration.fieldType.text}\``,
      span: declaration.fieldType.span,
      hint: didYouMeanHint(declaration.fieldType.text, customFieldTypes, `the types are ${customFieldTypes.join(', ')}`),
    });
    return undefined;
  }

  const hasSelection = declaration.selection.length > 0;
  if ((type === 'selection') !== hasSelection) {
    diagnostics.push({
      code: 'PM217',
      severity: 'error',
      message: type === 'selection' ? `selection field ${name} lists no keys` : `${type} field ${name} cannot list selection keys`,
      span: declaration.span,
      hint: 'a selection field lists its keys and labels: custom field x_tier: selection "Tier" { "gold" => "Gold" }',
    });
    return undefined;
  }

  return {
    model,
    name,
    type,
    label: declaration.label ?? name.slice(2).replace(/_/g, ' '),
    ...(hasSelection ? { selection: declaration.selection } : {}),
  };
}

function withCustomFields(schema: OdooSchema, customFields: readonly PlanCustomField[]): OdooSchema {
  const models = { ...schema.models };
  for (const field of customFields) {
    const model = models[field.model];
    if (!model || model.fields[field.name]) continue;
    const odooField: OdooField = {
      type: field.type,
      string: field.label,
      required: false,
      readonly: false,
      store: true,
      ...(field.selection ? { selection: field.selection } : {}),
    };
    models[field.model] = { ...model, fields: { ...model.fields, [field.name]: odooField } };
  }
  return { ...schema, models };
}
