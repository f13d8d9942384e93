/** Why a source record was not loaded. Codes group rejects in reports. */
export type RejectCode =
  | 'missing-key'
  | 'duplicate-key'
  | 'missing-reference'
  | 'unmapped-value'
  | 'invalid-value'
  | 'validation-failed'
  | 'ambiguous-match'
  | 'deduplicated'
  | 'odoo-rejected';

export interface RejectReason {
  readonly code: RejectCode;
  /** A sentence naming the column or field and the value, for reports and reject files. */
  readonly message: string;
  /** The same problem without record-specific values, used to group rejects. */
  readonly summary: string;
}

/** Thrown while a record's fields are computed; the record is rejected, the run goes on. */
export class RecordRejected extends Error {
  constructor(readonly reason: RejectReason) {
    super(reason.message);
    this.name = 'RecordRejected';
  }
}

export function reject(code: RejectCode, message: string, summary: string): never {
  throw new RecordRejected({ code, message, summary });
}
