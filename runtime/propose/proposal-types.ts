/**
 * The drafts of `pmap propose` for one Pega table, before they are printed. Every
 * proposed line carries its confidence (0 to 1) and the evidence behind it,
 * which the printed spec shows as a comment.
 */

/** Lines at or above this confidence are written accepted; the rest start with `?` for a person to review. */
export const CONFIRMED_CONFIDENCE = 0.95;

export interface ProposedAssignment {
  readonly field: string;
  /** The expression as a spec writes it. */
  readonly expression: string;
  /** The Pega columns the line maps, which a re-run treats as mapped. */
  readonly columns: readonly string[];
  readonly confidence: number;
  readonly evidence: string;
}

export interface ProposedCustomField {
  readonly name: string;
  readonly type: string;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string;
}

/** One entry of a proposed value map: `to` undefined when no target looked alike (`=> ?`). */
export interface ProposedEntry {
  /** The source value as a spec writes it: a quoted string, or a number for a number column. */
  readonly from: string;
  readonly to: string | undefined;
  readonly confirmed: boolean;
  readonly comment: string;
}

export interface ProposedValueMap {
  readonly name: string;
  readonly targetModel: string | undefined;
  readonly entries: readonly ProposedEntry[];
  /** Comment lines above the declaration. */
  readonly comments: readonly string[];
}

/** A column the draft does not map, with the reason; printed as `# not mapped: Column (reason)`. */
export interface LeftOutColumn {
  readonly column: string;
  readonly reason: string;
}

export interface ObjectProposal {
  readonly table: string;
  readonly objectName: string;
  readonly key: readonly string[];
  readonly model: string;
  readonly evidence: string;
  readonly assignments: readonly ProposedAssignment[];
  readonly customFields: readonly ProposedCustomField[];
  readonly valueMaps: readonly ProposedValueMap[];
  readonly leftOut: readonly LeftOutColumn[];
}
