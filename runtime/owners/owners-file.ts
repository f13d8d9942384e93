import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, parse } from 'yaml';
import { didYouMeanHint } from '../../compiler/did-you-mean.js';

/** The queue file of operators and their Odoo users, in the project folder beside pmap.yaml. */
export const ownersFileName = 'owners.yaml';

/**
 * The outcome of pairing an operator with an Odoo user:
 * - `matched`: exactly one Odoo user has the operator's e-mail,
 * - `provisioned`: `pmap users --provision` created the user,
 * - `assigned`: an administrator set `odoo_login`,
 * - `ambiguous`: several Odoo users have the e-mail,
 * - `unmatched`: no Odoo user has it, or the operator has none.
 */
export type OwnerStatus = 'matched' | 'provisioned' | 'assigned' | 'ambiguous' | 'unmatched';

const statuses: readonly OwnerStatus[] = ['matched', 'provisioned', 'assigned', 'ambiguous', 'unmatched'];

/** One Pega operator whose records need an owner in Odoo. */
export interface OwnerEntry {
  readonly name: string | null;
  readonly email: string | null;
  readonly disabled: boolean;
  /** False when no row of the operator table has this id: the operator was deleted from Pega. */
  readonly inPega: boolean;
  /** Source records this operator owns, by object. */
  readonly records: Readonly<Record<string, number>>;
  readonly status: OwnerStatus;
  /** The login of the user pmap matched by e-mail or provisioned. */
  readonly matchedLogin: string | null;
  /** Logins of the Odoo users that share the operator's e-mail, when there are several. */
  readonly candidates: readonly string[];
  /** The login an administrator chose; pmap never writes it and keeps it on every run. */
  readonly odooLogin: string | null;
  /** Free text for reviewers, kept on every run. */
  readonly note: string | null;
}

export interface OwnersFile {
  /** Login of the user who owns the records of every operator listed here without a user. */
  readonly fallback: string | null;
  /** Entries by Pega operator id, in code-unit order of the ids. */
  readonly operators: ReadonlyMap<string, OwnerEntry>;
}

/** An owners.yaml that cannot be read: the message names the file, the entry and the key. */
export class OwnersFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OwnersFileError';
  }
}

export const emptyOwnersFile: OwnersFile = { fallback: null, operators: new Map() };

const entryKeys = ['name', 'email', 'disabled', 'in_pega', 'records', 'status', 'matched_login', 'candidates', 'odoo_login', 'note'];

/** Reads the project's owners.yaml; a project without one has an empty queue. */
export function readOwnersFile(projectDirectory: string): OwnersFile {
  const path = join(projectDirectory, ownersFileName);
  if (!existsSync(path)) return emptyOwnersFile;

  let data: unknown;
  try {
    // Big integers stay exact, so numeric operator ids (990000000263120231) keep every digit.
    data = parse(readFileSync(path, 'utf8'), { intAsBigInt: true });
  } catch (error) {
    throw new OwnersFileError(`${ownersFileName} is not valid YAML: ${(error as Error).message.split('\n')[0]}; fix it or delete it and run pmap users again`);
  }
  return parseOwnersData(data ?? {});
}

function parseOwnersData(data: unknown): OwnersFile {
  if (!isPlainObject(data)) throw new OwnersFileError(`${ownersFileName} must be a map with the keys fallback and operators`);
  for (const key of Object.keys(data)) {
    if (key !== 'fallback' && key !== 'operators') {
      throw new OwnersFileError(`${ownersFileName}: unknown key \`${key}\` at the top level; ${didYouMeanHint(key, ['fallback', 'operators'], 'the keys allowed there are fallback and operators')}`);
    }
  }

  const fallback = optionalText(data.fallback, 'fallback');
  const operators = new Map<string, OwnerEntry>();
  const listed = data.operators ?? {};
  if (!isPlainObject(listed)) throw new OwnersFileError(`${ownersFileName}: operators must be a map from Pega operator id to its entry`);
  for (const id of Object.keys(listed).sort(compareCodeUnits)) operators.set(id, parseEntry(id, listed[id]));
  return { fallback, operators };
}

function parseEntry(id: string, value: unknown): OwnerEntry {
  const where = `operators.${id}`;
  if (!isPlainObject(value)) throw new OwnersFileError(`${ownersFileName}: ${where} must be a map with odoo_login and the keys pmap users writes`);
  for (const key of Object.keys(value)) {
    if (!entryKeys.includes(key)) throw new OwnersFileError(`${ownersFileName}: unknown key \`${key}\` in ${where}; ${didYouMeanHint(key, entryKeys, `the keys allowed there are ${entryKeys.join(', ')}`)}`);
  }

  const status = value.status ?? 'unmatched';
  if (typeof status !== 'string' || !statuses.includes(status as OwnerStatus)) {
    throw new OwnersFileError(`${ownersFileName}: ${where}.status must be one of ${statuses.join(', ')}, not ${JSON.stringify(String(status))}; run pmap users to rewrite it`);
  }
  return {
    name: optionalText(value.name, `${where}.name`),
    email: optionalText(value.email, `${where}.email`),
    disabled: value.disabled === true,
    inPega: value.in_pega !== false,
    records: parseRecords(value.records, where),
    status: status as OwnerStatus,
    matchedLogin: optionalText(value.matched_login, `${where}.matched_login`),
    candidates: Array.isArray(value.candidates) ? value.candidates.map(String) : [],
    odooLogin: optionalText(value.odoo_login, `${where}.odoo_login`),
    note: optionalText(value.note, `${where}.note`),
  };
}

function parseRecords(value: unknown, where: string): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new OwnersFileError(`${ownersFileName}: ${where}.records must be a map from object name to a record count`);
  return Object.fromEntries(Object.entries(value).map(([object, count]) => [object, Number(count)]));
}

/** Reads a key that contains text or null; an empty text counts as null, and a number (a login like 1042) as its digits. */
function optionalText(value: unknown, where: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new OwnersFileError(`${ownersFileName}: ${where} must be text or null, not ${JSON.stringify(value)}`);
}

const header = `Pega operators who own records, and the Odoo users who will own them.
Written by \`pmap users\`; review it and commit it with the specs.
To choose the user of an operator, set its odoo_login to an Odoo login.
pmap users keeps odoo_login, note and fallback, and rewrites the other keys.
fallback: the login of the user who owns the records of every operator
listed here without a user (status unmatched or ambiguous, no odoo_login).
status: matched (one Odoo user has the e-mail), provisioned (created by
pmap users --provision), assigned (odoo_login set), ambiguous (several
users have the e-mail), unmatched (no user has it, or there is no e-mail).`;

/** Writes owners.yaml in a stable layout: operators in code-unit order of their ids, keys in a fixed order. */
export function writeOwnersFile(projectDirectory: string, file: OwnersFile): string {
  const operators: Record<string, Record<string, unknown>> = {};
  for (const id of [...file.operators.keys()].sort(compareCodeUnits)) {
    const entry = file.operators.get(id)!;
    operators[id] = {
      name: entry.name,
      email: entry.email,
      disabled: entry.disabled,
      ...(entry.inPega ? {} : { in_pega: false }),
      records: entry.records,
      status: entry.status,
      ...(entry.matchedLogin !== null ? { matched_login: entry.matchedLogin } : {}),
      ...(entry.candidates.length > 0 ? { candidates: entry.candidates } : {}),
      odoo_login: entry.odooLogin,
      ...(entry.note !== null ? { note: entry.note } : {}),
    };
  }

  const document = new Document({ fallback: file.fallback, operators });
  document.commentBefore = header.split('\n').map((line) => ` ${line}`).join('\n');
  const path = join(projectDirectory, ownersFileName);
  writeFileSync(path, document.toString({ lineWidth: 0 }));
  return path;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Orders operator ids as Pega sorts its keys: by UTF-16 code units, not by locale. */
export function compareCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
