// Loads N generated partners (default 100,000) into a sandbox running in its
// own process, twice. pmap's apply goes through a BIX XML extract, a spec, a
// plan and upserts with external ids. A hand-written loop then sends the same
// values in create calls of the same size over one connection. The ratio of
// the two times is pmap's overhead. The CPU time of this process against wall
// time is pmap's (or the loop's) share of the work.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { canonicalJson } from '../compiler/canonical-json.js';
import { compileProject } from '../compiler/compile.js';
import { loadProject } from '../compiler/load-project.js';
import { applyPlan } from '../runtime/apply-plan.js';
import { discoverOdooSchema } from '../runtime/discover-odoo.js';
import { OdooClient } from '../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../runtime/sources/bix-xml.js';
import { SqliteStateStore } from '../runtime/state/sqlite-state-store.js';
import type { PegaSchema } from '../runtime/schema-types.js';
import { renderBixXml } from '../test/fixtures/bix-xml-writer.js';
import type { BenchmarkResult } from './compile-generated-specs.js';

const batchSize = 500;
const password = 'bench-partners';
// Countries the sandbox seeds.
const countries = ['US', 'DE', 'FR', 'GB', 'NL', 'CA'];
const sandboxScript = fileURLToPath(new URL('./sandbox-process.js', import.meta.url));

export interface SandboxProcess {
  readonly client: OdooClient;
  readonly url: string;
  readonly database: string;
  stop(): Promise<void>;
}

/** Starts a sandbox in a child process and logs in to it; `latencyMs` delays each model call there. */
export async function startSandboxProcess(latencyMs = 0): Promise<SandboxProcess> {
  // The child gets this process's Node flags, so `node --cpu-prof` profiles both sides.
  const env = { ...process.env, PMAP_BENCH_SANDBOX_PASSWORD: password, PMAP_BENCH_SANDBOX_LATENCY_MS: String(latencyMs) };
  const child = spawn(process.execPath, [...process.execArgv, sandboxScript], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await Promise.race([
    (async () => {
      for await (const first of createInterface({ input: child.stdout! })) return [first];
      return [undefined];
    })(),
    new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`the benchmark sandbox exited with code ${code} before it listened`)))),
  ]);
  const { url, database, login } = JSON.parse(line ?? '{}') as { url: string; database: string; login: string };
  const client = await OdooClient.connect({ url, database, login, password });
  return {
    client,
    url,
    database,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** Generates the source rows: a person per row, with a country code from a short list; a later `revision` changes every phone number. */
function* customers(count: number, revision = 0): Generator<Record<string, string>> {
  for (let index = 1; index <= count; index += 1) {
    yield {
      CustomerID: `C-${String(index).padStart(7, '0')}`,
      FirstName: `First${index}`,
      LastName: `Last${index % 9973}`,
      Email: `Person.${index}@Example.com `,
      Phone: `+1 555 ${String(index % 10_000).padStart(4, '0')}${revision > 0 ? ` ext ${revision}` : ''}`,
      City: `City ${index % 500}`,
      CountryCode: countries[index % countries.length]!,
    };
  }
}

/** The columns of the generated customer table. */
const columns = ['CustomerID', 'FirstName', 'LastName', 'Email', 'Phone', 'City', 'CountryCode'];

const spec = `object Customer
  from pega table customerdata.customer key CustomerID
  to odoo res.partner

  name       = join(" ", trim(FirstName), trim(LastName))
  email      = lower(trim(Email))
  phone      = trim(Phone)
  city       = trim(City)
  country_id = lookup(res.country, code: CountryCode)
  is_company = false
`;

/** Writes a project with the extract, the spec and both schemas into a temporary folder. */
async function writeProject(count: number, client: OdooClient): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'pmap-bench-partners-'));
  mkdirSync(join(directory, 'specs'));
  mkdirSync(join(directory, 'schemas'));
  mkdirSync(join(directory, 'extract'));
  writeFileSync(
    join(directory, 'pmap.yaml'),
    `source:\n  kind: bix\n  path: extract\ntarget:\n  url: http://127.0.0.1:8069\n  database: sandbox\n  login: admin\noptions:\n  batch_size: ${batchSize}\n`,
  );
  writeFileSync(join(directory, 'specs', 'customer.pmap'), spec);

  const text = (column: string) => ({ column: column.toLowerCase(), type: 'text' as const, nullable: column !== 'CustomerID', length: 128 });
  const pegaSchema: PegaSchema = {
    pegaSchema: 1,
    tables: { 'customerdata.customer': { className: 'PegaData-Customer', key: ['CustomerID'], columns: Object.fromEntries(columns.map((column) => [column, text(column)])) } },
  };
  writeFileSync(join(directory, 'schemas', 'pega.json'), canonicalJson(pegaSchema));
  writeFileSync(join(directory, 'schemas', 'odoo.json'), canonicalJson(await discoverOdooSchema(client, ['res.partner', 'res.country'])));
  writeExtract(directory, count);
  return directory;
}

function writeExtract(directory: string, count: number, revision = 0): void {
  writeFileSync(join(directory, 'extract', 'customerdata.customer.xml'), renderBixXml('PegaData-Customer', columns, customers(count, revision)));
}

interface Measurement {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

async function measure(work: () => Promise<void>): Promise<Measurement> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function runPmapApply(count: number): Promise<Measurement> {
  const sandbox = await startSandboxProcess();
  try {
    const directory = await writeProject(count, sandbox.client);
    const compiled = compileProject(loadProject(directory).inputs!);
    if (!compiled.plan) throw new Error(`the benchmark spec does not compile: ${compiled.diagnostics.map((diagnostic) => diagnostic.message).join('; ')}`);
    const plan = compiled.plan;
    const measurement = await measure(async () => {
      const source = new BixXmlSource({ directory: join(directory, 'extract') });
      const report = await applyPlan({ plan, client: sandbox.client, source, projectDirectory: directory });
      await source.close();
      const phase = report.phases[0]!;
      if (phase.created !== count) throw new Error(`pmap created ${phase.created} of ${count} partners (${phase.rejected} rejected): the benchmark measured a failing run`);
    });
    rmSync(directory, { recursive: true, force: true });
    return measurement;
  } finally {
    await sandbox.stop();
  }
}

/**
 * Applies `count` partners as `pmap apply` does, with a SQLite state that
 * journals every create, on `concurrency` connections. Then it changes every
 * phone number in the extract and applies again, which writes every record.
 */
async function runPmapApplyWithState(count: number, concurrency: number, latencyMs: number): Promise<{ create: Measurement; update: Measurement }> {
  const sandbox = await startSandboxProcess(latencyMs);
  try {
    const directory = await writeProject(count, sandbox.client);
    const plan = compileProject(loadProject(directory).inputs!).plan!;
    const store = SqliteStateStore.open(join(directory, '.pmap', 'state.db'));
    const apply = async (expected: 'created' | 'updated') => {
      const run = await store.beginRun({ kind: 'apply', planHash: 'bench', target: 'bench sandbox', user: 'bench' });
      const source = new BixXmlSource({ directory: join(directory, 'extract') });
      const report = await applyPlan({ plan, client: sandbox.client, source, projectDirectory: directory, state: { store, runId: run.id }, concurrency });
      await source.close();
      await store.finishRun(run.id, 'succeeded');
      const phase = report.phases[0]!;
      if (phase[expected] !== count) throw new Error(`pmap ${expected} ${phase[expected]} of ${count} partners (${phase.rejected} rejected): the benchmark measured a failing run`);
    };
    const create = await measure(() => apply('created'));
    writeExtract(directory, count, 1);
    const update = await measure(() => apply('updated'));
    await store.close();
    rmSync(directory, { recursive: true, force: true });
    return { create, update };
  } finally {
    await sandbox.stop();
  }
}

/**
 * Loads `count` partners and then changes all of them, with concurrency 1
 * and 4. The sandbox delays each call by 5 ms, as a network and a busy
 * server would. Returns the BENCHMARKS.md rows.
 */
export async function benchApplyConcurrency(count = 10_000): Promise<BenchmarkResult[]> {
  const latencyMs = 5;
  const label = count.toLocaleString('en-US');
  const serial = await runPmapApplyWithState(count, 1, latencyMs);
  const parallel = await runPmapApplyWithState(count, 4, latencyMs);
  const setting = `with a SQLite state, into a sandbox in its own process that delays each call by ${latencyMs} ms, batches of ${batchSize}`;
  return [
    { name: `create ${label} partners ${setting}, concurrency 1`, value: rate(count, serial.create) },
    { name: '… the same with concurrency 4', value: `${rate(count, parallel.create)}; ${(serial.create.seconds / parallel.create.seconds).toFixed(2)}× as fast` },
    { name: `change the phone of all ${label} partners, same setting, concurrency 1`, value: rate(count, serial.update) },
    { name: '… the same with concurrency 4', value: `${rate(count, parallel.update)}; ${(serial.update.seconds / parallel.update.seconds).toFixed(2)}× as fast` },
  ];
}

/**
 * Applies `count` partners with a SQLite state, then applies the same
 * unchanged extract again, and compares the two times. The second run
 * still reads, cleans and hashes every row; the state's hashes spare it
 * every Odoo call for the records themselves.
 */
export async function benchNoChangeRerun(count = 50_000): Promise<BenchmarkResult[]> {
  const sandbox = await startSandboxProcess();
  try {
    const directory = await writeProject(count, sandbox.client);
    const plan = compileProject(loadProject(directory).inputs!).plan!;
    const store = SqliteStateStore.open(join(directory, '.pmap', 'state.db'));
    const apply = async (expected: 'created' | 'unchanged') => {
      const run = await store.beginRun({ kind: 'apply', planHash: 'bench', target: 'bench sandbox', user: 'bench' });
      const source = new BixXmlSource({ directory: join(directory, 'extract') });
      const report = await applyPlan({ plan, client: sandbox.client, source, projectDirectory: directory, state: { store, runId: run.id } });
      await source.close();
      await store.finishRun(run.id, 'succeeded');
      const phase = report.phases[0]!;
      if (phase[expected] !== count) throw new Error(`pmap left ${phase[expected]} of ${count} partners ${expected} (${phase.rejected} rejected): the benchmark measured a failing run`);
    };
    const first = await measure(() => apply('created'));
    const again = await measure(() => apply('unchanged'));
    await store.close();
    rmSync(directory, { recursive: true, force: true });
    const label = count.toLocaleString('en-US');
    return [
      { name: `apply ${label} partners with a SQLite state into a sandbox in its own process, first run (batches of ${batchSize})`, value: rate(count, first) },
      { name: `… the same extract again, unchanged`, value: `${rate(count, again)}; ${((again.seconds / first.seconds) * 100).toFixed(0)}% of the first run` },
    ];
  } finally {
    await sandbox.stop();
  }
}

async function runCreateLoop(count: number): Promise<Measurement> {
  const sandbox = await startSandboxProcess();
  try {
    const countryIds = new Map((await sandbox.client.searchRead('res.country', [['code', 'in', countries]], ['code'])).map((row) => [String(row.code), row.id]));
    // The values pmap computes, prepared before timing starts: the loop measures the calls alone.
    const values = [...customers(count)].map((row) => ({
      name: `${row.FirstName} ${row.LastName!.trim()}`,
      email: row.Email!.trim().toLowerCase(),
      phone: row.Phone,
      city: row.City,
      country_id: countryIds.get(row.CountryCode!),
      is_company: false,
    }));
    return await measure(async () => {
      for (let start = 0; start < values.length; start += batchSize) await sandbox.client.create('res.partner', values.slice(start, start + batchSize));
    });
  } finally {
    await sandbox.stop();
  }
}

function rate(count: number, measurement: Measurement): string {
  const share = (measurement.cpuSeconds / measurement.seconds) * 100;
  return `${measurement.seconds.toFixed(1)} s (${Math.round(count / measurement.seconds).toLocaleString('en-US')} rows/s), client CPU ${measurement.cpuSeconds.toFixed(1)} s = ${share.toFixed(0)}% of wall time`;
}

/** Runs both loads and returns the BENCHMARKS.md rows. */
export async function benchApplyPartners(count = 100_000): Promise<BenchmarkResult[]> {
  const pmap = await runPmapApply(count);
  const loop = await runCreateLoop(count);
  const label = count.toLocaleString('en-US');
  return [
    { name: `apply ${label} partners from a BIX XML extract into a sandbox in its own process (batches of ${batchSize}, one connection)`, value: rate(count, pmap) },
    { name: `… the same values as a hand-written loop of res.partner create calls (same batches, one connection)`, value: rate(count, loop) },
    { name: `… pmap's time over the loop's`, value: `${(pmap.seconds / loop.seconds).toFixed(2)}×` },
    ...(await benchApplyConcurrency()),
    ...(await benchNoChangeRerun()),
  ];
}

// `node dist/bench/apply-partners.js [count]` runs this benchmark alone and prints its rows;
// `node dist/bench/apply-partners.js concurrency [count]` runs only the concurrency comparison;
// `node dist/bench/apply-partners.js rerun [count]` runs only the no-change re-run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'rerun') {
    for (const result of await benchNoChangeRerun(Number(process.argv[3] ?? '50000'))) process.stdout.write(`${result.name}: ${result.value}\n`);
    process.exit(0);
  }
  const onlyConcurrency = process.argv[2] === 'concurrency';
  const countText = process.argv[onlyConcurrency ? 3 : 2];
  const count = Number(countText ?? (onlyConcurrency ? '10000' : '100000'));
  if (!Number.isInteger(count) || count <= 0) throw new Error(`the partner count must be a positive integer, not ${countText}`);
  const results = onlyConcurrency ? await benchApplyConcurrency(count) : await benchApplyPartners(count);
  for (const result of results) process.stdout.write(`${result.name}: ${result.value}\n`);
}
