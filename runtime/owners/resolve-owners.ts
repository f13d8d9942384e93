import type { Plan } from '../../compiler/plan-types.js';
import type { EvaluationContext } from '../evaluate-expression.js';
import type { OdooClient } from '../odoo/odoo-client.js';
import type { SourceConnector } from '../sources/source.js';
import { countPhaseOwners, phaseOwnersOptional, planUsesOwners, type OwnedRecords } from './collect-owned-records.js';
import { decideOwner, type OwnerSource } from './decide-owner.js';
import { compareCodeUnits, ownersFileName, readOwnersFile } from './owners-file.js';

/** Counts of a run's operators by where their Odoo user came from, for the apply report. */
export interface OwnerSummary {
  readonly operators: number;
  readonly bySource: Readonly<Record<OwnerSource, number>>;
  readonly fallback: string | null;
  readonly unresolved: number;
}

export interface OwnerResolution {
  /** Pega operator id → res.users id, for every operator that has a user. */
  readonly userIds: ReadonlyMap<string, number>;
  /** Pega operator id → the res.partner id of its user, for `owner_partner(...)`; the fallback user is no one's partner. */
  readonly partnerIds: ReadonlyMap<string, number>;
  /** Objects that must not load, with the reason: operators without a user, and their record counts. */
  readonly blocked: ReadonlyMap<string, string>;
  readonly summary: OwnerSummary;
}

/** The number of unresolved operators a message lists, one per line, before it ends with "and N more". */
const listedOperators = 10;

/**
 * Resolves the owner of every record the plan loads, before any record
 * moves: the operators the records name, through owners.yaml, to Odoo user
 * ids looked up by login (archived users included). An object with an
 * operator that has no user is blocked whole, so no record of it loads with
 * a missing owner. Returns undefined when no spec calls `owner(...)`.
 */
export async function resolveOwners(plan: Plan, source: SourceConnector, client: OdooClient, context: EvaluationContext, projectDirectory: string): Promise<OwnerResolution | undefined> {
  if (!planUsesOwners(plan)) return undefined;
  const file = readOwnersFile(projectDirectory);
  const { owned, required, unreadable } = await collectByPhase(plan, source, context);

  // Phases that name operators only through owner_partner are not read here, so every operator in owners.yaml gets its partner.
  const operatorIds = new Set([...owned.keys(), ...(plan.phases.some(phaseOwnersOptional) ? file.operators.keys() : [])]);
  const decisions = new Map([...operatorIds].map((id) => [id, decideOwner(file.operators.get(id), file.fallback)]));
  const logins = [...new Set([...decisions.values()].flatMap((decision) => ('login' in decision ? [decision.login] : [])))];
  const users = logins.length === 0 ? [] : await client.searchRead('res.users', [['login', 'in', logins]], ['login', 'partner_id']);
  const idsByLogin = new Map(users.map((user) => [String(user.login), user.id]));
  const partnersByLogin = new Map(users.flatMap((user) => (Array.isArray(user.partner_id) ? [[String(user.login), user.partner_id[0] as number]] : [])));

  const userIds = new Map<string, number>();
  const partnerIds = new Map<string, number>();
  const problems = new Map<string, string>();
  const bySource: Record<OwnerSource, number> = { odoo_login: 0, matched: 0, provisioned: 0, fallback: 0 };
  for (const [id, decision] of decisions) {
    if ('problem' in decision) {
      problems.set(id, decision.problem);
      continue;
    }
    const userId = idsByLogin.get(decision.login);
    if (userId === undefined) {
      problems.set(id, missingLoginReason(decision.login, decision.source));
      continue;
    }
    userIds.set(id, userId);
    const partnerId = partnersByLogin.get(decision.login);
    if (decision.source !== 'fallback' && partnerId !== undefined) partnerIds.set(id, partnerId);
    if (owned.has(id)) bySource[decision.source] += 1;
  }

  const blocked = blockedObjects(required, problems);
  for (const [object, reason] of unreadable) blocked.set(object, reason);
  const unresolved = [...problems.keys()].filter((id) => required.has(id)).length;
  return {
    userIds,
    partnerIds,
    blocked,
    summary: { operators: owned.size, bySource, fallback: file.fallback, unresolved },
  };
}

/**
 * Counts the records of every phase per operator. A phase whose records
 * cannot be read (a truncated extract, a lost database connection) is
 * blocked with the error, as its load would fail on it, and the other
 * phases still load.
 */
async function collectByPhase(plan: Plan, source: SourceConnector, context: EvaluationContext): Promise<{ owned: OwnedRecords; required: OwnedRecords; unreadable: Map<string, string> }> {
  const owned = new Map<string, Map<string, number>>();
  const required = new Map<string, Map<string, number>>();
  const unreadable = new Map<string, string>();
  for (const phase of plan.phases) {
    // blockedObjects only lists required operators, so an owner_partner-only phase is never blocked and needs no reading ahead.
    if (phaseOwnersOptional(phase)) continue;
    try {
      const phaseOwners = await countPhaseOwners(phase, source, context);
      for (const [operator, count] of phaseOwners.counts) {
        owned.set(operator, new Map([...(owned.get(operator) ?? []), [phase.object, count]]));
        if (phaseOwners.required.has(operator)) required.set(operator, new Map([...(required.get(operator) ?? []), [phase.object, count]]));
      }
    } catch (error) {
      unreadable.set(phase.object, `because reading its records to resolve their owners failed: ${(error as Error).message}`);
    }
  }
  return { owned, required, unreadable };
}

function missingLoginReason(login: string, source: OwnerSource): string {
  if (source === 'fallback') return `the fallback login ${login} is not a user in this Odoo`;
  if (source === 'odoo_login') return `its odoo_login ${login} is not a user in this Odoo`;
  const action = source === 'matched' ? 'matched it to' : 'created for it';
  return `the login ${login} that pmap users ${action} is not a user in this Odoo; run pmap users against this Odoo`;
}

/** Groups unresolved operators by the objects whose records they own. */
function blockedObjects(owned: OwnedRecords, problems: ReadonlyMap<string, string>): Map<string, string> {
  const byObject = new Map<string, Array<{ id: string; records: number; problem: string }>>();
  for (const [id, problem] of problems) {
    for (const [object, records] of owned.get(id) ?? []) byObject.set(object, [...(byObject.get(object) ?? []), { id, records, problem }]);
  }

  const blocked = new Map<string, string>();
  for (const [object, operators] of byObject) {
    operators.sort((a, b) => b.records - a.records || compareCodeUnits(a.id, b.id));
    const records = operators.reduce((sum, operator) => sum + operator.records, 0);
    const listed = operators.slice(0, listedOperators).map((operator) => `\n    ${operator.id}: ${operator.records} record${operator.records === 1 ? '' : 's'}, ${operator.problem}`);
    const more = operators.length > listedOperators ? `\n    and ${operators.length - listedOperators} more` : '';
    const subject = operators.length === 1 ? `1 Pega operator who owns ${records} of its records has` : `${operators.length} Pega operators who own ${records} of its records have`;
    blocked.set(object, `because ${subject} no Odoo user; set odoo_login or fallback in ${ownersFileName}, or run pmap users --provision:${listed.join('')}${more}`);
  }
  return blocked;
}
