// The state file of a sandbox started with `persistFile`: the database's
// tables as JSON, read at start and rewritten after every call that
// committed changes. A write goes to a temporary file that is then renamed,
// so a crash never leaves half a file.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';

import type { OdooSeries } from './odoo-series.js';
import type { StoreSnapshot } from './record-store.js';

const FORMAT = 'pmap-sandbox-state';
const FORMAT_VERSION = 1;

export interface SavedState extends StoreSnapshot {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  series: OdooSeries;
  database: string;
}

/** Raised for a state file that cannot be read back. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/** Reads a state file, or returns undefined when there is none yet. */
export function readStateFile(path: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`Cannot read the sandbox state file ${path}: ${(error as Error).message}`);
  }

  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(
      `The sandbox state file ${path} is not valid JSON (${(error as Error).message}); delete it to start from a fresh database.`,
    );
  }
  if (!isSavedState(state)) {
    throw new StateFileError(
      `The file ${path} is not a sandbox state file of format version ${FORMAT_VERSION}; delete it or choose another file.`,
    );
  }
  return state;
}

/** Writes a state file atomically: a temporary file next to it, then a rename. */
export function writeStateFile(path: string, series: OdooSeries, database: string, snapshot: StoreSnapshot): void {
  const state: SavedState = { format: FORMAT, version: FORMAT_VERSION, series, database, ...snapshot };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}

function isSavedState(value: unknown): value is SavedState {
  if (value === null || typeof value !== 'object') return false;
  const state = value as Partial<SavedState>;
  return (
    state.format === FORMAT &&
    state.version === FORMAT_VERSION &&
    typeof state.series === 'string' &&
    typeof state.database === 'string' &&
    state.tables !== null &&
    typeof state.tables === 'object' &&
    state.sequences !== null &&
    typeof state.sequences === 'object'
  );
}
