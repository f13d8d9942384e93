import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compileProject } from '../compiler/compile.js';
import { loadProject } from '../compiler/load-project.js';
import { applyPlan } from '../runtime/apply-plan.js';
import { OdooClient } from '../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../runtime/sources/bix-xml.js';
import { SqliteStateStore } from '../runtime/state/sqlite-state-store.js';
import { startSandbox } from '../sandbox/server.js';
import { benchApplyPartners } from './apply-partners.js';
import { benchCompileGeneratedSpecs } from './compile-generated-specs.js';
import { benchExtraction } from './extract-fixture.js';
import { describeMachine } from './machine.js';
import { benchStandardSpecsRerun } from './rerun-standard-specs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const demo = join(root, 'examples', 'demo');

interface Result {
  readonly name: string;
  readonly value: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function benchCompile(): Result {
  const loaded = loadProject(demo);
  const times: number[] = [];
  for (let run = 0; run < 200; run += 1) {
    const start = performance.now();
    compileProject(loaded.inputs!);
    times.push(performance.now() - start);
  }
  return { name: 'compile the demo specs (3 objects), median of 200', value: `${median(times).toFixed(2)} ms` };
}

async function benchBixRead(): Promise<Result> {
  const source = new BixXmlSource({ directory: join(demo, 'extract') });
  const start = performance.now();
  let rows = 0;
  for (let run = 0; run < 20; run += 1) {
    for await (const _record of source.read({ table: 'data.pc_acme_cs_work', key: ['pyID'] })) rows += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  await source.close();
  return { name: 'read the demo case extract (500 rows, 20 passes)', value: `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s` };
}

async function benchApply(): Promise<Result[]> {
  const sandbox = await startSandbox({ password: 'bench' });
  try {
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'bench' });
    const plan = compileProject(loadProject(demo).inputs!).plan!;
    const projectDirectory = join(root, '.pmap', 'bench');
    // The demo's case owners resolve through its owners.yaml, which the bench folder needs too.
    mkdirSync(projectDirectory, { recursive: true });
    cpSync(join(demo, 'owners.yaml'), join(projectDirectory, 'owners.yaml'));
    // A fresh state file, as a project's first apply has; the second run finds every hash in it.
    rmSync(join(projectDirectory, 'state.db'), { force: true });
    const store = SqliteStateStore.open(join(projectDirectory, 'state.db'));
    const run = async () => {
      const source = new BixXmlSource({ directory: join(demo, 'extract') });
      const { id: runId } = await store.beginRun({ kind: 'apply', planHash: 'bench', target: sandbox.url, user: 'bench' });
      const start = performance.now();
      await applyPlan({ plan, client, source, projectDirectory, state: { store, runId } });
      const seconds = (performance.now() - start) / 1000;
      await store.finishRun(runId, 'succeeded');
      await source.close();
      return seconds;
    };
    const first = await run();
    const second = await run();
    await store.close();
    return [
      { name: 'apply the demo into the in-process sandbox (740 source rows), first run, with the state store', value: `${first.toFixed(2)} s (${Math.round(740 / first)} rows/s)` },
      { name: 'apply the demo again with no source change (state hashes skip every record)', value: `${second.toFixed(2)} s (${((second / first) * 100).toFixed(0)}% of the first run)` },
    ];
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const results = [benchCompile(), ...benchCompileGeneratedSpecs(), await benchBixRead(), ...(await benchExtraction()), ...(await benchApply()), ...(await benchApplyPartners()), ...(await benchStandardSpecsRerun())];
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (which runs `node dist/bench/run.js` after `npm install` has built pmap).',
    'Numbers are one run on one machine; rerun on yours before relying on them.',
    '',
    `Machine: ${describeMachine()}`,
    `Date: ${date}`,
    '',
    '| benchmark | result |',
    '| --- | --- |',
    ...results.map((result) => `| ${result.name} | ${result.value} |`),
    '',
    'The generated specs come from `bench/generate-specs.ts` with a fixed seed: each',
    'object reads its own Pega table into its own Odoo model and uses every expression',
    'kind (columns, literals, nested library calls, value maps into selections and',
    'records, lookups of one record and of a list, refs to earlier objects, if, case,',
    'comparisons and logic). The parse, check and serialisation rows are medians of',
    'their own, so they need not add up to the total exactly.',
    '',
    'The extraction rows generate the large fixture Pega database (1,000,000 work',
    'objects; `PMAP_BENCH_FIXTURE=medium` takes the medium one) in the PostgreSQL at',
    '`PMAP_BENCH_DATABASE_URL` (default: the local server), write its work tables as',
    'BIX files, and read them in a fresh Node.js process per source, marking rows/s',
    'and peak RSS after the first 100,000 rows and after all of them. Peak RSS is that',
    'process\'s resident memory, sampled every 1,000 rows. The case history row reads',
    'the fixture\'s largest table from PostgreSQL alone, to show that memory does not',
    'grow with the number of rows.',
    '',
    'The sandbox runs in the same process as pmap, so apply figures include the',
    'sandbox\'s own work and say nothing about a real Odoo, whose server time',
    'dominates a real migration.',
    '',
    'The partner rows (`bench/apply-partners.ts`; `node dist/bench/apply-partners.js 10000`',
    'runs them alone at another size) run the sandbox in a process of its own, so the',
    'client CPU is pmap\'s alone. pmap sends three calls per batch where the loop sends',
    'one: a search for existing external ids, the create, and the create of the',
    'external ids in ir.model.data.',
    '',
    'The standard-specs rows (`bench/rerun-standard-specs.ts`; `node',
    'dist/bench/rerun-standard-specs.js` runs them alone) are a whole migration as a',
    'user runs it: `pmap init`, the medium fixture in PostgreSQL as the source,',
    '`discover`, `users --provision`, then `pmap apply` twice in new processes',
    'against a sandbox in a process of its own. Each time includes process start-up,',
    'the owner resolution, which reads the tables of the objects that name',
    'operators, and the reconciliation counts.',
    '',
  ];
  writeFileSync(join(root, 'BENCHMARKS.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}`);
}

await main();
