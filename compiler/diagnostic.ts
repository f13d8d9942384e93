import type { DiagnosticCode } from './diagnostic-codes.js';

/** A region of a spec file. Lines and columns are 1-based, offsets 0-based. */
export interface Span {
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly startOffset: number;
  readonly endOffset: number;
}

export type Severity = 'error' | 'warning';

/** A span that explains a diagnostic, such as the first of two duplicate declarations. */
export interface RelatedSpan {
  readonly message: string;
  readonly span: Span;
}

/**
 * A finding about the user's input. Checks produce these as data; renderers in
 * `compiler/render-diagnostics.ts` turn them into text or JSON.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for findings about a whole project, such as a missing folder. */
  readonly span?: Span;
  readonly hint?: string;
  readonly related?: readonly RelatedSpan[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
