/**
 * `npm run demo:postgres`: the demo migration read from a Pega database,
 * with no PostgreSQL server installed.
 *
 * 1. Starts PGlite, an in-process PostgreSQL, behind a socket on 127.0.0.1.
 * 2. Loads the demo's Pega tables into it as Pega stores them (schemas `data`
 *    and `customerdata`, Pega's column types), from the demo's BIX extract.
 * 3. Assembles a project in a temporary folder: this folder's pmap.yaml
 *    (`source: kind: postgres`) with the specs, schemas and owners.yaml of
 *    examples/demo.
 * 4. Runs `pmap apply <project> --sandbox` in a child process, which reads
 *    the tables through pmap's PostgreSQL source and loads them into an
 *    in-process Odoo sandbox.
 */

import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import type { PegaSchema } from '../../runtime/schema-types.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import type { SourceRecord } from '../../runtime/sources/source.js';
import { loadDatasetIntoPostgres } from './load-pega-tables.js';
import { startPgliteServer } from './pglite-server.js';

/** The environment variable that examples/demo-postgres/pmap.yaml names in `source.url_env`. */
const URL_VARIABLE = 'PMAP_PEGA_DATABASE_URL';

const repository = findRepository(fileURLToPath(new URL('.', import.meta.url)));
const bixDemo = join(repository, 'examples', 'demo');
const postgresDemo = join(repository, 'examples', 'demo-postgres');
const pmapBinary = join(repository, 'dist', 'cli', 'main.js');

export interface PostgresDemoOptions {
  /** Destination of the output of `pmap apply`: the terminal (`inherit`), or the result (`collect`). */
  readonly output: 'inherit' | 'collect';
}

export interface PostgresDemoResult {
  /** Exit code of `pmap apply`. */
  readonly exitCode: number | null;
  /** Output of `pmap apply`, when it was collected. */
  readonly stdout: string;
  readonly stderr: string;
  /** The reconciliation report `pmap apply` wrote to .pmap/reports/last-apply.json, if it got that far. */
  readonly report: ApplyReport | undefined;
}

/** Runs the whole demo and removes its temporary project and database afterwards. */
export async function runPostgresDemo(options: PostgresDemoOptions): Promise<PostgresDemoResult> {
  const database = await startPgliteServer();
  const project = mkdtempSync(join(tmpdir(), 'pmap-demo-postgres-'));
  try {
    assembleProject(project);
    const rowCounts = await loadDemoTables(database.connectionString, tableKeys(project));
    if (options.output === 'inherit') {
      const counts = Object.entries(rowCounts).map(([table, count]) => `${table} (${count} rows)`).join(', ');
      process.stdout.write(`loaded ${counts} into PGlite at ${database.connectionString}\n`);
    }

    return await runPmapApply(project, database.connectionString, options);
  } finally {
    rmSync(project, { recursive: true, force: true });
    await database.stop();
    if (options.output === 'inherit') {
      process.stdout.write('The temporary project (with the report and reject files named above), the PGlite database and the sandbox are removed now.\n');
    }
  }
}

/**
 * Returns the key of each table an object reads, from the specs' `from pega
 * table ... key ...` lines. The loader makes it the primary key. A table
 * without a spec, such as the operators, gets its first column.
 */
function tableKeys(project: string): Record<string, readonly string[]> {
  const loaded = loadProject(project);
  const plan = loaded.inputs ? compileProject(loaded.inputs).plan : undefined;
  if (plan === undefined) {
    throw new Error(`the demo project assembled in ${project} does not compile; run \`pmap check examples/demo\` to see why`);
  }
  return Object.fromEntries(plan.phases.map((phase) => [phase.source.table, phase.source.key]));
}

/** Reads every table of the demo's schemas/pega.json from its BIX extract and loads it into PostgreSQL. */
async function loadDemoTables(connectionString: string, keys: Readonly<Record<string, readonly string[]>>): Promise<Readonly<Record<string, number>>> {
  const schema = JSON.parse(readFileSync(join(bixDemo, 'schemas', 'pega.json'), 'utf8')) as PegaSchema;
  const extract = new BixXmlSource({ directory: join(bixDemo, 'extract') });
  const tables: Record<string, SourceRecord[]> = {};
  try {
    for (const [table, definition] of Object.entries(schema.tables)) {
      const key = keys[table] ?? Object.keys(definition.columns).slice(0, 1);
      const rows: SourceRecord[] = [];
      for await (const record of extract.read({ table, className: definition.className, key })) rows.push(record);
      tables[table] = rows;
    }
  } finally {
    await extract.close();
  }

  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const loaded = await loadDatasetIntoPostgres(client, { schema, tables }, { keys });
    return loaded.rowCounts;
  } finally {
    await client.end();
  }
}

/** Copies the BIX demo's specs, schemas and owner pairs next to the PostgreSQL demo's pmap.yaml. */
function assembleProject(directory: string): void {
  copyFileSync(join(postgresDemo, 'pmap.yaml'), join(directory, 'pmap.yaml'));
  copyFileSync(join(bixDemo, 'owners.yaml'), join(directory, 'owners.yaml'));
  cpSync(join(bixDemo, 'specs'), join(directory, 'specs'), { recursive: true });
  cpSync(join(bixDemo, 'schemas'), join(directory, 'schemas'), { recursive: true });
}

function runPmapApply(project: string, connectionString: string, options: PostgresDemoOptions): Promise<PostgresDemoResult> {
  const environment = { ...process.env, [URL_VARIABLE]: connectionString };
  const child = spawn(process.execPath, [pmapBinary, 'apply', project, '--sandbox'], {
    env: environment,
    stdio: options.output === 'inherit' ? 'inherit' : 'pipe',
  });

  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr, report: readReport(project) }));
  });
}

/**
 * Returns the folder of pmap's package.json above `start`. This file runs
 * compiled from dist/examples/demo-postgres/ and, in tests, from its source folder.
 */
function findRepository(start: string): string {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    if (dirname(directory) === directory) throw new Error(`no package.json above ${start}; run the demo from the pmap repository`);
  }
}

function readReport(project: string): ApplyReport | undefined {
  try {
    return JSON.parse(readFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), 'utf8')) as ApplyReport;
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runPostgresDemo({ output: 'inherit' });
  process.exitCode = result.exitCode ?? 1;
}
