import type { Diagnostic, Span } from './diagnostic.js';

export interface RenderOptions {
  /** Source text per span file, to print the offending line. */
  readonly sources: ReadonlyMap<string, string>;
  /** Turns a span's project-relative file into the path shown to the user. */
  readonly displayPath: (file: string) => string;
}

/**
 * Renders diagnostics as a compiler does: a header with code and message, the
 * location, the source line with a caret underline, related spans and a hint.
 */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  const blocks = diagnostics.map((diagnostic) => renderOne(diagnostic, options));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return `${[...blocks, summary].join('\n\n')}\n`;
}

function renderOne(diagnostic: Diagnostic, options: RenderOptions): string {
  const lines = [`${diagnostic.severity}[${diagnostic.code}]: ${diagnostic.message}`];
  if (diagnostic.span) lines.push(...renderSpan(diagnostic.span, options, ''));
  for (const related of diagnostic.related ?? []) {
    lines.push(`  note: ${related.message}`);
    lines.push(...renderSpan(related.span, options, ''));
  }
  if (diagnostic.hint) lines.push(`  = hint: ${diagnostic.hint}`);
  return lines.join('\n');
}

function renderSpan(span: Span, options: RenderOptions, label: string): string[] {
  const location = `${options.displayPath(span.file)}:${span.startLine}:${span.startColumn}`;
  const sourceLine = options.sources.get(span.file)?.split(/\r?\n/)[span.startLine - 1];
  if (sourceLine === undefined) return [`  --> ${location}`];

  const gutter = String(span.startLine).length;
  const pad = ' '.repeat(gutter);
  const endColumn = span.endLine === span.startLine ? span.endColumn : sourceLine.length + 1;
  const width = Math.max(1, endColumn - span.startColumn);
  const underline = `${' '.repeat(Math.max(0, span.startColumn - 1))}${'^'.repeat(width)}${label ? ` ${label}` : ''}`;
  return [
    `${pad}--> ${location}`,
    `${pad} |`,
    `${span.startLine} | ${sourceLine.replace(/\t/g, ' ')}`,
    `${pad} | ${underline}`,
  ];
}

/** Renders diagnostics as JSON for editors and CI: one object per diagnostic, with paths as shown to the user. */
export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[], options: Pick<RenderOptions, 'displayPath'>): string {
  const toLocation = (span: Span) => ({
    file: options.displayPath(span.file),
    line: span.startLine,
    column: span.startColumn,
    endLine: span.endLine,
    endColumn: span.endColumn,
  });
  const items = diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...(diagnostic.span ? { location: toLocation(diagnostic.span) } : {}),
    ...(diagnostic.hint ? { hint: diagnostic.hint } : {}),
    ...(diagnostic.related ? { related: diagnostic.related.map((related) => ({ message: related.message, location: toLocation(related.span) })) } : {}),
  }));
  return `${JSON.stringify(items, null, 2)}\n`;
}
