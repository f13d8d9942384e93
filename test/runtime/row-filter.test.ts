import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { readPhaseRecords, recordProblem, type FilterCounts } from '../../runtime/read-phase-records.js';
import type { SourceConnector, SourceRecord, SourceTableRef } from '../../runtime/sources/source.js';
import { testProject } from '../support/test-schemas.js';

/** A source that serves fixed rows per table, in the order given. */
class RowsSource implements SourceConnector {
  constructor(private readonly tables: Readonly<Record<string, readonly SourceRecord[]>>) {}

  async *read(table: SourceTableRef): AsyncGenerator<SourceRecord> {
    yield* this.tables[table.table] ?? [];
  }

  async close(): Promise<void> {}
}

const history: SourceRecord[] = [
  { pzInsKey: 'H-1', pxObjClass: 'History-ACME-CS-Work-Service-Refund', pxHistoryForReference: 'ACME-CS-WORK S-1', pyMemo: ' first ' },
  { pzInsKey: 'H-2', pxObjClass: 'History-ACME-CS-Work-Interaction-Call', pxHistoryForReference: 'ACME-CS-WORK-INTERACTION I-1', pyMemo: 'call' },
  { pzInsKey: 'H-3', pxObjClass: 'History-ACME-CS-Work-Service-Complaint', pxHistoryForReference: 'ACME-CS-WORK S-2', pyMemo: null },
  { pzInsKey: 'H-4', pxObjClass: null, pxHistoryForReference: 'ACME-CS-WORK S-3', pyMemo: 'no class' },
];

/** Compiles a history object with the given member lines and returns its phase and value maps. */
function historyPhase(members: string, declarations = '') {
  const spec = `object WorkObject from pega table data.pc_acme_cs_work key pyID to odoo crm.lead
  name = pyID

object Note from pega table data.pc_history_acme_cs_work key pzInsKey to odoo mail.message
  ${members}
  model  = "crm.lead"
  res_id = record_id(WorkObject, regex_extract(pxHistoryForReference, " ([^ ]+)$", 1))
  body   = html(pyMemo)
${declarations}`;
  const result = compileProject(testProject({ 'history.pmap': spec }));
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  const plan = result.plan!;
  return { phase: plan.phases.find((phase) => phase.object === 'Note')!, context: { valueMaps: plan.valueMaps, resolvedTargets: new Map() } };
}

async function readAll(members: string, declarations = ''): Promise<{ keys: string[]; counts: FilterCounts; records: SourceRecord[] }> {
  const { phase, context } = historyPhase(members, declarations);
  const counts: FilterCounts = { sourceRows: 0 };
  const records: SourceRecord[] = [];
  for await (const record of readPhaseRecords(phase, new RowsSource({ 'data.pc_history_acme_cs_work': history }), context, undefined, counts)) records.push(record);
  return { keys: records.map((record) => record.pzInsKey!), counts, records };
}

describe('where filters', () => {
  it('keeps only the rows the condition holds for', async () => {
    const { keys, counts } = await readAll('where regex_extract(pxObjClass, "^History-ACME-CS-Work-Service-") is not null');

    expect(keys).toEqual(['H-1', 'H-3']);
    expect(counts).toEqual({ sourceRows: 2, filtered: 2 });
  });

  it('requires every where line to hold', async () => {
    const { keys, counts } = await readAll('where pxObjClass is not null\n  where pyMemo is not null');

    expect(keys).toEqual(['H-1', 'H-2']);
    expect(counts.filtered).toBe(2);
  });

  it('filters before clean rules run', async () => {
    const { records } = await readAll('where pyMemo == " first "\n  clean pyMemo = trim(pyMemo)');

    expect(records.map((record) => record.pyMemo)).toEqual(['first']);
  });

  it('marks a record whose filter rejects it', async () => {
    const { records, counts } = await readAll('where Kind(pxObjClass) == "service"', 'values Kind { "History-ACME-CS-Work-Service-Refund" => "service" else => error }');

    expect(records.map((record) => record.pzInsKey)).toEqual(['H-1', 'H-2', 'H-3', 'H-4']);
    expect(counts.filtered).toBeUndefined();
    expect(recordProblem(records[0]!)).toBeUndefined();
    expect(recordProblem(records[1]!)?.message).toMatch(/^where: pxObjClass "History-ACME-CS-Work-Interaction-Call" is not in value map Kind/);
  });

  it('reads every row without a where line', async () => {
    const { keys, counts } = await readAll('');

    expect(keys).toEqual(['H-1', 'H-2', 'H-3', 'H-4']);
    expect(counts).toEqual({ sourceRows: 0 });
  });
});
