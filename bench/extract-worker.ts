/**
 * Reads the work tables of a generated fixture from one source and prints
 * rows/s and peak RSS after the first 100,000 rows and after all rows, as
 * JSON on stdout. It runs in a process of its own, so the peak RSS is this
 * source's alone. extract-fixture.ts starts it:
 *
 *   node dist/bench/extract-worker.js '{"kind":"xml","directory":"...","tables":[...]}'
 */

import { readFileSync } from 'node:fs';

import type { PegaSchema } from '../runtime/schema-types.js';
import { BixCsvSource } from '../runtime/sources/bix-csv.js';
import { BixXmlSource } from '../runtime/sources/bix-xml.js';
import { PegaPostgresSource } from '../runtime/sources/pega-postgres.js';
import type { SourceConnector } from '../runtime/sources/source.js';

export interface ExtractJob {
  readonly kind: 'postgres' | 'xml' | 'csv';
  /** Extract folder (xml, csv). */
  readonly directory?: string;
  /** Connection URL and schema names (postgres). */
  readonly connectionString?: string;
  readonly schemaNames?: Record<string, string>;
  /** Path of schemas/pega.json of the fixture, for table keys and (postgres) columns. */
  readonly schemaPath: string;
  readonly tables: readonly string[];
}

export interface ExtractMark {
  readonly rows: number;
  readonly rowsPerSecond: number;
  readonly peakRssMiB: number;
}

export interface ExtractResult {
  /** Undefined when the tables have fewer than 100,000 rows. */
  readonly first100k?: ExtractMark;
  readonly all: ExtractMark;
}

const MARK_ROWS = 100_000;
const RSS_SAMPLE_EVERY = 1000;

function openJobSource(job: ExtractJob, schema: PegaSchema): SourceConnector {
  switch (job.kind) {
    case 'postgres':
      return new PegaPostgresSource({ connectionString: job.connectionString!, schema, ...(job.schemaNames ? { schemaNames: job.schemaNames } : {}) });
    case 'xml':
      return new BixXmlSource({ directory: job.directory! });
    case 'csv':
      return new BixCsvSource({ directory: job.directory! });
  }
}

async function runJob(job: ExtractJob): Promise<ExtractResult> {
  const schema = JSON.parse(readFileSync(job.schemaPath, 'utf8')) as PegaSchema;
  const source = openJobSource(job, schema);
  const started = performance.now();
  let rows = 0;
  let peakRss = process.memoryUsage.rss();
  let first100k: ExtractMark | undefined;

  const mark = (): ExtractMark => ({
    rows,
    rowsPerSecond: Math.round(rows / ((performance.now() - started) / 1000)),
    peakRssMiB: Math.round(peakRss / 1024 / 1024),
  });

  try {
    for (const table of job.tables) {
      const definition = schema.tables[table]!;
      for await (const _record of source.read({ table, className: definition.className, key: definition.key ?? [] })) {
        rows += 1;
        if (rows % RSS_SAMPLE_EVERY === 0) {
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
        }
        if (rows === MARK_ROWS) {
          first100k = mark();
        }
      }
    }
  } finally {
    await source.close();
  }

  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return { ...(first100k ? { first100k } : {}), all: mark() };
}

const job = JSON.parse(process.argv[2] ?? '{}') as ExtractJob;
process.stdout.write(`${JSON.stringify(await runJob(job))}\n`);
