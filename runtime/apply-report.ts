import type { OwnerSummary } from './owners/resolve-owners.js';
import type { RejectCode } from './reject.js';

export interface RejectGroup {
  readonly code: RejectCode;
  readonly summary: string;
  readonly count: number;
  /** Up to three business keys, so a reader can look at real cases. */
  readonly examples: readonly string[];
}

/** Counts for one object after an apply. `sourceRows = filtered + deduplicated + created + updated + unchanged + rejected`. */
export interface PhaseReport {
  readonly object: string;
  readonly model: string;
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly sourceRows: number;
  /** Rows the object's `where` filters left out: they belong to other objects. Absent when there were none. */
  readonly filtered?: number;
  /** Removed by the object's dedupe rule; each is listed in the reject file with the record kept. */
  readonly deduplicated: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectGroups: readonly RejectGroup[];
  /** Records whose second-pass fields (links to records of the same object, dates Odoo overwrites on create) were written. */
  readonly linked: number;
  /** Links the second pass could not write, grouped by reason; their records are loaded. */
  readonly linkProblems: readonly RejectGroup[];
  /** Records of this object that carry a pmap external id in Odoo, counted after the phase. */
  readonly odooCount: number | null;
  /** Why the phase failed or was skipped. */
  readonly error?: string;
}

export interface ApplyReport {
  readonly phases: readonly PhaseReport[];
  /** Reject files written, relative to the project. */
  readonly rejectFiles: readonly string[];
  /** Custom fields this run created in Odoo, as `model.field`. */
  readonly createdFields: readonly string[];
  /** Set when the run stopped on request (Ctrl-C) after a committed batch; the next apply resumes it. */
  readonly interrupted?: boolean;
  /** How the Pega operators that own records found their Odoo users; absent when no spec calls owner(...). */
  readonly owners?: OwnerSummary;
}
