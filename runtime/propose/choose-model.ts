import type { OdooSchema, PegaTable } from '../schema-types.js';
import { pascalCase, propertyWords } from './property-words.js';

/** The Odoo model a Pega table's records become, and why. */
export interface ModelChoice {
  readonly model: string;
  readonly objectName: string;
  /** The business key: Pega's case id for work tables, else the discovered primary key. */
  readonly key: readonly string[];
  /** Field values that follow from the choice itself, such as `is_company = true` for organizations. */
  readonly constants: readonly ModelConstant[];
  readonly evidence: string;
}

export interface ModelConstant {
  readonly field: string;
  /** The literal as a spec writes it. */
  readonly value: string;
  readonly confidence: number;
  readonly evidence: string;
}

/** A table left without a draft, and why. */
export interface SkippedTable {
  readonly table: string;
  readonly reason: string;
}

const partnerWords = ['contact', 'customer', 'person', 'individual', 'party'];
const companyWords = ['organization', 'organisation', 'company', 'companies', 'org', 'business'];

/**
 * Chooses the Odoo model for a Pega table by what kind of table it is:
 * work tables (cases, with pyStatusWork) become crm.lead opportunities,
 * customer and contact tables res.partner people, organization tables
 * res.partner companies. Tables of Pega's own machinery (assignments,
 * history, attachments, rules, operators) and link tables are skipped with
 * the reason; `--model` drafts them anyway.
 */
export function chooseModel(tableName: string, table: PegaTable, odooSchema: OdooSchema, model?: string): ModelChoice | SkippedTable {
  const base = tableName.slice(tableName.indexOf('.') + 1);
  const words = propertyWords(base.replace(/^p[cr]_/, ''));
  const objectName = pascalCase(words.length > 0 ? words : ['Object']);
  const key = businessKey(table);
  if (model !== undefined) {
    if (!odooSchema.models[model]) return { table: tableName, reason: `the model ${model} is not in schemas/odoo.json; add it to a spec and run pmap discover odoo` };
    return { model, objectName, key, constants: constantsFor(model, words), evidence: `--model ${model}` };
  }

  const skipped = machineryReason(tableName, base, table);
  if (skipped) return { table: tableName, reason: skipped };
  if ((table.key?.length ?? 0) > 1) return { table: tableName, reason: `its key (${table.key!.join(', ')}) has several columns: a link table whose rows relate records rather than being records` };

  const isWork = table.columns.pyStatusWork !== undefined && table.columns.pyID !== undefined;
  let chosen: { model: string; evidence: string } | undefined;
  if (isWork) chosen = { model: 'crm.lead', evidence: `${tableName} is a Pega work table (it has pyID and pyStatusWork): its cases become opportunities` };
  else if (words.some((word) => companyWords.includes(word))) chosen = { model: 'res.partner', evidence: `${tableName} holds organizations: they become companies (res.partner with is_company)` };
  else if (words.some((word) => partnerWords.includes(word))) chosen = { model: 'res.partner', evidence: `${tableName} holds customers: they become contacts (res.partner)` };
  if (!chosen) return { table: tableName, reason: 'no Odoo model corresponds to it by name or columns' };
  if (!odooSchema.models[chosen.model]) return { table: tableName, reason: `it would become ${chosen.model}, which is not in schemas/odoo.json` };
  return { model: chosen.model, objectName, key, constants: constantsFor(chosen.model, words), evidence: chosen.evidence };
}

export function isSkipped(choice: ModelChoice | SkippedTable): choice is SkippedTable {
  return 'reason' in choice;
}

/** The key people know a record by: pyID (`S-1001`) for cases rather than the pzInsKey handle. */
function businessKey(table: PegaTable): string[] {
  const key = table.key ?? [];
  if (key.length === 1 && key[0] === 'pzInsKey' && table.columns.pyID) return ['pyID'];
  if (key.length > 0) return [...key];
  return table.columns.pzInsKey ? ['pzInsKey'] : [Object.keys(table.columns).sort()[0]!];
}

function machineryReason(tableName: string, base: string, table: PegaTable): string | undefined {
  const className = table.className;
  if (tableName.startsWith('rules.') || className.startsWith('Rule-')) return 'it stores rules, which pmap docs turns into rebuild documents';
  if (className === 'Data-Admin-Operator-ID') return 'it stores operators, which pmap users pairs with Odoo users';
  if (base.startsWith('pc_assign_') || className.startsWith('Assign-')) return 'it stores open assignments of cases, not records of their own';
  if (base.startsWith('pc_history_') || className.startsWith('History-') || base === 'pr_history') return 'it stores case history';
  if (base.startsWith('pc_link_') || className.startsWith('Link-')) return 'it stores links between cases and attachments';
  if (className.startsWith('Data-WorkAttach')) return 'it stores case attachments';
  if (base.startsWith('pr_data_ih') || base.startsWith('pr_data_') || base.startsWith('pc_data_') || base.startsWith('pr_')) return 'it stores Pega system data';
  if (/xref/i.test(base)) return 'it cross-references ids of other systems';
  return undefined;
}

function constantsFor(model: string, words: readonly string[]): ModelConstant[] {
  if (model === 'crm.lead') {
    return [{ field: 'type', value: '"opportunity"', confidence: 0.7, evidence: 'a case someone works on is an opportunity in the pipeline, not a lead to qualify' }];
  }
  if (model === 'res.partner') {
    const company = words.some((word) => companyWords.includes(word));
    return [{
      field: 'is_company',
      value: company ? 'true' : 'false',
      confidence: 0.95,
      evidence: company ? 'the table holds organizations' : 'the table holds people',
    }];
  }
  return [];
}
