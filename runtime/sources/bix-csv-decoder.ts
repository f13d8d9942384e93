/**
 * Decodes the bytes of a BIX CSV file into text, chunk by chunk, in the
 * encoding that pmap.yaml or the manifest names (UTF-8 when neither does).
 * A CSV file has no declaration of its own, so only a byte order mark can
 * contradict the configured encoding.
 */

import {
  completeUtf8Length,
  concat,
  decodeSingleByte,
  decodeUtf8,
  SINGLE_BYTE_ENCODING,
  UTF8_BOM,
  type DecodedText,
} from './text-decoding.js';

/** An encoding that pmap cannot read, or a byte order mark that contradicts the configured encoding. */
export class CsvEncodingProblem extends Error {}

/** Labels of ISO-8859-1 itself. TextDecoder maps them to windows-1252, which reads 0x80–0x9F differently. */
const LATIN1_LABELS: ReadonlySet<string> = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1']);

export class BixCsvDecoder {
  private readonly decoder?: TextDecoder;
  private readonly latin1: boolean;
  private readonly singleByte: boolean;
  private started = false;
  private pending: Uint8Array = new Uint8Array(0);

  /** Throws a CsvEncodingProblem when `label` names no encoding, or one that is not UTF-8 or single-byte. */
  constructor(readonly label: string) {
    this.latin1 = LATIN1_LABELS.has(label.trim().toLowerCase());
    if (this.latin1) {
      this.singleByte = true;
      return;
    }

    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    } catch {
      throw new CsvEncodingProblem(`"${label}" is not a known encoding`);
    }
    if (decoder.encoding !== 'utf-8' && !SINGLE_BYTE_ENCODING.test(decoder.encoding)) {
      throw new CsvEncodingProblem(`pmap does not read the encoding "${label}"; it reads UTF-8 and single-byte encodings such as ISO-8859-1`);
    }
    this.decoder = decoder;
    this.singleByte = decoder.encoding !== 'utf-8';
  }

  /** Whether the encoding is UTF-8 (and not a single-byte one). */
  get utf8(): boolean {
    return !this.singleByte;
  }

  /** Decodes the next chunk. Throws a CsvEncodingProblem when the file's byte order mark contradicts the encoding. */
  decode(chunk: Uint8Array): DecodedText {
    let bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    this.pending = new Uint8Array(0);

    if (!this.started) {
      // The first bytes may be only part of a byte order mark: wait for more.
      if (bytes.length < UTF8_BOM.length && bytes.every((byte, index) => byte === UTF8_BOM[index])) {
        this.pending = bytes;
        return { text: '' };
      }
      this.started = true;
      bytes = this.skipByteOrderMark(bytes);
    }
    return this.decodeBody(bytes);
  }

  /** Decodes what is left at the end of the file: an incomplete UTF-8 character is an invalid byte. */
  end(): DecodedText {
    let text = '';
    if (!this.started && this.pending.length > 0) {
      // A file shorter than a byte order mark.
      const rest = this.pending;
      this.pending = new Uint8Array(0);
      this.started = true;
      const decoded = this.decodeBody(rest);
      if (decoded.invalidByte !== undefined) {
        return decoded;
      }
      text = decoded.text;
    }

    if (this.pending.length === 0) {
      return { text };
    }
    return { text, invalidByte: this.pending[0] };
  }

  private decodeBody(bytes: Uint8Array): DecodedText {
    if (this.latin1) {
      return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
    }
    if (this.singleByte) {
      return decodeSingleByte(this.decoder!, bytes);
    }

    // A multi-byte character cut by the chunk boundary waits for the rest of its bytes.
    const complete = completeUtf8Length(bytes);
    this.pending = bytes.slice(complete);
    return decodeUtf8(this.decoder!, bytes.subarray(0, complete));
  }

  private skipByteOrderMark(bytes: Uint8Array): Uint8Array {
    if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
      throw new CsvEncodingProblem('the file is UTF-16 (it starts with a UTF-16 byte order mark), which pmap does not read');
    }

    const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
    if (!hasBom) {
      return bytes;
    }
    if (this.singleByte) {
      throw new CsvEncodingProblem(`the file starts with a UTF-8 byte order mark, but its encoding is set to ${this.label}`);
    }
    return bytes.subarray(UTF8_BOM.length);
  }
}
