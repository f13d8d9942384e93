import type { PlanExpression, PlanValueMap } from '../../compiler/plan-types.js';
import { findExpressions } from '../plan-walk.js';
import { evaluateExpression, type EvaluationContext } from '../evaluate-expression.js';
import { RecordRejected } from '../reject.js';
import type { SourceRecord } from '../sources/source.js';
import { compareText } from './format-tally.js';
import type { KeyLookup } from './key-checker.js';
import type { OrphanCheck, OrphanExample } from './profile-types.js';

const EXAMPLES = 3;

/** One `ref(Object, ...)` in a phase's fields. */
export interface PhaseReference {
  readonly field: string;
  readonly object: string;
  readonly args: readonly PlanExpression[];
  /** Source columns the arguments read. */
  readonly columns: readonly string[];
}

/**
 * Collects the distinct values of one reference over a phase's rows, then
 * checks them against the referenced object's keys. Values are trimmed and
 * compared as the loader compares them. At most `maxDistinct` values are kept.
 */
export class OrphanFinder {
  private readonly values = new Map<string, { rows: number; key: string }>();
  private readonly context: EvaluationContext;
  private readonly unsupported: string | undefined;
  private rowsWithValue = 0;
  private empty = 0;
  private uncomputable = 0;
  private capped = false;

  constructor(
    private readonly reference: PhaseReference,
    valueMaps: Readonly<Record<string, PlanValueMap>>,
    private readonly maxDistinct: number,
  ) {
    this.context = { valueMaps, resolvedTargets: new Map() };
    this.unsupported = unsupportedReason(reference, valueMaps);
  }

  /** The referenced object. */
  get object(): string {
    return this.reference.object;
  }

  /** Adds one row of the referencing phase; `key` is the row's key for examples. */
  add(record: SourceRecord, key: string): void {
    if (this.unsupported !== undefined) return;
    let parts: (string | null)[];
    try {
      parts = this.reference.args.map((argument) => {
        const value = evaluateExpression(argument, record, this.context);
        return value === null || typeof value === 'object' ? null : String(value).trim();
      });
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      this.uncomputable += 1;
      return;
    }
    if (parts.some((part) => part === null || part === '')) {
      this.empty += 1;
      return;
    }

    this.rowsWithValue += 1;
    const joined = parts.join('\u001f');
    const entry = this.values.get(joined);
    if (entry !== undefined) entry.rows += 1;
    else if (this.values.size >= this.maxDistinct) this.capped = true;
    else this.values.set(joined, { rows: 1, key });
  }

  /** Checks the collected values against the referenced object's keys. Without usable keys the result is `not-checked` with the reason. */
  result(target: KeyLookup | undefined, maxDistinct: number): OrphanCheck {
    const base = {
      field: this.reference.field,
      object: this.reference.object,
      columns: this.reference.columns,
      rowsWithValue: this.rowsWithValue,
      empty: this.empty,
      uncomputable: this.uncomputable,
      capped: this.capped,
    };
    const notChecked = (reason: string): OrphanCheck => ({ ...base, status: 'not-checked', reason, orphanRows: 0, orphanValues: 0, examples: [] });
    if (this.unsupported !== undefined) return notChecked(this.unsupported);
    if (target === undefined) return notChecked(`the keys of ${this.reference.object} could not be read in full`);
    if (target.capped) return notChecked(`${this.reference.object} has more than ${maxDistinct} keys, the cap; raise --max-distinct to check`);

    let orphanRows = 0;
    const orphans: OrphanExample[] = [];
    for (const [value, entry] of this.values) {
      if (target.has(value)) continue;
      orphanRows += entry.rows;
      orphans.push({ value: value.split('\u001f').join(' / '), key: entry.key });
    }
    orphans.sort((left, right) => compareText(left.value, right.value));
    return { ...base, status: 'checked', orphanRows, orphanValues: orphans.length, examples: orphans.slice(0, EXAMPLES) };
  }
}

/** Finds every `ref` in a phase's field expressions. */
export function phaseReferences(fields: ReadonlyArray<{ readonly field: string; readonly expression: PlanExpression }>): PhaseReference[] {
  const references: PhaseReference[] = [];
  for (const { field, expression } of fields) {
    for (const reference of findExpressions(expression, (node): node is Extract<PlanExpression, { op: 'ref' }> => node.op === 'ref')) {
      const columns = reference.args.flatMap((argument) => findExpressions(argument, isColumn).map((column) => column.name));
      references.push({ field, object: reference.object, args: reference.args, columns: [...new Set(columns)] });
    }
  }
  return references;
}

function isColumn(node: PlanExpression): node is Extract<PlanExpression, { op: 'column' }> {
  return node.op === 'column';
}

/** Returns why a reference key cannot be computed without Odoo, if it cannot. */
function unsupportedReason(reference: PhaseReference, valueMaps: Readonly<Record<string, PlanValueMap>>): string | undefined {
  const needsOdoo = reference.args.some(
    (argument) => findExpressions(argument, (node): node is PlanExpression => node.op === 'lookup' || (node.op === 'map' && valueMaps[node.map]?.targetModel !== undefined)).length > 0,
  );
  return needsOdoo ? 'the reference key uses a lookup or a value map of Odoo records, which needs Odoo' : undefined;
}
