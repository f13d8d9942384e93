/**
 * Builds the migration scope: per object, the Pega table and its row count
 * from schemas/pega.json, where pmap extracts it from (pmap.yaml's source),
 * and the counts of the last `pmap apply` when its report exists. Tables
 * that no spec loads are listed too, so the scope shows what stays behind.
 */

import type { ProjectConfig } from '../../compiler/project-config.js';
import type { Plan } from '../../compiler/plan-types.js';
import type { ApplyReport } from '../apply-report.js';
import type { PegaSchema } from '../schema-types.js';

export interface MigrationScopeDocument {
  readonly title: string;
  readonly source: string;
  readonly objects: ReadonlyArray<{ readonly object: string; readonly table: string; readonly rows: string; readonly extraction: string; readonly model: string }>;
  readonly objectsReason?: string;
  readonly totalRows: string;
  readonly lastRun: ReadonlyArray<{ readonly object: string; readonly status: string; readonly sourceRows: string; readonly created: string; readonly updated: string; readonly unchanged: string; readonly rejected: string; readonly inOdoo: string }>;
  readonly lastRunReason?: string;
  readonly unmapped: ReadonlyArray<{ readonly table: string; readonly className: string; readonly rows: string }>;
  readonly unmappedReason?: string;
}

function extractionPath(config: ProjectConfig, table: string): string {
  if (config.source.kind === 'bix') return `${config.source.path ?? '.'}/${config.source.files?.[table] ?? `${table}.xml`} (BIX XML)`;
  const dot = table.indexOf('.');
  const name = table.slice(0, dot);
  const schema = config.source.schemas?.[name] ?? name;
  return `PostgreSQL ${schema}.${table.slice(dot + 1)} at $${config.source.urlEnv ?? 'PMAP_PEGA_DATABASE_URL'}`;
}

const count = (value: number | undefined | null): string => (value === undefined || value === null ? 'unknown' : value.toLocaleString('en-US'));

export function buildMigrationScopeDocument(config: ProjectConfig, pegaSchema: PegaSchema | undefined, plan: Plan | undefined, lastRun: ApplyReport | undefined): MigrationScopeDocument {
  const phases = plan?.phases ?? [];
  const rowsOf = (table: string) => pegaSchema?.tables[table]?.rowCount;
  const loaded = new Set(phases.flatMap((phase) => [phase.source.table, ...(phase.joins ?? []).map((join) => join.table)]));
  const unmapped = Object.entries(pegaSchema?.tables ?? {}).filter(([table]) => !loaded.has(table)).map(([table, entry]) => ({ table, className: entry.className, rows: count(entry.rowCount) }));
  const total = phases.reduce((sum, phase) => sum + (rowsOf(phase.source.table) ?? 0), 0);
  const source = config.source.kind === 'bix' ? `BIX XML files in ${config.source.path ?? '.'}` : `the Pega PostgreSQL database named by $${config.source.urlEnv ?? 'PMAP_PEGA_DATABASE_URL'}`;

  return {
    title: 'Migration scope',
    source,
    objects: phases.map((phase) => ({ object: phase.object, table: phase.source.table, rows: count(rowsOf(phase.source.table)), extraction: extractionPath(config, phase.source.table), model: phase.model })),
    ...(phases.length === 0 ? { objectsReason: plan === undefined ? 'The specs did not compile, so the objects in scope are unknown; run pmap check to see why.' : 'The specs declare no objects, so nothing is in scope yet.' } : {}),
    totalRows: count(total),
    lastRun: (lastRun?.phases ?? []).map((phase) => ({
      object: phase.object, status: phase.status, sourceRows: count(phase.sourceRows), created: count(phase.created), updated: count(phase.updated), unchanged: count(phase.unchanged), rejected: count(phase.rejected), inOdoo: count(phase.odooCount),
    })),
    ...(lastRun === undefined ? { lastRunReason: 'No run has been recorded: .pmap/reports/last-apply.json does not exist until pmap apply runs.' } : lastRun.phases.length === 0 ? { lastRunReason: 'The last run report lists no objects.' } : {}),
    unmapped,
    ...(pegaSchema === undefined ? { unmappedReason: 'schemas/pega.json could not be read, so the tables outside the scope are unknown.' } : unmapped.length === 0 ? { unmappedReason: 'Every table in schemas/pega.json is loaded or joined by a spec.' } : {}),
  };
}
