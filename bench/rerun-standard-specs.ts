// A no-change re-run of a whole migration. `pmap init` writes the standard
// specs, the source is the medium fixture Pega database (50,000 work
// objects, 10,000 customer profiles, over a million case history rows), and
// the target is a sandbox in its own process. `pmap apply` runs twice, each
// in a new Node.js process as a user would start it. The second run finds
// every record hash in the state and writes nothing. The ratio of the two wall
// times is what a re-run costs.
//
//   node dist/bench/rerun-standard-specs.js
//
// The database is PMAP_BENCH_DATABASE_URL, by default the local server as
// user postgres. The schemas pmap_rerun_data, pmap_rerun_rules and
// pmap_rerun_customerdata are replaced, then dropped at the end.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { generatePegaDatabase } from '../test/fixtures/pega-db/generate-pega-db.js';
import { startSandboxProcess } from './apply-partners.js';
import type { BenchmarkResult } from './compile-generated-specs.js';
import { benchDatabaseUrl, dropSchemas } from './bench-database.js';

const SCHEMA_PREFIX = 'pmap_rerun_';
const PASSWORD = 'bench-partners';
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

interface CliRun {
  readonly seconds: number;
  readonly stdout: string;
}

/** Runs the pmap CLI in a new process and fails with its output when it exits with an error. */
function pmap(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, stdout });
      else reject(new Error(`pmap ${args.join(' ')} exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** Loads the medium fixture with the standard specs, then applies it again unchanged. */
export async function benchStandardSpecsRerun(): Promise<BenchmarkResult[]> {
  const connectionString = benchDatabaseUrl();
  // PMAP_BENCH_RERUN_FIXTURE=small gives a quick check of the steps.
  const size = process.env.PMAP_BENCH_RERUN_FIXTURE === 'small' ? 'small' : 'medium';
  const generated = await generatePegaDatabase({ connectionString, size, schemaPrefix: SCHEMA_PREFIX, replace: true });
  const workspace = mkdtempSync(join(tmpdir(), 'pmap-bench-rerun-'));
  const sandbox = await startSandboxProcess();
  try {
    const project = join(workspace, 'migration');
    const env = { PMAP_PEGA_DATABASE_URL: connectionString, PMAP_ODOO_PASSWORD: PASSWORD };
    await pmap(['init', project], env);

    // Point the project at the prefixed schemas and at the sandbox process.
    const schemas = Object.entries(generated.schemaNames).map(([name, actual]) => `    ${name}: ${actual}`).join('\n');
    const config = readFileSync(join(project, 'pmap.yaml'), 'utf8')
      .replace('  url_env: PMAP_PEGA_DATABASE_URL\n', `  url_env: PMAP_PEGA_DATABASE_URL\n  schemas:\n${schemas}\n`)
      .replace('  url: http://127.0.0.1:8069\n  database: odoo\n', `  url: ${sandbox.url}\n  database: ${sandbox.database}\n`);
    if (!config.includes('  schemas:\n') || !config.includes(sandbox.url)) throw new Error(`the benchmark could not point pmap.yaml at its schemas and sandbox:\n${config}`);
    writeFileSync(join(project, 'pmap.yaml'), config);

    await pmap(['discover', 'pega', project], env);
    await pmap(['discover', 'odoo', project], env);
    await pmap(['users', project, '--provision'], env);

    const first = await pmap(['apply', project, '--auto-approve'], env);
    const second = await pmap(['apply', project, '--auto-approve'], env);
    if (!second.stdout.includes('No changes:')) throw new Error(`the second apply changed records:\n${second.stdout}`);
    if (process.env.PMAP_BENCH_KEEP === '1') await keepForProfiling(project, env);

    const rows = Object.values(JSON.parse(readFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), 'utf8')).phases as Array<{ sourceRows: number }>).reduce((sum, phase) => sum + phase.sourceRows, 0);
    const label = rows.toLocaleString('en-US');
    return [
      { name: `\`pmap apply\` of the standard specs on the ${size} fixture (PostgreSQL source, ${label} source rows over all objects) into a sandbox in its own process, first run`, value: `${first.seconds.toFixed(1)} s (${Math.round(rows / first.seconds).toLocaleString('en-US')} rows/s)` },
      { name: '… the same again with no source change (every record hash found in the state; "no changes")', value: `${second.seconds.toFixed(1)} s, ${((second.seconds / first.seconds) * 100).toFixed(1)}% of the first run` },
    ];
  } finally {
    await sandbox.stop();
    rmSync(workspace, { recursive: true, force: true });
    await dropSchemas(connectionString, Object.values(generated.schemaNames));
  }
}

/**
 * Waits for SIGINT or SIGTERM with the project, database and sandbox kept,
 * so a developer can run and profile more applies against them.
 */
async function keepForProfiling(project: string, env: Record<string, string>): Promise<void> {
  process.stderr.write(`PMAP_BENCH_KEEP=1: kept ${project}; run for example\n  PMAP_PEGA_DATABASE_URL=${env.PMAP_PEGA_DATABASE_URL} PMAP_ODOO_PASSWORD=${PASSWORD} node --cpu-prof ${CLI} apply ${project} --auto-approve\nthen stop this process (Ctrl-C) to clean up.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await benchStandardSpecsRerun()) process.stdout.write(`${result.name}: ${result.value}\n`);
}
