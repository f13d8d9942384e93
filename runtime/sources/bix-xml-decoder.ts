/**
 * Decodes the bytes of a BIX XML file into text, chunk by chunk.
 *
 * The encoding comes from the XML declaration, as the XML 1.0 specification
 * prescribes: UTF-8 when none is declared, otherwise the declared one. Only
 * UTF-8 and single-byte encodings (ISO-8859-*, windows-125*) are supported,
 * because only those can be cut at any byte between chunks.
 */

/** Text decoded from one chunk; `invalidByte` is set when decoding stopped at a byte the encoding does not allow. */
export interface DecodedText {
  readonly text: string;
  readonly invalidByte?: number;
}

/** An encoding problem found before any text was decoded. */
export class UnsupportedEncodingError extends Error {}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const DECLARED_ENCODING = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
const SINGLE_BYTE_ENCODING = /^(iso-8859-\d+|windows-125\d)$/;

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

function decodeUtf8(decoder: TextDecoder, bytes: Uint8Array): DecodedText {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return { text: decoder.decode(bytes.subarray(0, offset)), invalidByte: bytes[offset] };
  }
}

function decodeSingleByte(decoder: TextDecoder, bytes: Uint8Array): DecodedText {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    // Each byte is one character, so the first byte that fails alone is the culprit.
    let offset = 0;
    while (offset < bytes.length && decodesAlone(decoder, bytes[offset]!)) {
      offset += 1;
    }
    return { text: decoder.decode(bytes.subarray(0, offset)), invalidByte: bytes[offset] };
  }
}

function decodesAlone(decoder: TextDecoder, byte: number): boolean {
  try {
    decoder.decode(Uint8Array.of(byte));
    return true;
  } catch {
    return false;
  }
}

/** Returns the length of the prefix that ends with a complete UTF-8 sequence. */
function completeUtf8Length(bytes: Uint8Array): number {
  let start = bytes.length - 1;
  while (start >= 0 && bytes.length - start <= 3 && (bytes[start]! & 0xc0) === 0x80) {
    start -= 1;
  }
  if (start < 0) {
    return bytes.length;
  }

  const needed = sequenceLength(bytes[start]!);
  return needed > bytes.length - start ? start : bytes.length;
}

function sequenceLength(leadByte: number): number {
  if (leadByte >= 0xf0) return 4;
  if (leadByte >= 0xe0) return 3;
  if (leadByte >= 0xc0) return 2;
  return 1;
}

/** Smallest code point that needs a sequence of the index's length; a smaller one is an overlong form. */
const MINIMUM_CODE_POINT = [0, 0, 0x80, 0x800, 0x10000];

/** Returns the length of the sequence a lead byte starts, or 0 for a byte that cannot start one. */
function wellFormedSequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Returns the offset of the first byte that starts an ill-formed UTF-8
 * sequence (truncated, overlong, a surrogate or above U+10FFFF), or the
 * length when all bytes are valid.
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    const lead = bytes[offset]!;
    if (lead < 0x80) {
      offset += 1;
      continue;
    }

    const length = wellFormedSequenceLength(lead);
    if (length === 0 || offset + length > bytes.length) {
      return offset;
    }

    let codePoint = lead & (0xff >> (length + 1));
    for (let index = 1; index < length; index += 1) {
      const continuation = bytes[offset + index]!;
      if ((continuation & 0xc0) !== 0x80) {
        return offset;
      }
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }

    const overlong = codePoint < MINIMUM_CODE_POINT[length]!;
    if (overlong || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      return offset;
    }
    offset += length;
  }
  return offset;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}
