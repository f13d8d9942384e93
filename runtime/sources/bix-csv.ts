/**
 * Source connector for BIX CSV extracts: one CSV file per table, read as a
 * stream so memory stays flat whatever the file size.
 *
 *   pyID,pyStatusWork,pxCreateDateTime,pyDescription
 *   S-1001,Open,20231015T081500.000 GMT,"Refund for ""late"" delivery"
 *   S-1002,Resolved-Completed,20231016T093000.000 GMT,
 *
 * The header row names the properties (BIX lets the Extract rule rename
 * them). Each later row is one record with every header property. An empty
 * field is null, as an empty or nil element is in BIX XML, so the same spec
 * loads the same values from either format. Records come in file order,
 * which is key order for an extract sorted by key.
 *
 * The encoding is UTF-8 unless source.encoding or the manifest
 * (bix-csv-manifest.ts) names another. A UTF-8 byte order mark is skipped.
 *
 * NOTE: BIX writes page lists, page groups and value lists to child CSV
 * files; each can be read as a table of its own, but they are not joined
 * into their parent's records as `Page(1).Prop`. A header and footer
 * written with BIX's -x option are not recognised.
 */

import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

import { BixFileNotFoundError } from './bix-xml-errors.js';
import { readManifest, type BixCsvManifest } from './bix-csv-manifest.js';
import { BixCsvRecordReader, type CsvFileSettings, type EncodingOrigin } from './bix-csv-records.js';
import type { SourceConnector, SourceRecord, SourceTableRef } from './source.js';

export { BixCsvError } from './bix-csv-errors.js';
export { MANIFEST_FILE } from './bix-csv-manifest.js';

export interface BixCsvSourceOptions {
  /** Folder containing the extract files and, optionally, manifest.csv. */
  directory: string;
  /** File name per table, relative to `directory`; a table not listed reads `<table>.csv`. */
  files?: Record<string, string>;
  /** Encoding of the files the manifest does not give one for. Default UTF-8. */
  encoding?: string;
}

export class BixCsvSource implements SourceConnector {
  /** Open file streams and the path each one reads. */
  private readonly streams = new Map<ReadStream, string>();
  private manifest?: Promise<BixCsvManifest | undefined>;

  constructor(private readonly options: BixCsvSourceOptions) {}

  /** Returns the path of the file that `read` opens for a table. */
  filePath(table: SourceTableRef): string {
    const configured = this.options.files?.[table.table];
    return resolve(this.options.directory, configured ?? `${table.table}.csv`);
  }

  /**
   * Streams the records of one table. A problem in the file ends the read
   * with a BixCsvError after the records before it, so a consumer never gets
   * part of a bad row. The manifest, if any, is checked before the first read.
   */
  async *read(table: SourceTableRef): AsyncGenerator<SourceRecord> {
    this.manifest ??= readManifest(this.options.directory, this.options.encoding ?? 'utf-8');
    const manifest = await this.manifest;

    const file = this.filePath(table);
    const reader = new BixCsvRecordReader(this.fileSettings(file, table, manifest));
    const stream = await this.openStream(file, table);

    try {
      // Each chunk is parsed and its records handed out before the next chunk
      // is read, so a slow consumer holds back the file stream.
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const { records, failure } = reader.write(chunk);
        yield* records;
        if (failure !== undefined) throw failure;
      }
      const { records, failure } = reader.end();
      yield* records;
      if (failure !== undefined) throw failure;
    } finally {
      stream.destroy();
      this.streams.delete(stream);
    }
  }

  /** Closes the files still being read; a read in progress then fails instead of ending early. */
  async close(): Promise<void> {
    for (const [stream, file] of this.streams) {
      stream.destroy(new Error(`the BIX CSV source was closed while reading ${file}, so the table was read only in part`));
    }
    this.streams.clear();
  }

  private fileSettings(file: string, table: SourceTableRef, manifest: BixCsvManifest | undefined): CsvFileSettings {
    const entry = manifest?.entries.get(file);
    let encoding = 'utf-8';
    let encodingOrigin: EncodingOrigin = 'default';
    if (entry?.encoding !== undefined) {
      encoding = entry.encoding;
      encodingOrigin = 'manifest';
    } else if (this.options.encoding !== undefined) {
      encoding = this.options.encoding;
      encodingOrigin = 'pmap.yaml';
    }

    return {
      file,
      table,
      encoding,
      encodingOrigin,
      ...(entry?.instanceCount === undefined ? {} : { expectedRows: { count: entry.instanceCount, manifestLine: entry.line } }),
    };
  }

  private async openStream(file: string, table: SourceTableRef): Promise<ReadStream> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new BixFileNotFoundError(file, table.table, this.options.files?.[table.table] === undefined, 'csv');
      }
      throw error;
    }

    const stream = handle.createReadStream();
    this.streams.set(stream, file);
    return stream;
  }
}
