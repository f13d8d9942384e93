/**
 * The manifest of a BIX CSV extract: `manifest.csv` in the extract folder,
 * optional. It is a CSV file whose header names its columns, with one row
 * per data file. pmap reads these columns and ignores the others (such as
 * pxExtractIdentifier, pxExtractDateTime or pzCheckSum):
 *
 *   pxDestinationFile     the data file, relative to the folder (required)
 *   pxTotalInstanceCount  the rows the file holds; a read that ends with
 *                         another count fails
 *   encoding              the file's encoding, for example ISO-8859-1 (a
 *                         pmap column, not one BIX writes; it overrides
 *                         source.encoding for that file)
 *
 * NOTE: Pega documents that BIX writes a manifest and names its fields, but
 * no public manifest file shows its layout. This layout is pmap's reading of
 * those field names. An XML manifest is not read.
 */

import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { BixCsvDecoder, CsvEncodingProblem } from './bix-csv-decoder.js';
import { BixCsvError } from './bix-csv-errors.js';
import { CsvRowParser, CsvSyntaxProblem, type CsvRow } from './bix-csv-parser.js';

export const MANIFEST_FILE = 'manifest.csv';

export interface ManifestEntry {
  /** The file name as the manifest writes it. */
  readonly name: string;
  /** Line of the entry in the manifest. */
  readonly line: number;
  readonly instanceCount?: number;
  readonly encoding?: string;
}

export interface BixCsvManifest {
  readonly path: string;
  /** Entries keyed by the resolved path of their data file. */
  readonly entries: ReadonlyMap<string, ManifestEntry>;
}

const ADVICE_MANIFEST =
  `${MANIFEST_FILE} lists the data files of the extract, one row each, under a header row with at least the column pxDestinationFile`;

/**
 * Reads `manifest.csv` from `directory`, or returns undefined when there is
 * none. Throws a BixCsvError for a malformed manifest or one that names a
 * file the folder does not contain.
 */
export async function readManifest(directory: string, encoding: string): Promise<BixCsvManifest | undefined> {
  const path = join(directory, MANIFEST_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }

  const rows = parseManifestRows(path, bytes, encoding);
  const header = rows[0];
  if (header === undefined) {
    throw new BixCsvError(path, 1, 'the manifest is empty', ADVICE_MANIFEST);
  }

  const columns = header.fields.map((name) => name.trim());
  const fileColumn = columns.indexOf('pxDestinationFile');
  if (fileColumn === -1) {
    throw new BixCsvError(path, header.line, 'the manifest has no pxDestinationFile column', ADVICE_MANIFEST);
  }

  const entries = new Map<string, ManifestEntry>();
  for (const row of rows.slice(1)) {
    const entry = manifestEntry(path, columns, row);
    const file = resolve(directory, entry.name);
    const earlier = entries.get(file);
    if (earlier !== undefined) {
      throw new BixCsvError(path, row.line, `the file ${entry.name} is listed twice (also on line ${earlier.line})`, 'Remove one of the two rows');
    }
    await checkFileExists(path, directory, file, entry);
    entries.set(file, entry);
  }
  return { path, entries };
}

function parseManifestRows(path: string, bytes: Buffer, encoding: string): CsvRow[] {
  const parser = new CsvRowParser();
  try {
    const decoder = new BixCsvDecoder(encoding);
    const decoded = decoder.decode(bytes);
    const rest = decoder.end();
    parser.write(decoded.text + rest.text);
    const invalidByte = decoded.invalidByte ?? rest.invalidByte;
    if (invalidByte !== undefined) {
      const byte = invalidByte.toString(16).toUpperCase().padStart(2, '0');
      throw new BixCsvError(path, parser.line, `byte 0x${byte} is not valid ${encoding}`, 'Save the manifest in the encoding set by source.encoding (UTF-8 by default)');
    }
    parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxProblem || error instanceof CsvEncodingProblem) {
      const line = error instanceof CsvSyntaxProblem ? error.line : 1;
      throw new BixCsvError(path, line, error.message, ADVICE_MANIFEST);
    }
    throw error;
  }
  return parser.takeRows();
}

function manifestEntry(path: string, columns: readonly string[], row: CsvRow): ManifestEntry {
  if (row.fields.length !== columns.length) {
    throw new BixCsvError(path, row.line, `the row has ${row.fields.length} fields, but the header has ${columns.length}`, ADVICE_MANIFEST);
  }
  const value = (column: string): string | undefined => {
    const index = columns.indexOf(column);
    const text = index === -1 ? '' : row.fields[index]!.trim();
    return text === '' ? undefined : text;
  };

  const name = value('pxDestinationFile');
  if (name === undefined) {
    throw new BixCsvError(path, row.line, 'the row has no pxDestinationFile', ADVICE_MANIFEST);
  }

  const countText = value('pxTotalInstanceCount');
  if (countText !== undefined && !/^\d+$/.test(countText)) {
    throw new BixCsvError(path, row.line, `pxTotalInstanceCount "${countText}" is not a whole number`, 'Write the number of rows in the file, or leave the field empty');
  }

  const encoding = value('encoding');
  if (encoding !== undefined) {
    try {
      new BixCsvDecoder(encoding);
    } catch (error) {
      if (!(error instanceof CsvEncodingProblem)) throw error;
      throw new BixCsvError(path, row.line, error.message, 'Write UTF-8 or ISO-8859-1 in the encoding column, or leave it empty to use source.encoding');
    }
  }

  return {
    name,
    line: row.line,
    ...(countText === undefined ? {} : { instanceCount: Number(countText) }),
    ...(encoding === undefined ? {} : { encoding }),
  };
}

async function checkFileExists(path: string, directory: string, file: string, entry: ManifestEntry): Promise<void> {
  try {
    const found = await stat(file);
    if (found.isFile()) {
      return;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  throw new BixCsvError(
    path,
    entry.line,
    `the manifest names the file ${entry.name}, which is not in ${directory}`,
    'Copy the complete extract into the folder, or remove the row if the file is not part of this extract',
  );
}
