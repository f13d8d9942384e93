import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expression } from '../../grammar/ast.js';
import { callsIn } from '../../grammar/expression-children.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { canonicalJson } from '../../compiler/canonical-json.js';
import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import { discoverReferenceData } from '../../runtime/discover-reference-data.js';
import type { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { UserError } from '../user-error.js';

/** Returns the models that `lookup(model, …)` calls inside an expression name. */
function lookupModels(expression: Expression): string[] {
  return callsIn(expression).flatMap((call) => {
    const [first] = call.args;
    return call.callee.text === 'lookup' && first?.kind === 'name' ? [first.name.text] : [];
  });
}

/**
 * `pmap discover odoo`: writes `schemas/odoo.json` for the models the specs
 * load into and the models their value maps name, with the stages, teams and
 * activity types Odoo has, so a review shows what value maps can map to.
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

  const schema = { ...(await discoverOdooSchema(client, [...models])), referenceData: await discoverReferenceData(client) };
  mkdirSync(join(directory, 'schemas'), { recursive: true });
  const path = join(directory, 'schemas', 'odoo.json');
  writeFileSync(path, `${canonicalJson(schema)}\n`);
  const referenceCounts = Object.entries(schema.referenceData).map(([model, records]) => `${records.length} ${model}`).join(', ');
  process.stdout.write(`wrote ${path}: ${models.size} models (${[...models].sort().join(', ')}) and the existing ${referenceCounts} from Odoo ${schema.serverVersion}\n`);
  return 0;
}
