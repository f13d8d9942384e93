#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ReferenceDataError } from '../runtime/resolve-value-map-targets.js';
import { CustomFieldConflictError } from '../runtime/ensure-custom-fields.js';
import { OdooAuthenticationError, OdooConnectionError, OdooFault, OdooOutcomeUnknownError } from '../runtime/odoo/odoo-errors.js';
import { BixCsvError } from '../runtime/sources/bix-csv.js';
import { BixFileNotFoundError, BixFormatError } from '../runtime/sources/bix-xml.js';
import { PegaDxError } from '../runtime/sources/pega-dx.js';
import { PegaSourceError } from '../runtime/sources/pega-postgres.js';
import { StateLockedError, StateStoreError } from '../runtime/state/state-store.js';
import { OwnersUnresolvedError } from '../runtime/verify/verify-plan.js';
import { OwnersFileError } from '../runtime/owners/owners-file.js';
import { runApply } from './commands/apply.js';
import { runCheck } from './commands/check.js';
import { runDiff } from './commands/diff.js';
import { runDiscoverOdoo } from './commands/discover.js';
import { runDiscoverPega } from './commands/discover-pega.js';
import { runDocs } from './commands/docs.js';
import { runFmt } from './commands/fmt.js';
import { runInit } from './commands/init.js';
import { connectOdoo } from './connect-odoo.js';
import { loadProjectConfigOnly } from '../compiler/load-project.js';
import { PLAN_FORMATS, runPlan, type PlanFormat } from './commands/plan.js';
import { runPropose } from './commands/propose.js';
import { DEFAULT_MAX_DISTINCT, PROFILE_FORMATS, runProfile, type ProfileFormat } from './commands/profile.js';
import { runSandbox } from './commands/sandbox.js';
import { runRollback } from './commands/rollback.js';
import { runForceUnlock, runListRuns } from './commands/state-commands.js';
import { runVerify } from './commands/verify.js';
import { runReport } from './commands/report.js';
import { runUsers } from './commands/users.js';
import { UserError } from './user-error.js';
import { COMMANDS, findCommand, renderCommandHelp, renderOverview, unexpectedOption } from './command-help.js';
import { closestName } from '../compiler/did-you-mean.js';
import { MAX_CONCURRENCY } from '../runtime/load-lanes.js';

function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      sandbox: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      schema: { type: 'string', multiple: true },
      'server-version': { type: 'string' },
      check: { type: 'boolean' },
      project: { type: 'string' },
      sample: { type: 'string' },
      seed: { type: 'string' },
      run: { type: 'string' },
      all: { type: 'boolean' },
      'drop-fields': { type: 'boolean' },
      'auto-approve': { type: 'boolean' },
      delta: { type: 'boolean' },
      plan: { type: 'string' },
      object: { type: 'string', multiple: true },
      'no-timestamp': { type: 'boolean' },
      'max-distinct': { type: 'string' },
      'inventory-from': { type: 'string' },
      provision: { type: 'boolean' },
      fallback: { type: 'string' },
      force: { type: 'boolean' },
      model: { type: 'string' },
      verbose: { type: 'boolean' },
      'detailed-exitcode': { type: 'boolean' },
      offline: { type: 'boolean' },
      concurrency: { type: 'string' },
    },
  });

  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const [command, ...commandArguments] = positionals;
  if (command === 'help') return printHelp(commandArguments);
  if (!command) {
    process.stdout.write(renderOverview());
    return values.help ? 0 : 2;
  }
  const help = findCommand(command);
  if (!help) {
    const closest = closestName(command, COMMANDS.map((candidate) => candidate.name));
    throw new UsageError(`unknown command ${JSON.stringify(command)}${closest ? `; did you mean \`${closest}\`?` : ''}`);
  }
  if (values.help) {
    process.stdout.write(renderCommandHelp(help));
    return 0;
  }
  const unexpected = unexpectedOption(help, Object.keys(values));
  if (unexpected) throw new UsageError(`--${unexpected} is not an option of pmap ${command}; \`pmap help ${command}\` lists its options`);

  const discoverSide = command === 'discover' ? commandArguments.shift() : undefined;
  const lockId = command === 'force-unlock' ? commandArguments.shift() : undefined;
  const [directory = '.', ...rest] = commandArguments;
  if (command !== 'propose' && rest.length > (command === 'diff' ? 1 : 0)) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);

  switch (command) {
    case 'init':
      return runInit(directory, { force: values.force ?? false });
    case 'check': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
      return runCheck(directory, format);
    }
    case 'plan': {
      const format = values.format ?? 'text';
      if (!PLAN_FORMATS.includes(format as PlanFormat)) throw new UsageError(`--format must be text, json or markdown, not ${JSON.stringify(format)}`);
      return runPlan(directory, {
        sandbox: values.sandbox ?? false,
        format: format as PlanFormat,
        ...(values.out !== undefined ? { out: values.out } : {}),
        detailedExitcode: values['detailed-exitcode'] ?? false,
        offline: values.offline ?? false,
      });
    }
    case 'apply': {
      // `pmap apply plan.json` applies a saved plan of the project in --project (default: here).
      const savedPlan = values.plan ?? (directory.endsWith('.json') ? directory : undefined);
      const project = savedPlan && !values.plan ? values.project ?? '.' : directory;
      return runApply(project, { sandbox: values.sandbox ?? false, delta: values.delta ?? false, autoApprove: values['auto-approve'] ?? false, verbose: values.verbose ?? false, ...(values.concurrency !== undefined ? { concurrency: concurrencyOption(values.concurrency) } : {}), ...(savedPlan ? { savedPlan } : {}) });
    }
    case 'verify': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
      if (values.all && values.sample !== undefined) throw new UsageError('--sample and --all exclude each other: --all compares every record, --sample N a random N per object');
      if (values.seed !== undefined && values.sample === undefined) throw new UsageError('--seed chooses the records of --sample; add --sample N, or drop --seed to compare every record');
      return runVerify(directory, {
        sandbox: values.sandbox ?? false,
        ...(values.sample !== undefined ? { sample: positiveInteger('--sample', values.sample) } : {}),
        seed: values.seed !== undefined ? positiveInteger('--seed', values.seed) : 1,
        format,
      });
    }
    case 'rollback':
      if (values.all && values.run !== undefined) throw new UsageError('--run and --all exclude each other');
      return runRollback(directory, {
        sandbox: values.sandbox ?? false,
        ...(values.run !== undefined ? { run: positiveInteger('--run', values.run) } : {}),
        all: values.all ?? false,
        dropFields: values['drop-fields'] ?? false,
        autoApprove: values['auto-approve'] ?? false,
      });
    case 'runs':
      return runListRuns(directory);
    case 'report': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
      return runReport(directory, format);
    }
    case 'force-unlock':
      if (!lockId) throw new UsageError('usage: pmap force-unlock ID [project]; the ID is in the message of the rejected command');
      return runForceUnlock(directory, lockId);
    case 'users':
      return runUsers(directory, { sandbox: values.sandbox ?? false, provision: values.provision ?? false, ...(values.fallback !== undefined ? { fallback: values.fallback } : {}) });
    case 'discover':
      return runDiscover(discoverSide, directory, values.sandbox ?? false, values.schema ?? [], values['inventory-from']);
    case 'docs': {
      const format = values.format ?? 'markdown';
      if (format !== 'markdown' && format !== 'html') throw new UsageError(`--format must be markdown or html, not ${JSON.stringify(format)}`);
      return runDocs(directory, { format, ...(values.out ? { out: values.out } : {}) });
    }
    case 'sandbox': {
      const port = Number(values.port ?? '8069');
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not ${JSON.stringify(values.port)}`);
      return runSandbox({
        host: values.host ?? '127.0.0.1',
        port,
        ...(values.state ? { state: values.state } : {}),
        ...(values['server-version'] ? { serverVersion: values['server-version'] } : {}),
      });
    }
    case 'fmt':
      return runFmt(directory, { check: values.check ?? false });
    case 'profile': {
      const format = values.format ?? 'text';
      if (!PROFILE_FORMATS.includes(format as ProfileFormat)) throw new UsageError(`--format must be text, markdown, html or json, not ${JSON.stringify(format)}`);
      const maxDistinct = Number(values['max-distinct'] ?? DEFAULT_MAX_DISTINCT);
      if (!Number.isSafeInteger(maxDistinct) || maxDistinct < 1) throw new UsageError(`--max-distinct must be a positive whole number, not ${JSON.stringify(values['max-distinct'])}`);
      return runProfile(directory, {
        objects: values.object ?? [],
        format: format as ProfileFormat,
        ...(values.out !== undefined ? { out: values.out } : {}),
        timestamp: !(values['no-timestamp'] ?? false),
        maxDistinct,
      });
    }
    case 'propose':
      return runPropose(commandArguments, { ...(values.model !== undefined ? { model: values.model } : {}) });
    case 'diff': {
      if (commandArguments.length !== 2) throw new UsageError('usage: pmap diff <old> <new> [--format text|markdown] [--project dir]');
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'markdown') throw new UsageError(`--format must be text or markdown, not ${JSON.stringify(format)}`);
      return runDiff(commandArguments[0]!, commandArguments[1]!, { format, project: values.project ?? '.' });
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

async function runDiscover(side: string | undefined, directory: string, sandbox: boolean, schemas: string[], inventoryFrom: string | undefined): Promise<number> {
  if (side !== 'odoo' && side !== 'pega') throw new UsageError('usage: pmap discover odoo|pega [project]');
  if (side === 'odoo' && inventoryFrom !== undefined) throw new UsageError('--inventory-from belongs to pmap discover pega: the application export is a Pega archive');
  const { config, diagnostics } = loadProjectConfigOnly(directory);
  if (!config) throw new UserError(diagnostics.map((diagnostic) => diagnostic.message).join('\n') || `cannot read ${directory}/pmap.yaml`);
  if (side === 'pega') {
    const variable = config.source.urlEnv ?? 'PMAP_PEGA_DATABASE_URL';
    const connectionString = process.env[variable];
    if (!connectionString) throw new UserError(`the environment variable ${variable} is not set; it must contain the Pega database URL (postgres://user@host:5432/database); source.url_env in pmap.yaml names the variable`);
    // Without --schema, the schemas that pmap.yaml maps are read under their mapped names, as the connector reads them.
    const selected = schemas.length > 0 ? schemas : Object.entries(config.source.schemas ?? {}).map(([name, schema]) => `${name}=${schema}`);
    return runDiscoverPega(directory, { connectionString, ...(selected.length > 0 ? { schemas: selected } : {}), ...(inventoryFrom !== undefined ? { inventoryFrom } : {}) });
  }
  const session = await connectOdoo(config.target, { sandbox });
  try {
    return await runDiscoverOdoo(directory, session.client);
  } finally {
    await session.close();
  }
}

class UsageError extends Error {}

/** Prints the overview for `pmap help`, or one command's help for `pmap help COMMAND`. */
function printHelp(names: string[]): number {
  if (names.length === 0) {
    process.stdout.write(renderOverview());
    return 0;
  }
  if (names.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(names[1])}; usage: pmap help COMMAND`);
  const help = findCommand(names[0]!);
  if (!help) throw new UsageError(`unknown command ${JSON.stringify(names[0])}`);
  process.stdout.write(renderCommandHelp(help));
  return 0;
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${option} must be a whole number, not ${JSON.stringify(text)}`);
  return value;
}

function concurrencyOption(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(text)}`);
  return value;
}

/** Shortens Node's argument-parser messages to what the user typed wrong. */
function usageMessage(error: Error): string {
  const code = (error as { code?: string }).code;
  const option = /'(-[^']+)'/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option} needs a value`;
  return error.message;
}

/** Errors whose message is meant for the user as it is: no stack trace. */
function isUserFacing(error: unknown): error is Error {
  return (
    error instanceof UserError ||
    error instanceof OdooConnectionError ||
    error instanceof OdooAuthenticationError ||
    error instanceof OdooFault ||
    error instanceof OdooOutcomeUnknownError ||
    error instanceof ReferenceDataError ||
    error instanceof CustomFieldConflictError ||
    error instanceof BixFormatError ||
    error instanceof BixCsvError ||
    error instanceof BixFileNotFoundError ||
    error instanceof PegaSourceError ||
    error instanceof StateLockedError ||
    error instanceof OwnersUnresolvedError ||
    error instanceof StateStoreError ||
    error instanceof PegaDxError ||
    error instanceof OwnersFileError
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`pmap: ${usageMessage(error as Error)}\nrun \`pmap --help\` for usage\n`);
      process.exitCode = 2;
    } else if (code === 'EADDRINUSE' || code === 'EACCES') {
      const address = (error as { address?: string; port?: number });
      const what = code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges pmap does not have';
      process.stderr.write(`pmap: port ${address.port ?? ''} on ${address.address ?? 'this host'} ${what}; choose another with --port (an Odoo on this machine usually uses 8069)\n`);
      process.exitCode = 1;
    } else if (isUserFacing(error)) {
      process.stderr.write(`pmap: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`pmap: internal error, this is a bug in pmap; please report it with the output below\n${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
