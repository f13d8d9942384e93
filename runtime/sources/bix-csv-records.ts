import { BixCsvDecoder, CsvEncodingProblem } from './bix-csv-decoder.js';
import { BixCsvError } from './bix-csv-errors.js';
import { MANIFEST_FILE } from './bix-csv-manifest.js';
import { CsvRowParser, CsvSyntaxProblem, type CsvRow } from './bix-csv-parser.js';
import type { SourceRecord, SourceTableRef, SourceValue } from './source.js';
import type { DecodedText } from './text-decoding.js';

/** Where a file's encoding was set, so an encoding error names the setting to change. */
export type EncodingOrigin = 'default' | 'pmap.yaml' | 'manifest';

export interface CsvFileSettings {
  readonly file: string;
  readonly table: SourceTableRef;
  readonly encoding: string;
  readonly encodingOrigin: EncodingOrigin;
  /** Row count from the manifest, checked when the file has been read to the end. */
  readonly expectedRows?: { readonly count: number; readonly manifestLine: number };
}

const ADVICE_REEXTRACT = 'Re-run the BIX extract, and check that nothing edited or converted the file afterwards';
const ADVICE_QUOTING =
  'A field that contains a comma, a quote or a line break must be in double quotes, with each quote inside it doubled (""). ' +
  ADVICE_REEXTRACT;
const ADVICE_INCOMPLETE = 'The file is cut short, or a quote inside a field is not doubled; check that the file was copied completely, or re-run the BIX extract';
const ADVICE_HEADER = 'A BIX CSV extract starts with a header row that names the property of each column';

/**
 * Turns the bytes of one BIX CSV file, given in chunks, into records: the
 * header row names the properties, each later row is one instance, and an
 * empty field (quoted or not) is null. Values are kept as written, so Pega's
 * DateTime text (`20201016T032300.000 GMT`) passes through unchanged.
 * Every problem raises a BixCsvError naming the file and line.
 */
export class BixCsvRecordReader {
  private readonly decoder: BixCsvDecoder;
  private readonly parser = new CsvRowParser();
  private readonly records: SourceRecord[] = [];
  private header?: readonly string[];
  private keyPositions: readonly number[] = [];
  private rowCount = 0;

  constructor(private readonly settings: CsvFileSettings) {
    try {
      this.decoder = new BixCsvDecoder(settings.encoding);
    } catch (error) {
      if (!(error instanceof CsvEncodingProblem)) throw error;
      throw this.error(1, error.message, this.encodingAdvice('UTF-8 or ISO-8859-1'));
    }
  }

  /**
   * Parses the next chunk and returns the records it completed. When the
   * chunk contains an error, `failure` is set and `records` contains the records
   * completed before it, so the caller can hand those out first.
   */
  write(chunk: Uint8Array): { records: SourceRecord[]; failure?: Error } {
    return this.step(() => {
      this.parse(this.decode(() => this.decoder.decode(chunk)));
    });
  }

  /** Finishes the file: parses what is left and checks the row count against the manifest. */
  end(): { records: SourceRecord[]; failure?: Error } {
    return this.step(() => {
      this.parse(this.decode(() => this.decoder.end()));
      this.parser.end();
      this.takeRows();
      this.checkEnd();
    });
  }

  private step(work: () => void): { records: SourceRecord[]; failure?: Error } {
    try {
      work();
    } catch (error) {
      return { records: this.records.splice(0), failure: this.translate(error) };
    }
    return { records: this.records.splice(0) };
  }

  private decode(decodeChunk: () => DecodedText): DecodedText {
    try {
      return decodeChunk();
    } catch (error) {
      if (!(error instanceof CsvEncodingProblem)) throw error;
      throw this.error(1, error.message, this.encodingAdvice('UTF-8'));
    }
  }

  private parse(decoded: DecodedText): void {
    this.parser.write(decoded.text);
    this.takeRows();
    if (decoded.invalidByte !== undefined) {
      throw this.invalidByteError(decoded.invalidByte);
    }
  }

  private takeRows(): void {
    for (const row of this.parser.takeRows()) {
      if (this.header === undefined) {
        this.readHeader(row);
      } else {
        this.records.push(this.toRecord(row, this.header));
      }
    }
  }

  private readHeader(row: CsvRow): void {
    const names = row.fields.map((name) => name.trim());
    const seen = new Map<string, number>();
    names.forEach((name, index) => {
      if (name === '') {
        throw this.error(row.line, `column ${index + 1} of the header has no name`, ADVICE_HEADER);
      }
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw this.error(row.line, `the header names ${name} twice (columns ${earlier + 1} and ${index + 1})`, `${ADVICE_HEADER}, each once`);
      }
      seen.set(name, index);
    });

    this.keyPositions = this.settings.table.key.map((property) => {
      const position = seen.get(property);
      if (position === undefined) {
        throw this.error(
          row.line,
          `the header has no column ${property}, which is the key of table ${this.settings.table.table}`,
          'Add the property to the columns of the BIX Extract rule, under that exact header name, or correct the key in the mapping',
        );
      }
      return position;
    });
    this.header = names;
  }

  private toRecord(row: CsvRow, header: readonly string[]): SourceRecord {
    if (row.fields.length !== header.length) {
      throw this.error(row.line, `the row has ${row.fields.length} fields, but the header has ${header.length}`, ADVICE_QUOTING);
    }
    for (const position of this.keyPositions) {
      if (row.fields[position] === '') {
        throw this.error(
          row.line,
          `the row has no value in key column ${header[position]}`,
          'pmap reads records by their key, so every row needs one; fix the extract, or choose a key without empty values in the mapping',
        );
      }
    }

    const record: Record<string, SourceValue> = {};
    header.forEach((name, index) => {
      const value = row.fields[index]!;
      record[name] = value === '' ? null : value;
    });
    this.rowCount += 1;
    return record;
  }

  private checkEnd(): void {
    if (this.header === undefined) {
      throw this.error(1, 'the file is empty: it has no header row', ADVICE_HEADER);
    }

    const expected = this.settings.expectedRows;
    if (expected !== undefined && expected.count !== this.rowCount) {
      throw this.error(
        this.parser.line,
        `the file has ${this.rowCount} rows, but ${MANIFEST_FILE} (line ${expected.manifestLine}) gives pxTotalInstanceCount ${expected.count}`,
        'The file is incomplete, or it is not the file the manifest describes; copy the complete extract, or re-run the BIX extract',
      );
    }
  }

  private invalidByteError(invalidByte: number): BixCsvError {
    const byte = invalidByte.toString(16).toUpperCase().padStart(2, '0');
    const fieldIndex = this.parser.fieldIndex;
    const field = fieldIndex === undefined ? '' : ` in field ${this.header?.[fieldIndex] ?? fieldIndex + 1}`;
    if (this.decoder.utf8) {
      return this.error(this.parser.line, `byte 0x${byte}${field} is not valid UTF-8`, this.encodingAdvice('iso-8859-1', 'the file is not UTF-8'));
    }
    return this.error(this.parser.line, `byte 0x${byte}${field} is not valid ${this.settings.encoding}`, this.encodingAdvice('the encoding the extract was written in'));
  }

  /** Advice to change the encoding where it was set. */
  private encodingAdvice(suggestion: string, finding?: string): string {
    const lead = finding === undefined ? '' : `${finding}; `;
    const fix = this.settings.encodingOrigin === 'manifest'
      ? `set the encoding column of this file's row in ${MANIFEST_FILE} to ${suggestion}`
      : `set source.encoding: ${suggestion} in pmap.yaml`;
    const sentence = `${lead}${fix}`;
    return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
  }

  private translate(error: unknown): Error {
    if (error instanceof CsvSyntaxProblem) {
      const advice = error.kind === 'text-after-quote' ? ADVICE_QUOTING : ADVICE_INCOMPLETE;
      return this.error(error.line, error.message, advice);
    }
    return error as Error;
  }

  private error(line: number, problem: string, advice: string): BixCsvError {
    return new BixCsvError(this.settings.file, line, problem, advice);
  }
}
