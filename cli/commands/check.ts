import { hasErrors } from '../../compiler/diagnostic.js';
import { compileProjectAt, formatDiagnostics, type DiagnosticFormat } from '../project-context.js';

/** `pmap check`: parse and type-check the specs; exit 1 on any error. */
export function runCheck(directory: string, format: DiagnosticFormat): number {
  const compiled = compileProjectAt(directory);
  if (format === 'json' || compiled.diagnostics.length > 0) process.stdout.write(formatDiagnostics(directory, compiled, format));
  if (hasErrors(compiled.diagnostics)) return 1;
  if (format === 'text') {
    const phases = compiled.plan?.phases.length ?? 0;
    process.stdout.write(`ok: ${phases} object${phases === 1 ? '' : 's'} checked against schemas/pega.json and schemas/odoo.json\n`);
  }
  return 0;
}
