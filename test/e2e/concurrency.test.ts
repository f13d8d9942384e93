import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import type { Plan, PlanPhase } from '../../compiler/plan-types.js';
import { applyPlan, type ApplyOptions } from '../../runtime/apply-plan.js';
import type { ApplyReport } from '../../runtime/apply-report.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { PostgresStateStore } from '../../runtime/state/postgres-state-store.js';
import { SqliteStateStore } from '../../runtime/state/sqlite-state-store.js';
import type { StateStore } from '../../runtime/state/state-store.js';
import { injectedFaults, injectFaults, startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';
import { runPmap } from '../support/run-pmap.js';
import { demoContent } from '../state/odoo-content.js';

const PASSWORD = 'concurrency';
const fastRetries = { retries: 8, baseDelayMs: 2, maxDelayMs: 20 };

/** The field through which a demo record points at the partner it is created under. */
const PARENT_FIELD: Readonly<Record<string, string>> = { Contact: 'parent_id', WorkObject: 'partner_id' };

/** Copies the demo with small batches, so that many batches exist to run in parallel. */
function demoCopy(edit?: (directory: string) => void): { directory: string; plan: Plan } {
  const directory = copyDemoProject();
  editProjectFile(directory, 'pmap.yaml', 'batch_size: 100', 'batch_size: 20');
  edit?.(directory);
  const compiled = compileProject(loadProject(directory).inputs!);
  expect(compiled.diagnostics).toEqual([]);
  return { directory, plan: compiled.plan! };
}

describe('apply with concurrency', () => {
  const sandboxes: Sandbox[] = [];

  afterEach(async () => {
    for (const sandbox of sandboxes.splice(0)) await sandbox.close();
  });

  afterAll(async () => {
    await releaseTestDatabases();
  });

  async function connectedSandbox(): Promise<{ sandbox: Sandbox; client: OdooClient }> {
    const sandbox = await startSandbox({ password: PASSWORD });
    sandboxes.push(sandbox);
    const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD, retry: fastRetries });
    return { sandbox, client };
  }

  /** Applies a demo copy with a state (a new SQLite file unless given), as `pmap apply` does, so creates are journaled. */
  async function apply(client: OdooClient, project: { directory: string; plan: Plan }, options: Partial<ApplyOptions> = {}, store?: StateStore): Promise<ApplyReport> {
    const state = store ?? SqliteStateStore.open(join(mkdtempSync(join(tmpdir(), 'pmap-concurrency-')), 'state.db'));
    try {
      const run = await state.beginRun({ kind: 'apply', planHash: 'test', target: 'sandbox', user: 'test' });
      const source = new BixXmlSource({ directory: join(project.directory, 'extract') });
      try {
        const report = await applyPlan({ plan: project.plan, client, source, projectDirectory: project.directory, state: { store: state, runId: run.id }, ...options });
        await state.finishRun(run.id, report.phases.every((phase) => phase.status === 'succeeded') ? 'succeeded' : 'failed');
        return report;
      } finally {
        await source.close();
      }
    } finally {
      if (!store) await state.close();
    }
  }

  async function cleanRunContent(): Promise<Awaited<ReturnType<typeof demoContent>>> {
    const { client } = await connectedSandbox();
    const report = await apply(client, demoCopy());
    expect(report.phases.every((phase) => phase.status === 'succeeded')).toBe(true);
    return demoContent(client);
  }

  it('loads every record once through 503s and serialization failures', async () => {
    const expected = await cleanRunContent();
    const { sandbox, client } = await connectedSandbox();
    injectFaults(sandbox, { httpStatusRate: { status: 503, rate: 0.05 }, serializationFailureRate: 0.05, latencyMs: 1, seed: 17 });

    // Tracks the partners of the batches in flight, to see that no partner is in two at once.
    const inFlight = new Map<string, Set<number>>();
    const sharedParents: string[] = [];
    let mostInFlight = 0;
    const onBatchLoad: ApplyOptions['onBatchLoad'] = ({ phase, stage, batch, records }) => {
      const name = `${phase.object} batch ${batch}`;
      if (stage === 'committed') {
        inFlight.delete(name);
        return;
      }
      const field = PARENT_FIELD[phase.object];
      const parents = new Set(field ? records.map((record) => record.values[field]).filter((value): value is number => typeof value === 'number') : []);
      for (const [other, otherParents] of inFlight) {
        for (const parent of parents) if (otherParents.has(parent)) sharedParents.push(`${name} and ${other} share partner ${parent}`);
      }
      inFlight.set(name, parents);
      mostInFlight = Math.max(mostInFlight, inFlight.size);
    };

    const report = await apply(client, demoCopy(), { concurrency: 4, onBatchLoad });

    expect(report.phases.map((phase) => [phase.object, phase.status, phase.created, phase.rejected])).toEqual([
      ['Company', 'succeeded', 40, 0],
      ['Contact', 'succeeded', 200, 0],
      ['WorkObject', 'succeeded', 485, 15],
    ]);
    expect(injectedFaults(sandbox).length).toBeGreaterThan(0);
    // Retries of every connection add up in the first client.
    expect(client.retries).toBe(injectedFaults(sandbox).length);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(sharedParents).toEqual([]);
    const loaded = await demoContent(client);
    expect(loaded.totals).toEqual(expected.totals);
    expect(loaded.records).toEqual(expected.records);
  });

  it('recovers lost create answers without mixing up batches', async () => {
    const expected = await cleanRunContent();
    const { sandbox, client } = await connectedSandbox();
    // Creates that commit and then lose their response, while other batches of the same model are in flight.
    injectFaults(sandbox, { commitThenDropRate: 0.3, methods: ['create'], models: ['res.partner', 'crm.lead'], latencyMs: 2, seed: 5 });

    const report = await apply(client, demoCopy(), { concurrency: 4 });

    expect(report.phases.map((phase) => [phase.object, phase.status, phase.created])).toEqual([
      ['Company', 'succeeded', 40],
      ['Contact', 'succeeded', 200],
      ['WorkObject', 'succeeded', 485],
    ]);
    expect(injectedFaults(sandbox).filter((fault) => fault.kind === 'commit-then-drop').length).toBeGreaterThan(3);
    const loaded = await demoContent(client);
    expect(loaded.totals).toEqual(expected.totals);
    expect(loaded.records).toEqual(expected.records);
  });

  it('journals into a PostgreSQL state from four connections', async () => {
    const expected = await cleanRunContent();
    const { sandbox, client } = await connectedSandbox();
    injectFaults(sandbox, { serializationFailureRate: 0.05, commitThenDropRate: 0.1, methods: ['create', 'write', 'search_read'], models: ['res.partner', 'crm.lead'], latencyMs: 1, seed: 23 });
    const database = await createTestDatabase('concurrency');
    const store = await PostgresStateStore.open(database.connectionString, `${database.schemaPrefix}pmap_state`);
    try {
      const project = demoCopy();
      const first = await apply(client, project, { concurrency: 4 }, store);
      expect(first.phases.map((phase) => [phase.object, phase.status, phase.created])).toEqual([
        ['Company', 'succeeded', 40],
        ['Contact', 'succeeded', 200],
        ['WorkObject', 'succeeded', 485],
      ]);
      expect(await store.countRecords('WorkObject')).toBe(485);
      expect(await store.createEntries({ state: 'pending' })).toEqual([]);

      // A state that recorded every record as sent lets a second run skip them all.
      const second = await apply(client, project, { concurrency: 4 }, store);
      expect(second.phases.map((phase) => [phase.object, phase.created, phase.updated, phase.unchanged])).toEqual([
        ['Company', 0, 0, 40],
        ['Contact', 0, 0, 200],
        ['WorkObject', 0, 0, 485],
      ]);
      const loaded = await demoContent(client);
      expect(loaded.totals).toEqual(expected.totals);
      expect(loaded.records).toEqual(expected.records);
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('runs independent phases at the same time', async () => {
    // Without its ref to Contact, WorkObject depends on nothing, as Company does.
    const project = demoCopy((directory) => editProjectFile(directory, 'specs/work-object.pmap', '  partner_id  = ref(Contact, CustomerID)', ''));
    expect(project.plan.phases.map((phase) => [phase.object, phase.level])).toEqual([['Company', 0], ['WorkObject', 0], ['Contact', 1]]);

    const phaseTimes = async (concurrency: number) => {
      const { sandbox, client } = await connectedSandbox();
      injectFaults(sandbox, { latencyMs: 3, seed: 1 });
      const times = new Map<string, { start: number; end?: number }>();
      const onPhase = ({ phase, report }: { phase: PlanPhase; report?: unknown }) => {
        if (!report) times.set(phase.object, { start: performance.now() });
        else times.get(phase.object)!.end = performance.now();
      };
      const report = await apply(client, project, { concurrency, onPhase });
      expect(report.phases.every((phase) => phase.status === 'succeeded')).toBe(true);
      return { company: times.get('Company')!, work: times.get('WorkObject')!, contact: times.get('Contact')! };
    };

    const parallel = await phaseTimes(2);
    expect(parallel.work.start).toBeLessThan(parallel.company.end!);
    expect(parallel.company.start).toBeLessThan(parallel.work.end!);
    expect(parallel.contact.start).toBeGreaterThanOrEqual(parallel.company.end!);

    const serial = await phaseTimes(1);
    expect(serial.work.start).toBeGreaterThanOrEqual(serial.company.end!);
  });
});

describe('pmap apply --concurrency', () => {
  it('loads the demo on four connections', async () => {
    const sandbox = await startSandbox({ password: PASSWORD });
    try {
      const directory = copyDemoProject();
      editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
      const result = await runPmap(['apply', directory, '--concurrency', '4'], { env: { PMAP_ODOO_PASSWORD: PASSWORD } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: PASSWORD });
      expect((await demoContent(client)).totals).toEqual({ 'res.partner': 243, 'crm.lead': 485 });
    } finally {
      await sandbox.close();
    }
  });

  it('rejects a value out of range', async () => {
    const result = await runPmap(['apply', '.', '--concurrency', '9']);
    expect(result.stderr).toContain('--concurrency must be a whole number from 1 to 8, not "9"');
    expect(result.code).toBe(2);
  });

  it('rejects options.concurrency out of range in pmap.yaml', async () => {
    const directory = copyDemoProject();
    editProjectFile(directory, 'pmap.yaml', 'batch_size: 100', 'batch_size: 100\n  concurrency: 0');
    const result = await runPmap(['check', directory]);
    expect(result.stderr + result.stdout).toContain('options.concurrency');
    expect(result.code).toBe(1);
  });
});
