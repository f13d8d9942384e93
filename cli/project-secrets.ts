import type { ProjectConfig } from '../compiler/project-config.js';

/**
 * Collects the values of every environment variable pmap.yaml names for a secret:
 * the Odoo password or API key, the Pega database URL, the DX client
 * secret and the state database URL. Logs redact them.
 */
export function projectSecrets(config: ProjectConfig, environment: NodeJS.ProcessEnv): string[] {
  const variables = [config.target.passwordEnv, config.source.urlEnv, config.source.clientSecretEnv, config.state.kind === 'postgres' ? config.state.urlEnv : undefined];
  return variables.flatMap((variable) => {
    const value = variable === undefined ? undefined : environment[variable];
    return value ? [value] : [];
  });
}
