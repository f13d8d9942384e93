/**
 * Source connector for BIX XML extracts: one XML file per table, read as a
 * stream so memory stays flat whatever the file size.
 *
 * Layout read (no XSD needed, since BIX with -c writes a <Classes> wrapper
 * that its own XSD lacks):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <Classes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 *     <PegaData-Contact>
 *       <ContactID>CONT-2161</ContactID>
 *       <OrganizationID xsi:nil="true"/>
 *       <Address><City>Leeds</City></Address>
 *     </PegaData-Contact>
 *   </Classes>
 *
 * The root may have any name. A property that is omitted, empty or
 * `xsi:nil="true"` is null (an omitted one is absent from the record).
 * Embedded pages and lists are flattened as bix-xml-flatten.ts describes.
 * Records come in file order, which is key order for an extract sorted by key.
 */

import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

import { BixXmlDecoder, UnsupportedEncodingError, type DecodedText } from './bix-xml-decoder.js';
import { BixFileNotFoundError } from './bix-xml-errors.js';
import { BixInstanceCollector } from './bix-xml-instances.js';
import type { SourceConnector, SourceRecord, SourceTableRef } from './source.js';

export { BixFileNotFoundError, BixFormatError } from './bix-xml-errors.js';

export interface BixXmlSourceOptions {
  /** Folder containing the extract files. */
  directory: string;
  /** File name per table, relative to `directory`; a table not listed reads `<table>.xml`. */
  files?: Record<string, string>;
}

const ADVICE_ENCODING =
  'Save the extract as UTF-8 (for example iconv -f ISO-8859-1 -t UTF-8), or declare its real encoding in the ' +
  'XML declaration, for example <?xml version="1.0" encoding="ISO-8859-1"?>';

export class BixXmlSource implements SourceConnector {
  /** Open file streams and the path each one reads. */
  private readonly streams = new Map<ReadStream, string>();

  constructor(private readonly options: BixXmlSourceOptions) {}

  /** Returns the path of the file that `read` opens for a table. */
  filePath(table: SourceTableRef): string {
    const configured = this.options.files?.[table.table];
    return resolve(this.options.directory, configured ?? `${table.table}.xml`);
  }

  async *read(table: SourceTableRef): AsyncGenerator<SourceRecord> {
    const file = this.filePath(table);
    const stream = await this.openStream(file, table);
    const decoder = new BixXmlDecoder();
    const collector = new BixInstanceCollector(file);

    try {
      // Each chunk is parsed and its records handed out before the next chunk
      // is read, so a slow consumer holds back the file stream.
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        yield* parseChunk(collector, () => decode(decoder, chunk, collector));
      }
      yield* parseChunk(collector, () => decoder.end(), () => collector.end());
    } finally {
      stream.destroy();
      this.streams.delete(stream);
    }
  }

  /** Closes the files still being read; a read in progress then fails instead of ending early. */
  async close(): Promise<void> {
    for (const [stream, file] of this.streams) {
      stream.destroy(new Error(`the BIX XML source was closed while reading ${file}, so the table was read only in part`));
    }
    this.streams.clear();
  }

  private async openStream(file: string, table: SourceTableRef): Promise<ReadStream> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new BixFileNotFoundError(file, table.table, this.options.files?.[table.table] === undefined);
      }
      throw error;
    }

    const stream = handle.createReadStream();
    this.streams.set(stream, file);
    return stream;
  }
}

function decode(decoder: BixXmlDecoder, chunk: Buffer, collector: BixInstanceCollector): DecodedText {
  try {
    return decoder.decode(chunk);
  } catch (error) {
    if (error instanceof UnsupportedEncodingError) {
      collector.fail(error.message, ADVICE_ENCODING);
    }
    throw error;
  }
}

/**
 * Parses one chunk and yields its records. When the chunk contains an error,
 * the records completed before it are yielded first, then the error is thrown.
 */
function* parseChunk(
  collector: BixInstanceCollector,
  decodeChunk: () => DecodedText,
  finish?: () => void,
): Generator<SourceRecord> {
  try {
    const decoded = decodeChunk();
    collector.write(decoded.text);
    if (decoded.invalidByte !== undefined) {
      const byte = decoded.invalidByte.toString(16).toUpperCase().padStart(2, '0');
      collector.fail(`byte 0x${byte} is not valid in the file's encoding`, ADVICE_ENCODING);
    }
    finish?.();
  } catch (error) {
    yield* collector.takeRecords();
    throw error;
  }
  yield* collector.takeRecords();
}
