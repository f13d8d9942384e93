import { readFileSync, writeFileSync } from 'node:fs';
import type { Diagnostic } from '../../compiler/diagnostic.js';
import { formatSpec } from '../../compiler/format-spec.js';
import { renderDiagnosticsText } from '../../compiler/render-diagnostics.js';
import { findSpecFiles } from './spec-sources.js';

/**
 * `pmap fmt`: rewrites spec files in the canonical layout and lists the files
 * it changed. With `check`, writes nothing, lists the files that would
 * change, and returns 1 when there are any. A file with syntax errors is
 * left as it is; its diagnostics are printed and the exit code is 1.
 */
export function runFmt(target: string, options: { readonly check: boolean }): number {
  const files = findSpecFiles(target);
  const changed: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();

  for (const spec of files) {
    const text = readFileSync(spec.file, 'utf8');
    const formatted = formatSpec(spec.displayPath, text);
    if (formatted.text === undefined) {
      diagnostics.push(...formatted.diagnostics);
      sources.set(spec.displayPath, text);
      continue;
    }
    if (formatted.text === text) continue;
    if (!options.check) writeFileSync(spec.file, formatted.text);
    changed.push(spec.displayPath);
  }

  for (const path of changed) process.stdout.write(`${path}\n`);
  const parsed = files.length - sources.size;
  const parsedFiles = `${parsed} file${parsed === 1 ? '' : 's'}`;
  if (changed.length === 0) process.stdout.write(`${parsedFiles} already formatted\n`);
  else if (options.check) process.stdout.write(`${changed.length} of ${parsedFiles} not formatted; run \`pmap fmt ${target}\` to rewrite them\n`);
  else process.stdout.write(`formatted ${changed.length} of ${parsedFiles}\n`);

  if (diagnostics.length > 0) {
    process.stderr.write(renderDiagnosticsText(diagnostics, { sources, displayPath: (file) => file }));
    const broken = sources.size;
    process.stderr.write(`${broken} file${broken === 1 ? '' : 's'} with syntax errors left unchanged\n`);
    return 1;
  }
  return options.check && changed.length > 0 ? 1 : 0;
}
