import type { ApplyReport, PhaseReport } from '../runtime/apply-report.js';
import { renderOwnerSummary } from './render-owners.js';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/**
 * The per-object reconciliation table printed after `pmap apply`: source
 * rows, what happened to them, and how many records carry pmap external ids
 * in Odoo, followed by rejects grouped by reason.
 */
export function renderApplyReport(report: ApplyReport, displayPath: (path: string) => string = (path) => path): string {
  // The Filtered column appears only when a `where` filter removed rows, so runs without filters keep a narrower table.
  const showFiltered = report.phases.some((phase) => (phase.filtered ?? 0) > 0);
  const rows = report.phases.map((phase) => [
    phase.object,
    phase.model,
    String(phase.sourceRows),
    ...(showFiltered ? [String(phase.filtered ?? 0)] : []),
    String(phase.deduplicated),
    String(phase.created),
    String(phase.updated),
    String(phase.unchanged),
    String(phase.rejected),
    phase.odooCount === null ? '-' : String(phase.odooCount),
  ]);
  const sections: string[] = [];
  if (report.createdFields.length > 0) sections.push(`Custom fields created in Odoo: ${report.createdFields.join(', ')}`);
  sections.push(table(['Object', 'Model', 'Source rows', ...(showFiltered ? ['Filtered'] : []), 'Deduplicated', 'Created', 'Updated', 'Unchanged', 'Rejected', 'In Odoo'], rows));

  const rejectLines = report.phases.flatMap((phase) =>
    phase.rejectGroups.map((group) => `  ${phase.object}: ${group.count} x ${group.summary} (for example ${group.examples.join(', ')})`),
  );
  if (rejectLines.length > 0) sections.push(['Rejected and deduplicated records, by reason:', ...rejectLines].join('\n'));
  const linkLines = report.phases.flatMap((phase) => [
    ...(phase.linked > 0 ? [`  ${phase.object}: ${phase.linked} records got fields written in a second pass (links to records of the same object, or dates Odoo sets on create)`] : []),
    ...phase.linkProblems.map((group) => `  ${phase.object}: ${group.count} x loaded without a link: ${group.summary} (for example ${group.examples.join(', ')})`),
  ]);
  if (linkLines.length > 0) sections.push(['Second pass:', ...linkLines].join('\n'));
  if (report.owners) sections.push(renderOwnerSummary(report.owners));
  if (report.rejectFiles.length > 0) sections.push(`Reject files (one JSON line per record): ${report.rejectFiles.map(displayPath).join(', ')}`);

  const problems = report.phases.flatMap(reconciliationProblems);
  sections.push(problems.length === 0 ? 'Reconciliation: every source row is accounted for, and Odoo holds every loaded record.' : ['Reconciliation:', ...problems].join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function reconciliationProblems(phase: PhaseReport): string[] {
  if (phase.status === 'skipped') return [`  ${phase.object}: skipped ${phase.error ?? ''}`.trimEnd()];
  if (phase.status === 'failed') {
    const loaded = phase.created + phase.updated;
    return [
      `  ${phase.object}: failed after reading ${phase.sourceRows} source rows (${phase.created} created, ${phase.updated} updated, ${phase.unchanged} unchanged, ${phase.rejected} rejected): ${phase.error ?? 'no reason given'}`,
      loaded > 0
        ? `  ${phase.object}: the records loaded before the failure stay in Odoo; fix the cause and run pmap apply again, which updates them instead of duplicating`
        : `  ${phase.object}: nothing of it was written to Odoo; fix the cause and run pmap apply again`,
    ];
  }
  const problems: string[] = [];
  const accounted = (phase.filtered ?? 0) + phase.deduplicated + phase.created + phase.updated + phase.unchanged + phase.rejected;
  if (accounted !== phase.sourceRows) {
    problems.push(`  ${phase.object}: ${phase.sourceRows} source rows but ${accounted} accounted for`);
  }
  const loaded = phase.created + phase.updated + phase.unchanged;
  if (phase.odooCount !== null && phase.odooCount !== loaded) {
    problems.push(`  ${phase.object}: ${loaded} records loaded in this run, ${phase.odooCount} in Odoo with pmap external ids (records of earlier runs stay in Odoo: those a delta run did not read, and those that left the source)`);
  }
  return problems;
}
