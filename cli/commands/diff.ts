import type { Diagnostic } from '../../compiler/diagnostic.js';
import type { SpecSource } from '../../compiler/load-project.js';
import { renderDiagnosticsText } from '../../compiler/render-diagnostics.js';
import { renderDiffMarkdown } from '../../compiler/render-semantic-diff-markdown.js';
import { renderDiffText } from '../../compiler/render-semantic-diff-text.js';
import { diffSpecs } from '../../compiler/semantic-diff.js';
import type { SpecFile } from '../../grammar/ast.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { isSpecLocation, readSpecLocation, readSpecRevision } from './spec-sources.js';

export type DiffFormat = 'text' | 'markdown';

/**
 * `pmap diff <old> <new>`: prints what changed in meaning between two
 * versions of a project's specs. Each side is a folder (or `.pmap` file) when
 * one exists at that path, else a git revision of `project`. The files the
 * specs import are read from the same side. Returns 0 whether or not
 * anything changed, and 1 when a side cannot be read or has syntax errors.
 */
export async function runDiff(oldSide: string, newSide: string, options: { readonly format: DiffFormat; readonly project: string }): Promise<number> {
  const oldSources = await readSide(oldSide, options.project);
  const newSources = await readSide(newSide, options.project);

  const diagnostics: Diagnostic[] = [];
  const oldSpecs = parseAll(oldSources, diagnostics);
  const newSpecs = parseAll(newSources, diagnostics);
  if (diagnostics.length > 0) {
    const sources = new Map([...oldSources, ...newSources].map((source) => [source.path, source.text]));
    process.stderr.write(renderDiagnosticsText(diagnostics, { sources, displayPath: (file) => file }));
    process.stderr.write('pmap diff compares specs that parse; fix the syntax errors above first\n');
    return 1;
  }

  const diff = diffSpecs(oldSpecs, newSpecs);
  const labels = { old: oldSide, new: newSide };
  process.stdout.write(options.format === 'markdown' ? renderDiffMarkdown(diff, labels) : renderDiffText(diff, labels));
  return 0;
}

function readSide(side: string, project: string): Promise<SpecSource[]> {
  return isSpecLocation(side) ? readSpecLocation(side) : readSpecRevision(side, project);
}

function parseAll(sources: readonly SpecSource[], diagnostics: Diagnostic[]): SpecFile[] {
  return sources.map((source) => {
    const parsed = parseSpec(source.path, source.text);
    diagnostics.push(...parsed.diagnostics);
    return parsed.spec;
  });
}
