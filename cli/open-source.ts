import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectInputs } from '../compiler/load-project.js';
import { BixCsvSource } from '../runtime/sources/bix-csv.js';
import { BixXmlSource } from '../runtime/sources/bix-xml.js';
import { PegaDxSource } from '../runtime/sources/pega-dx.js';
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

  if (source.kind === 'dx') return openDxSource(inputs, environment);

  const variable = source.urlEnv!;
  const connectionString = environment[variable];
  if (!connectionString) {
    throw new UserError(`the environment variable ${variable} is not set; it must contain the Pega database URL (postgres://user@host:5432/database), as source.url_env in pmap.yaml says`);
  }
  return new PegaPostgresSource({ connectionString, schema: inputs.pegaSchema, ...(source.schemas ? { schemaNames: { ...source.schemas } } : {}) });
}

/** Opens the DX API source; the OAuth 2.0 client credentials come from the environment only. */
function openDxSource(inputs: ProjectInputs, environment: NodeJS.ProcessEnv): SourceConnector {
  const source = inputs.config.source;
  const credentials = [
    [source.clientIdEnv!, 'client id', 'client_id_env'],
    [source.clientSecretEnv!, 'client secret', 'client_secret_env'],
  ] as const;
  for (const [variable, what, key] of credentials) {
    if (!environment[variable]) {
      throw new UserError(`the environment variable ${variable} is not set; it must contain the OAuth 2.0 ${what} of the Pega client registration, named by source.${key} in pmap.yaml`);
    }
  }

  const dataViews = Object.fromEntries(Object.entries(source.dataViews ?? {}).map(([table, view]) => [table, typeof view === 'string' ? view : { ...view }]));
  return new PegaDxSource({
    url: source.url!,
    api: source.api ?? 'v2',
    clientId: environment[source.clientIdEnv!]!,
    clientSecret: environment[source.clientSecretEnv!]!,
    clientIdVariable: source.clientIdEnv!,
    clientSecretVariable: source.clientSecretEnv!,
    schema: inputs.pegaSchema,
    dataViews,
    ...(source.pageSize !== undefined ? { pageSize: source.pageSize } : {}),
  });
}
