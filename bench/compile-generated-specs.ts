import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compileProject, serializePlan } from '../compiler/compile.js';
import type { ProjectInputs } from '../compiler/load-project.js';
import { renderDiagnosticsText } from '../compiler/render-diagnostics.js';
import { parseSpec } from '../grammar/parse-spec.js';
import { generateSpecProject } from './generate-specs.js';

/** One row of the BENCHMARKS.md table. */
export interface BenchmarkResult {
  readonly name: string;
  readonly value: string;
}

const objects = 200;
const fieldsPerObject = 40;
const seed = 20_240_601;
const repetitions = 10;
const cliRepetitions = 5;
const goalMilliseconds = 1000;

interface Timing {
  readonly parse: number;
  readonly compile: number;
  readonly serialize: number;
  /** CPU time of compileProject + serializePlan, all threads of the process (the garbage collector's too). */
  readonly cpu: number;
  readonly planBytes: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function milliseconds(value: number): string {
  return `${value.toFixed(0)} ms`;
}

/** Times one pass: parseSpec over every file, then compileProject (which parses again), then serializePlan. */
function measureOnce(inputs: ProjectInputs): Timing {
  const parseStart = performance.now();
  for (const spec of inputs.specs) parseSpec(spec.path, spec.text);
  const compileStart = performance.now();
  const cpuStart = process.cpuUsage();
  const result = compileProject(inputs);
  const serializeStart = performance.now();
  if (!result.plan) {
    const sources = new Map(inputs.specs.map((spec) => [spec.path, spec.text]));
    const report = renderDiagnosticsText(result.diagnostics.slice(0, 5), { sources, displayPath: (file) => file });
    throw new Error(`the generated specs do not compile, so the benchmark would measure an early exit:\n${report}`);
  }
  const json = serializePlan(result.plan);
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  return {
    parse: compileStart - parseStart,
    compile: serializeStart - compileStart,
    serialize: end - serializeStart,
    cpu: (cpu.user + cpu.system) / 1000,
    planBytes: Buffer.byteLength(json),
  };
}

/** Writes the generated project as `pmap` reads it from disk. */
function writeProject(directory: string, inputs: ProjectInputs): void {
  mkdirSync(join(directory, 'specs'), { recursive: true });
  mkdirSync(join(directory, 'schemas'));
  const config = inputs.config;
  writeFileSync(
    join(directory, 'pmap.yaml'),
    [
      'source:',
      `  kind: ${config.source.kind}`,
      `  path: ${config.source.path ?? 'extract'}`,
      'target:',
      `  url: ${config.target.url}`,
      `  database: ${config.target.database}`,
      `  login: ${config.target.login}`,
      '',
    ].join('\n'),
  );
  for (const spec of inputs.specs) writeFileSync(join(directory, spec.path), spec.text);
  writeFileSync(join(directory, 'schemas', 'pega.json'), JSON.stringify(inputs.pegaSchema, null, 2));
  writeFileSync(join(directory, 'schemas', 'odoo.json'), JSON.stringify(inputs.odooSchema, null, 2));
}

/** Runs `pmap plan --offline --out` in new Node.js processes and returns the median wall time. */
function measureCli(inputs: ProjectInputs): number {
  const directory = mkdtempSync(join(tmpdir(), 'pmap-bench-'));
  try {
    writeProject(directory, inputs);
    const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
    const times: number[] = [];
    for (let run = 0; run < cliRepetitions; run += 1) {
      const start = performance.now();
      const child = spawnSync(process.execPath, [main, 'plan', directory, '--offline', '--out', join(directory, 'plan.json')], { encoding: 'utf8' });
      times.push(performance.now() - start);
      if (child.status !== 0) throw new Error(`pmap plan failed on the generated project (exit ${child.status}):\n${child.stderr}`);
    }
    return median(times);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Compiles a generated project of 200 specs with 40 fields each and splits
 * the time into parse, check with plan building, and serialisation. The
 * first pass warms up the JIT and is not counted. The fresh-process figure
 * shows what a user waits for.
 */
export function benchCompileGeneratedSpecs(): BenchmarkResult[] {
  const inputs = generateSpecProject({ objects, fieldsPerObject, seed });
  const specBytes = inputs.specs.reduce((total, spec) => total + Buffer.byteLength(spec.text), 0);
  measureOnce(inputs);
  const timings = Array.from({ length: repetitions }, () => measureOnce(inputs));

  const totals = timings.map((timing) => timing.compile + timing.serialize);
  const total = median(totals);
  const cpu = median(timings.map((timing) => timing.cpu));
  const parse = median(timings.map((timing) => timing.parse));
  const compile = median(timings.map((timing) => timing.compile));
  const serialize = median(timings.map((timing) => timing.serialize));
  const planMegabytes = (timings[0]!.planBytes / 1024 ** 2).toFixed(1);
  const cli = measureCli(inputs);
  const verdict = (value: number) => (value < goalMilliseconds ? 'under the 1 s goal' : 'over the 1 s goal');

  const project = `${objects} generated specs of ${fieldsPerObject} fields (${(specBytes / 1024).toFixed(0)} KiB of spec text)`;
  return [
    {
      name: `check and compile ${project}: compileProject + serializePlan in process, median of ${repetitions} after one warm-up pass`,
      value: `${milliseconds(total)} wall, ${milliseconds(cpu)} CPU (${verdict(total)}; wall min ${milliseconds(Math.min(...totals))}, max ${milliseconds(Math.max(...totals))})`,
    },
    { name: '… of which parse: parseSpec over every file, timed on its own (lexer, parser, syntax tree)', value: milliseconds(parse) },
    {
      name: '… of which check and plan building: compileProject minus the parse above (name resolution, type checking, load order, plan objects, schema fingerprints)',
      value: milliseconds(Math.max(0, compile - parse)),
    },
    { name: `… of which serialisation: serializePlan (canonical JSON, ${planMegabytes} MiB)`, value: milliseconds(serialize) },
    {
      name: `\`pmap plan --out\` on the same project written to disk, new Node.js process each run (start-up, module loading, file reads, compile, write), median of ${cliRepetitions}`,
      value: `${milliseconds(cli)} (${verdict(cli)})`,
    },
  ];
}
