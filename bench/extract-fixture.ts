/**
 * Extraction benchmark: generates the fixture Pega database, writes its work
 * tables as BIX XML and CSV, and reads every work object from PostgreSQL and
 * from each extract, each in a process of its own (extract-worker.ts). The
 * case history table, the largest, is also read from PostgreSQL alone.
 *
 * The large fixture (1,000,000 work objects) runs by default, so each source
 * has a mark at 100,000 rows and one at 1,000,000. Generating it and writing
 * its extracts took about 3 minutes here. PMAP_BENCH_FIXTURE=medium runs the
 * medium one (50,000 work objects) instead.
 * The database is PMAP_BENCH_DATABASE_URL, by default the local server as
 * user postgres. The schemas pmap_bench_data, pmap_bench_rules and
 * pmap_bench_customerdata are replaced, then dropped at the end.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { PegaSchema } from '../runtime/schema-types.js';
import { writeFixtureSchemaJson } from '../test/fixtures/pega-db/fixture-schema-json.js';
import { generatePegaDatabase } from '../test/fixtures/pega-db/generate-pega-db.js';
import { writeBixExport } from '../test/fixtures/pega-db/write-bix.js';
import type { ExtractJob, ExtractMark, ExtractResult } from './extract-worker.js';
import { benchDatabaseUrl, dropSchemas } from './bench-database.js';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('./extract-worker.js', import.meta.url));
const WORK_TABLES = ['data.pc_acme_cs_work', 'data.pc_acme_cs_interaction_work', 'data.pc_work'];
// The largest table of every fixture size (over a million rows in the medium
// one), read from PostgreSQL only, to show that memory stays flat with volume.
const HISTORY_TABLE = 'data.pc_history_acme_cs_work';
const SCHEMA_PREFIX = 'pmap_bench_';

interface Result {
  readonly name: string;
  readonly value: string;
}

function describeMark(mark: ExtractMark | undefined): string {
  if (mark === undefined) return 'n/a (fewer rows)';
  return `${mark.rowsPerSecond.toLocaleString('en-US')} rows/s, peak RSS ${mark.peakRssMiB} MiB`;
}

async function runWorker(job: ExtractJob): Promise<ExtractResult> {
  const { stdout } = await run(process.execPath, [WORKER, JSON.stringify(job)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ExtractResult;
}

/** Runs the extraction benchmark and returns one BENCHMARKS.md row per source. */
export async function benchExtraction(): Promise<Result[]> {
  const size = process.env.PMAP_BENCH_FIXTURE === 'medium' ? 'medium' : 'large';
  const connectionString = benchDatabaseUrl();
  const directory = mkdtempSync(join(tmpdir(), 'pmap-bench-extract-'));

  let generated;
  try {
    generated = await generatePegaDatabase({ connectionString, size, schemaPrefix: SCHEMA_PREFIX, replace: true });
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    return [{ name: `extract the ${size} fixture`, value: `skipped: generating it failed (${(error as Error).message})` }];
  }

  try {
    const schemaPath = writeFixtureSchemaJson(directory, generated);
    const exported = await writeBixExport({ connectionString, generated, outputDirectory: join(directory, 'extract'), tables: WORK_TABLES });
    const workObjects = WORK_TABLES.reduce((sum, table) => sum + exported.rowCounts[table]!, 0);

    const jobs: Array<[string, ExtractJob]> = [
      ['PostgreSQL (keyset pages of 1,000 through COPY)', { kind: 'postgres', connectionString, schemaNames: { ...generated.schemaNames }, schemaPath, tables: WORK_TABLES }],
      ['BIX XML (UTF-8)', { kind: 'xml', directory: exported.directories['xml/utf-8']!, schemaPath, tables: WORK_TABLES }],
      ['BIX CSV (UTF-8)', { kind: 'csv', directory: exported.directories['csv/utf-8']!, schemaPath, tables: WORK_TABLES }],
    ];
    const results: Result[] = [];
    for (const [label, job] of jobs) {
      const result = await runWorker(job);
      const name = `extract the ${workObjects.toLocaleString('en-US')} work objects of the ${size} fixture from ${label}`;
      results.push({ name, value: `first 100,000: ${describeMark(result.first100k)}; all ${result.all.rows.toLocaleString('en-US')}: ${describeMark(result.all)}` });
    }

    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as PegaSchema;
    const historyColumns = Object.keys(schema.tables[HISTORY_TABLE]?.columns ?? {}).length;
    const history = await runWorker({ kind: 'postgres', connectionString, schemaNames: { ...generated.schemaNames }, schemaPath, tables: [HISTORY_TABLE] });
    results.push({
      name: `extract the ${history.all.rows.toLocaleString('en-US')} rows of ${HISTORY_TABLE} (${historyColumns} columns) of the ${size} fixture from PostgreSQL`,
      value: `first 100,000: ${describeMark(history.first100k)}; all ${history.all.rows.toLocaleString('en-US')}: ${describeMark(history.all)}`,
    });
    return results;
  } finally {
    await dropSchemas(connectionString, Object.values(generated.schemaNames));
    rmSync(directory, { recursive: true, force: true });
  }
}
