import { join, relative } from 'node:path';
import { compileProject } from '../compiler/compile.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostic.js';
import { loadProject, type ProjectInputs } from '../compiler/load-project.js';
import type { Plan } from '../compiler/plan-types.js';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../compiler/render-diagnostics.js';

export type DiagnosticFormat = 'text' | 'json';

export interface CompiledProject {
  readonly inputs?: ProjectInputs;
  readonly plan?: Plan;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/** Loads and compiles the project in `directory`. */
export function compileProjectAt(directory: string): CompiledProject {
  const loaded = loadProject(directory);
  const sources = loaded.sources;
  if (!loaded.inputs || hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics, sources };
  const compiled = compileProject(loaded.inputs);
  return {
    inputs: loaded.inputs,
    diagnostics: [...loaded.diagnostics, ...compiled.diagnostics],
    sources,
    ...(compiled.plan ? { plan: compiled.plan } : {}),
  };
}

/** Renders diagnostics with paths the user can open from the current directory. */
export function formatDiagnostics(directory: string, compiled: CompiledProject, format: DiagnosticFormat): string {
  const displayPath = (file: string) => relative(process.cwd(), join(directory, file)) || file;
  if (format === 'json') return renderDiagnosticsJson(compiled.diagnostics, { displayPath });
  return renderDiagnosticsText(compiled.diagnostics, { sources: compiled.sources, displayPath });
}
