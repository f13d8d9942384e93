// ir.attachment (base): files, sent as base64 in `datas`, with `file_size`,
// `checksum` (SHA-1 of the bytes) and `mimetype` computed as Odoo 16 does.
//
// Left out: the filestore (bytes stay in `db_datas`, as with the
// `ir_attachment.location` parameter set to `db`), image resizing,
// `index_content`, access tokens, `raw` (use `datas`), and the access rules
// that follow the linked record.

import { createHash } from 'node:crypto';

import type { ColumnValues, ModelBehaviour } from './model-behaviour.js';

const DEFAULT_MIMETYPE = 'application/octet-stream';

// Python's mimetypes table (with the usual /etc/mime.types) for the
// extensions a CRM export carries.
const MIMETYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  csv: 'text/csv',
  htm: 'text/html',
  html: 'text/html',
  xml: 'text/xml',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  eml: 'message/rfc822',
  ics: 'text/calendar',
  rtf: 'application/rtf',
};

// Leading bytes of the formats Odoo's guess_mimetype recognises without python-magic.
const SIGNATURES: readonly (readonly [string, string])[] = [
  ['%PDF-', 'application/pdf'],
  ['\x89PNG\r\n\x1a\n', 'image/png'],
  ['\xff\xd8\xff', 'image/jpeg'],
  ['GIF87a', 'image/gif'],
  ['GIF89a', 'image/gif'],
  ['BM', 'image/bmp'],
  ['PK\x03\x04', 'application/zip'],
];

/** Users in Odoo's Settings group, who may upload HTML and XML as such. */
const SYSTEM_USER_IDS = new Set([1, 2]);

export const irAttachment: ModelBehaviour = {
  name: 'ir.attachment',
  description: 'Attachment',
  order: 'id desc',
  defaults: {
    type: () => 'binary',
    public: () => false,
    company_id: (env) => env.companyId,
  },
  computedFields: {
    datas: (_env, row) => row.db_datas ?? null,
  },
  inverseFields: {
    datas: (value, columns) => storeContents(value, columns),
  },
  prepareCreate(env, row, given) {
    if (!given.has('mimetype') || !row.mimetype) row.mimetype = guessMimetype(row);
    // Odoo stores HTML and XML uploaded by other users as text, so that they
    // cannot run scripts in the browser of the user who opens them.
    // NOTE: the sandbox models no groups; only OdooBot and the administrator count as Settings users.
    const mimetype = String(row.mimetype);
    const xmlLike = mimetype.includes('ht') || (mimetype.includes('xml') && !mimetype.startsWith('application/vnd.openxmlformats'));
    if (xmlLike && !SYSTEM_USER_IDS.has(env.uid)) row.mimetype = 'text/plain';
  },
};

/** Stores base64 contents and computes their size and checksum. */
function storeContents(value: unknown, columns: ColumnValues): void {
  if (typeof value !== 'string' || value === '') {
    Object.assign(columns, { db_datas: null, file_size: 0, checksum: null });
    return;
  }
  const bytes = Buffer.from(value, 'base64');
  Object.assign(columns, {
    db_datas: bytes.toString('base64'),
    file_size: bytes.length,
    checksum: createHash('sha1').update(bytes).digest('hex'),
  });
}

/** Derives the mimetype from the file name, then the URL, then the first bytes. */
function guessMimetype(row: ColumnValues): string {
  const byName = typeof row.name === 'string' ? mimetypeOfPath(row.name) : undefined;
  const byUrl = typeof row.url === 'string' ? mimetypeOfPath(row.url.split('?')[0] ?? '') : undefined;
  const guessed = byName ?? byUrl;
  if (guessed && guessed !== DEFAULT_MIMETYPE) return guessed;

  if (typeof row.db_datas === 'string') {
    const head = Buffer.from(row.db_datas, 'base64').subarray(0, 16).toString('latin1');
    const match = SIGNATURES.find(([signature]) => head.startsWith(signature));
    if (match) return match[1];
  }
  return DEFAULT_MIMETYPE;
}

function mimetypeOfPath(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  return MIMETYPES_BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}
