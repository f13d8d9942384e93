import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectInputs } from '../compiler/load-project.js';
import { BixCsvSource } from '../runtime/sources/bix-csv.js';
import { BixXmlSource } from '../runtime/sources/bix-xml.js';
import { PegaPostgresSource } from '../runtime/sources/pega-postgres.js';
import type { SourceConnector } from '../runtime/sources/source.js';
import { UserError } from './user-error.js';

/** Opens the Pega source that `pmap.yaml` names. */
export function openSource(inputs: ProjectInputs, environment: NodeJS.ProcessEnv): SourceConnector {
  const source = inputs.config.source;
  if (source.kind === 'bix') {
    const directory = join(inputs.directory, source.path!);
    if (!existsSync(directory)) {
      throw new UserError(`the BIX extract folder ${directory} does not exist; check source.path in pmap.yaml (it is relative to the project folder)`);
    }
    const files = source.files ? { files: { ...source.files } } : {};
    if (source.format === 'csv') {
      return new BixCsvSource({ directory, ...files, ...(source.encoding ? { encoding: source.encoding } : {}) });
    }
    return new BixXmlSource({ directory, ...files });
  }

  const variable = source.urlEnv!;
  const connectionString = environment[variable];
  if (!connectionString) {
    throw new UserError(`the environment variable ${variable} is not set; it must contain the Pega database URL (postgres://user@host:5432/database), as source.url_env in pmap.yaml says`);
  }
  return new PegaPostgresSource({ connectionString, schema: inputs.pegaSchema, ...(source.schemas ? { schemaNames: { ...source.schemas } } : {}) });
}
