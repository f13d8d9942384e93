import type { Plan, PlanPhase } from '../../compiler/plan-types.js';
import { readPhaseRecords, recordProblem } from '../read-phase-records.js';
import type { PegaSchema } from '../schema-types.js';
import { PegaSourceError } from '../sources/pega-postgres.js';
import type { SourceConnector } from '../sources/source.js';
import { ColumnProfiler } from './column-profiler.js';
import { countryCode, countryColumnFor } from './country-column.js';
import { DuplicateFinder, normaliseName } from './duplicate-finder.js';
import { KeyChecker, type KeyLookup } from './key-checker.js';
import { OrphanFinder, phaseReferences } from './orphan-finder.js';
import { columnsAvailableToPhase, columnsReadByPhase, nameColumns } from './phase-columns.js';
import type { ObjectProfile } from './profile-types.js';

export interface ProfilePlanOptions {
  readonly plan: Plan;
  readonly pegaSchema: PegaSchema;
  readonly source: SourceConnector;
  /** Objects to profile; all when absent. Orphan checks still read the keys of the objects they reference. */
  readonly objects?: readonly string[];
  /** Distinct values kept per column, per duplicate check, per reference and per key set. */
  readonly maxDistinct: number;
  /** Called before an object's rows are read. */
  readonly onObject?: (phase: PlanPhase) => void;
}

/** The result of profiling one phase, with the key set and finders that the orphan checks use once every object has been read. */
interface PhaseResult {
  readonly profile: Omit<ObjectProfile, 'orphans'>;
  readonly keys: KeyChecker;
  readonly orphanFinders: readonly OrphanFinder[];
}

/**
 * Profiles the source rows of each selected object, in plan order: the rows
 * as read, joined but before cleansing rules and dedupe, since the profile is
 * what those rules are decided on. Rows stream through; what stays in memory
 * is bounded by `maxDistinct` per column, check and key set.
 */
export async function profilePlan(options: ProfilePlanOptions): Promise<ObjectProfile[]> {
  const selected = options.objects === undefined ? options.plan.phases : options.plan.phases.filter((phase) => options.objects!.includes(phase.object));
  const results: PhaseResult[] = [];
  for (const phase of selected) {
    options.onObject?.(phase);
    results.push(await profilePhase(phase, options));
  }

  // A source that stopped early gave only some keys, which would turn valid references into orphans.
  const keysByObject = new Map<string, KeyLookup | undefined>(
    results.map((result) => [result.profile.object, result.profile.readError === undefined ? result.keys : undefined]),
  );
  const profiles: ObjectProfile[] = [];
  for (const result of results) {
    const orphans = [];
    for (const finder of result.orphanFinders) {
      const target = finder.object;
      if (!keysByObject.has(target)) keysByObject.set(target, await readKeys(options.plan.phases.find((phase) => phase.object === target)!, options));
      orphans.push(finder.result(keysByObject.get(target), options.maxDistinct));
    }
    profiles.push({ ...result.profile, orphans });
  }
  return profiles;
}

async function profilePhase(phase: PlanPhase, options: ProfilePlanOptions): Promise<PhaseResult> {
  const available = columnsAvailableToPhase(phase, options.pegaSchema);
  const columns = columnsReadByPhase(phase);
  const profilers = columns.map((column) => new ColumnProfiler(column, options.maxDistinct, countryColumnFor(column, available)));
  const names = nameColumns(columns);
  const nameDuplicates = names.length === 0 ? undefined : new DuplicateFinder('name', names, options.maxDistinct);
  const orphanFinders = phaseReferences(phase.fields).map((reference) => new OrphanFinder(reference, options.plan.valueMaps, options.maxDistinct));
  const keys = new KeyChecker(phase.source.key, options.maxDistinct);

  let rows = 0;
  let ambiguousJoins = 0;
  let readError: string | undefined;
  // Without cleansing rules readPhaseRecords evaluates nothing, so the context is never read.
  const rawPhase: PlanPhase = { ...phase, cleansing: [] };
  try {
    for await (const record of readPhaseRecords(rawPhase, options.source, { valueMaps: options.plan.valueMaps, resolvedTargets: new Map() })) {
      rows += 1;
      if (recordProblem(record) !== undefined) ambiguousJoins += 1;
      const key = keys.add(record, rows);
      for (const profiler of profilers) {
        const country = profiler.countryColumn === undefined ? undefined : countryCode(record[profiler.countryColumn]);
        profiler.add(record[profiler.column] ?? null, country, key);
      }
      nameDuplicates?.add(normaliseName(names.map((column) => record[column])), key);
      for (const finder of orphanFinders) finder.add(record, key);
    }
  } catch (error) {
    // The PostgreSQL source stops at a NULL or repeated key; what was read is still worth reporting.
    if (!isKeyStop(error)) throw error;
    readError = error.message;
  }

  const columnResults = profilers.map((profiler) => profiler.result());
  return {
    profile: {
      object: phase.object,
      table: phase.source.table,
      specFile: phase.specFile,
      rows,
      ...(readError === undefined ? {} : { readError }),
      ambiguousJoins,
      keys: keys.result(),
      columns: columnResults.map((result) => result.profile),
      duplicates: [...columnResults.flatMap((result) => result.duplicates), ...(nameDuplicates ? [nameDuplicates.result()] : [])],
    },
    keys,
    orphanFinders,
  };
}

/** Reads only the keys of an object that was not profiled but is referenced; undefined when its source stops at a bad key. */
async function readKeys(phase: PlanPhase, options: ProfilePlanOptions): Promise<KeyLookup | undefined> {
  const keys = new KeyChecker(phase.source.key, options.maxDistinct);
  let rows = 0;
  try {
    for await (const record of options.source.read({ table: phase.source.table, className: phase.source.className, key: phase.source.key })) {
      rows += 1;
      keys.add(record, rows);
    }
  } catch (error) {
    if (!isKeyStop(error)) throw error;
    return undefined;
  }
  return keys;
}

function isKeyStop(error: unknown): error is PegaSourceError {
  return error instanceof PegaSourceError && (error.kind === 'null-key' || error.kind === 'duplicate-key');
}
