import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expression } from '../../grammar/ast.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { canonicalJson } from '../../compiler/canonical-json.js';
import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import type { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { UserError } from '../user-error.js';

/** The models that `lookup(model, …)` calls inside an expression name. */
function lookupModels(expression: Expression): string[] {
  const children: Expression[] = [];
  switch (expression.kind) {
    case 'literal':
    case 'name':
      break;
    case 'call': {
      const [first] = expression.args;
      children.push(...expression.args, ...expression.namedArgs.map((named) => named.value));
      if (expression.callee.text === 'lookup' && first?.kind === 'name') return [first.name.text, ...children.flatMap(lookupModels)];
      break;
    }
    case 'binary':
      children.push(expression.left, expression.right);
      break;
    case 'not':
    case 'isNull':
      children.push(expression.operand);
      break;
    case 'if':
      children.push(expression.condition, expression.then, expression.otherwise);
      break;
    case 'case':
      if (expression.subject) children.push(expression.subject);
      for (const branch of expression.branches) children.push(branch.when, branch.then);
      if (expression.otherwise) children.push(expression.otherwise);
      break;
  }
  return children.flatMap(lookupModels);
}

/**
 * `pmap discover odoo`: writes `schemas/odoo.json` for the models the specs
 * load into and the models their value maps name.
 */
export async function runDiscoverOdoo(directory: string, client: OdooClient): Promise<number> {
  const { specs } = loadProjectConfigOnly(directory);
  const models = new Set<string>();
  for (const source of specs) {
    for (const declaration of parseSpec(source.path, source.text).spec.declarations) {
      if (declaration.kind === 'object') {
        models.add(declaration.model.text);
        for (const assignment of declaration.assignments) for (const model of lookupModels(assignment.value)) models.add(model);
      } else if (declaration.targetModel) {
        models.add(declaration.targetModel.text);
      }
    }
  }
  if (models.size === 0) throw new UserError(`no Odoo models found in ${join(directory, 'specs')}; write a spec with \`to odoo <model>\` first`);

  const schema = await discoverOdooSchema(client, [...models]);
  mkdirSync(join(directory, 'schemas'), { recursive: true });
  const path = join(directory, 'schemas', 'odoo.json');
  writeFileSync(path, `${canonicalJson(schema)}\n`);
  process.stdout.write(`wrote ${path}: ${models.size} models (${[...models].sort().join(', ')}) from Odoo ${schema.serverVersion}\n`);
  return 0;
}
