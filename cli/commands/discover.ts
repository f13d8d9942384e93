import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../grammar/parse-spec.js';
import { canonicalJson } from '../../compiler/canonical-json.js';
import { loadProjectConfigOnly } from '../../compiler/load-project.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import type { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { UserError } from '../user-error.js';

/**
 * `pmap discover odoo`: writes `schemas/odoo.json` for the models the specs
 * load into and the models their value maps name.
 */
export async function runDiscoverOdoo(directory: string, client: OdooClient): Promise<number> {
  const { specs } = loadProjectConfigOnly(directory);
  const models = new Set<string>();
  for (const source of specs) {
    for (const declaration of parseSpec(source.path, source.text).spec.declarations) {
      if (declaration.kind === 'object') models.add(declaration.model.text);
      else if (declaration.targetModel) models.add(declaration.targetModel.text);
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
