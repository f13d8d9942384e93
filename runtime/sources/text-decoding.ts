/**
 * Decoding of text that arrives in chunks: UTF-8, whose characters may be cut
 * between chunks, and single-byte encodings. Decoding stops at the first byte
 * the encoding does not allow and reports it, so readers can name its place.
 */

/** Text decoded from one chunk; `invalidByte` is set when decoding stopped at a byte the encoding does not allow. */
export interface DecodedText {
  readonly text: string;
  readonly invalidByte?: number;
}

export const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Names (as TextDecoder reports them) of the single-byte encodings, which can be cut at any byte between chunks. */
export const SINGLE_BYTE_ENCODING = /^(iso-8859-\d+|windows-125\d)$/;

export function decodeUtf8(decoder: TextDecoder, bytes: Uint8Array): DecodedText {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return { text: decoder.decode(bytes.subarray(0, offset)), invalidByte: bytes[offset] };
  }
}

export function decodeSingleByte(decoder: TextDecoder, bytes: Uint8Array): DecodedText {
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
export function completeUtf8Length(bytes: Uint8Array): number {
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

export function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}
