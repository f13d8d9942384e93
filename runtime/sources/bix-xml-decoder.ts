/**
 * Decodes the bytes of a BIX XML file into text, chunk by chunk.
 *
 * The encoding comes from the XML declaration, as the XML 1.0 specification
 * prescribes: UTF-8 when none is declared, otherwise the declared one. Only
 * UTF-8 and single-byte encodings (ISO-8859-*, windows-125*) are supported,
 * because only those can be cut at any byte between chunks.
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

export type { DecodedText } from './text-decoding.js';

/** An encoding problem found before any text was decoded. */
export class UnsupportedEncodingError extends Error {}

const DECLARED_ENCODING = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

export class BixXmlDecoder {
  private decoder?: TextDecoder;
  private singleByte = false;
  private pending: Uint8Array = new Uint8Array(0);

  /** Decodes the next chunk; the first chunk must contain the XML declaration, if the file has one. */
  decode(chunk: Uint8Array): DecodedText {
    let bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    this.pending = new Uint8Array(0);

    if (this.decoder === undefined) {
      bytes = this.chooseDecoder(bytes);
    }

    if (this.singleByte) {
      return decodeSingleByte(this.decoder!, bytes);
    }

    // A multi-byte character cut by the chunk boundary waits for the rest of its bytes.
    const complete = completeUtf8Length(bytes);
    this.pending = bytes.slice(complete);
    return decodeUtf8(this.decoder!, bytes.subarray(0, complete));
  }

  /** Decodes what is left at the end of the file: an incomplete character is an invalid byte. */
  end(): DecodedText {
    if (this.pending.length === 0) {
      return { text: '' };
    }
    return { text: '', invalidByte: this.pending[0] };
  }

  private chooseDecoder(bytes: Uint8Array): Uint8Array {
    if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
      throw new UnsupportedEncodingError('the file is UTF-16 (it starts with a UTF-16 byte order mark)');
    }

    const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
    const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes;

    // The declaration is ASCII in every supported encoding, so Latin-1 reads it safely.
    const head = new TextDecoder('latin1').decode(body.subarray(0, 512));
    const declared = DECLARED_ENCODING.exec(head)?.[1];
    const label = declared ?? 'utf-8';

    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    } catch {
      throw new UnsupportedEncodingError(`the XML declaration names the unknown encoding "${label}"`);
    }

    if (decoder.encoding !== 'utf-8' && !SINGLE_BYTE_ENCODING.test(decoder.encoding)) {
      throw new UnsupportedEncodingError(`the XML declaration names the encoding "${label}", which pmap does not read`);
    }
    if (hasBom && decoder.encoding !== 'utf-8') {
      throw new UnsupportedEncodingError(`the file starts with a UTF-8 byte order mark but declares encoding "${label}"`);
    }

    this.decoder = decoder;
    this.singleByte = decoder.encoding !== 'utf-8';
    return body;
  }
}
