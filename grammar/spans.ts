import type { IToken } from 'chevrotain';
import type { Span } from '../compiler/diagnostic.js';

export function tokenSpan(file: string, token: IToken): Span {
  return {
    file,
    startLine: token.startLine ?? 1,
    startColumn: token.startColumn ?? 1,
    endLine: token.endLine ?? token.startLine ?? 1,
    // Chevrotain's end column is inclusive; spans are end-exclusive.
    endColumn: (token.endColumn ?? token.startColumn ?? 1) + 1,
    startOffset: token.startOffset,
    endOffset: (token.endOffset ?? token.startOffset) + 1,
  };
}

export function joinSpans(first: Span, last: Span): Span {
  return {
    file: first.file,
    startLine: first.startLine,
    startColumn: first.startColumn,
    endLine: last.endLine,
    endColumn: last.endColumn,
    startOffset: first.startOffset,
    endOffset: last.endOffset,
  };
}

/** A zero-width span just after `token`, for "expected … here" messages at the end of input. */
export function spanAfter(file: string, token: IToken): Span {
  const span = tokenSpan(file, token);
  return { ...span, startLine: span.endLine, startColumn: span.endColumn, startOffset: span.endOffset };
}
