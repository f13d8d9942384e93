/**
 * Reads the entries of a ZIP archive held in memory, as Pega's application
 * export writes it: stored (method 0) or deflated (method 8) entries, listed
 * in the central directory. ZIP64, encryption and multi-disk archives are
 * rejected with a message, because Pega exports of rule metadata need none.
 */

import { inflateRawSync } from 'node:zlib';

import { InventoryError } from './inventory-error.js';

export interface ZipFileEntry {
  readonly name: string;
  readonly content: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const MAX_COMMENT_BYTES = 0xffff;
/** Upper bound of one inflated entry, so a crafted archive cannot exhaust memory. Rule XML is kilobytes. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function findEndRecord(archive: Buffer, file: string): number {
  const lowest = Math.max(0, archive.length - 22 - MAX_COMMENT_BYTES);
  for (let offset = archive.length - 22; offset >= lowest; offset -= 1) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new InventoryError(`${file} is not a ZIP archive (no end of central directory record); pass the .zip file that Pega's export (a product rule) wrote`);
}

/** Lists the files of a ZIP archive with their content; `file` names the archive in messages. */
export function readZipArchive(archive: Buffer, file: string): ZipFileEntry[] {
  if (archive.length < 22) throw new InventoryError(`${file} is not a ZIP archive (${archive.length} bytes); pass the .zip file that Pega's export (a product rule) wrote`);
  const end = findEndRecord(archive, file);
  const entryCount = archive.readUInt16LE(end + 10);
  const directoryOffset = archive.readUInt32LE(end + 16);
  if (archive.readUInt16LE(end + 4) !== 0 || directoryOffset === 0xffffffff || entryCount === 0xffff) {
    throw new InventoryError(`${file} is a multi-disk or ZIP64 archive, which pmap does not read; export the application again as one ZIP file`);
  }

  const entries: ZipFileEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index += 1) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
      throw new InventoryError(`${file} is damaged: central directory entry ${index + 1} of ${entryCount} is missing; copy the archive again`);
    }
    const flags = archive.readUInt16LE(offset + 8);
    const method = archive.readUInt16LE(offset + 10);
    const crc = archive.readUInt32LE(offset + 16);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    offset += 46 + nameLength + extraLength + commentLength;

    if (name.endsWith('/')) continue;
    if (flags & 0x0001) throw new InventoryError(`${file}: entry ${name} is encrypted; export the application without a password`);
    if (method !== 0 && method !== 8) throw new InventoryError(`${file}: entry ${name} uses compression method ${method}; pmap reads stored and deflated entries only`);
    if (size > MAX_ENTRY_BYTES) throw new InventoryError(`${file}: entry ${name} is ${size} bytes, more than the ${MAX_ENTRY_BYTES} pmap reads from one rule file`);

    if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) {
      throw new InventoryError(`${file} is damaged: the data of entry ${name} is missing; copy the archive again`);
    }
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) throw new InventoryError(`${file} is truncated inside entry ${name}; copy the archive again`);

    let content: Buffer;
    try {
      content = method === 8 ? inflateRawSync(data, { maxOutputLength: MAX_ENTRY_BYTES }) : Buffer.from(data);
    } catch (error) {
      throw new InventoryError(`${file}: entry ${name} cannot be inflated (${(error as Error).message}); copy the archive again`);
    }
    if (content.length !== size || crc32(content) !== crc) {
      throw new InventoryError(`${file}: entry ${name} fails its CRC check; the archive is damaged, copy it again`);
    }
    entries.push({ name, content });
  }
  return entries;
}
