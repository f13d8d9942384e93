import { closestName } from '../compiler/did-you-mean.js';
import type { Span } from '../compiler/diagnostic.js';
import type { Plan } from '../compiler/plan-types.js';
import type { ReferenceData, ReferenceNeed } from '../compiler/reference-data.js';
import type { OdooClient, OdooRecord } from './odoo/odoo-client.js';
import { findExpressions } from './plan-walk.js';
import { resolveLookups } from './resolve-lookups.js';
import { ReferenceDataError } from './resolve-value-map-targets.js';
import type { SourceConnector } from './sources/source.js';

/** Hints for a missing record, by model, where there is more to say than "create it". */
const missingHints: Readonly<Record<string, string>> = {
  'res.country': 'Odoo ships every country, so the value is likely misspelt: res.country.code is the two-letter ISO 3166 code, such as "US"',
  'res.country.state': 'res.country.state.code repeats across countries ("WA" is a US and an Australian state); add the state in Odoo or map the value first',
  'res.currency': 'res.currency.name is the ISO 4217 code, such as "EUR"; Odoo ships every currency, most of them inactive',
};

const defaultMissingHint = 'create it in Odoo, or map to a record that exists';

/** Most candidates fetched to suggest a close name for a missing one. */
const candidateLimit = 500;

/**
 * Checks, before any record moves, that every record the specs name exists in
 * Odoo exactly once and is active: value map targets (stages, teams, activity
 * types, tags, lost reasons) and literal lookups (countries, states,
 * currencies). Problems come back all at once, each with the spec line and a
 * hint. When there are any, the lookups that take values from the source are
 * resolved too, so one run lists every missing record.
 */
export async function checkReferenceData(options: {
  readonly plan: Plan;
  readonly referenceData: ReferenceData;
  readonly client: OdooClient;
  readonly source: SourceConnector;
}): Promise<void> {
  const { plan, referenceData, client } = options;
  const problems = await checkNamedRecords(referenceData.needs, client);
  if (problems.length === 0) return;

  // The run stops anyway, so reading the source once more costs little and
  // saves a second round of fixing.
  const usesLookups = plan.phases.some((phase) => phase.fields.some((field) => findExpressions(field.expression, (node) => node.op === 'lookup').length > 0));
  if (usesLookups) {
    try {
      await resolveLookups(plan, options.source, client, { valueMaps: plan.valueMaps, resolvedTargets: new Map() });
    } catch (error) {
      if (!(error instanceof ReferenceDataError)) throw error;
      const reported = referenceData.needs.map((need) => `lookup(${need.model}, ${need.field}: ${JSON.stringify(need.value)})`);
      problems.push(...error.problems.filter((problem) => !reported.some((prefix) => problem.startsWith(prefix))));
    }
  }
  throw new ReferenceDataError(problems);
}

/** Checks the named records, one search per model and field. */
export async function checkNamedRecords(needs: readonly ReferenceNeed[], client: OdooClient): Promise<string[]> {
  const groups = new Map<string, ReferenceNeed[]>();
  for (const need of needs) {
    const key = `${need.model}\u0000${need.field}`;
    groups.set(key, [...(groups.get(key) ?? []), need]);
  }

  const problems: Array<{ span: Span; text: string }> = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    const { model, field } = group[0]!;
    const hasActive = 'active' in (await client.fieldsGet(model, ['type']));
    const values = [...new Set(group.map((need) => need.value))].sort();
    const rows = await client.searchRead(model, [[field, 'in', values]], hasActive ? [field, 'active'] : [field]);
    let candidates: string[] | undefined;

    for (const value of values) {
      const uses = group.filter((need) => need.value === value);
      const span = uses[0]!.span;
      const where = `${location(span)}: ${describeUses(uses)}`;
      const matches = rows.filter((row) => String(row[field]) === value);
      const named = `${model} with ${field} ${JSON.stringify(value)}`;

      if (matches.length === 0) {
        candidates ??= await fieldValues(client, model, field);
        const suggestion = closestName(value, candidates);
        const hint = suggestion !== undefined ? `did you mean ${JSON.stringify(suggestion)}?` : (missingHints[model] ?? defaultMissingHint);
        problems.push({ span, text: `${where}: no ${named} exists in Odoo; ${hint}` });
      } else if (matches.length > 1) {
        problems.push({ span, text: `${where}: ${matches.length} records of ${named} exist in Odoo (ids ${ids(matches)}); rename or archive all but one` });
      } else if (hasActive && matches[0]!.active === false) {
        problems.push({ span, text: `${where}: the ${named} is archived in Odoo (id ${matches[0]!.id}); unarchive it, or map to an active record` });
      }
    }
  }

  // In spec order, so the list reads alongside the files.
  problems.sort((a, b) => a.span.file.localeCompare(b.span.file) || a.span.startLine - b.span.startLine || a.span.startColumn - b.span.startColumn);
  return problems.map((problem) => problem.text);
}

function location(span: Span): string {
  return `${span.file}:${span.startLine}`;
}

/** Lists what needs a value; the first use gives the line, later ones add theirs. */
function describeUses(uses: readonly ReferenceNeed[]): string {
  const [first, ...others] = uses;
  const also = others.map((use) => ` and ${use.usedBy} at ${location(use.span)}`).join('');
  return `${first!.usedBy}${also}`;
}

function ids(rows: readonly OdooRecord[]): string {
  return rows.map((row) => row.id).join(', ');
}

/** Reads the values the field has in Odoo, to suggest a close one. */
async function fieldValues(client: OdooClient, model: string, field: string): Promise<string[]> {
  const rows = await client.searchRead(model, [], [field], { limit: candidateLimit });
  return rows.map((row) => row[field]).filter((value): value is string => typeof value === 'string');
}
