import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStateStore } from '../../runtime/state/postgres-state-store.js';
import { serializeStateStore } from '../../runtime/state/serialized-state-store.js';
import { createTestDatabase, releaseTestDatabases } from '../support/postgres.js';

afterAll(releaseTestDatabases);

describe('serialized PostgreSQL state store', () => {
  it('commits a journal entry before returning while a transaction runs', async (context) => {
    const database = await createTestDatabase('serialized-state');
    if (!database.features.concurrentTransactions) context.skip('PGlite queues the second connection until the transaction ends, so it cannot show what is uncommitted');
    const schema = `${database.schemaPrefix}pmap_state`;
    const store = serializeStateStore(await PostgresStateStore.open(database.connectionString, schema));
    const observer = await PostgresStateStore.open(database.connectionString, schema);
    try {
      const run = await store.beginRun({ kind: 'apply', planHash: 'test', target: 'sandbox', user: 'test' });

      // Two lanes at once: one saves a pre-image (a transaction), the other journals a create.
      const preImage = store.savePreImage({ runId: run.id, object: 'Contact', model: 'res.partner', resId: 7, externalId: 'contact__1', values: { phone: '1' }, adopted: false });
      const entryId = await store.beginCreate({ runId: run.id, object: 'Contact', model: 'res.partner', externalIds: ['contact__2'], hashes: ['h'], maxIdBefore: 9 });

      // The create may be sent to Odoo now, so another connection must already see its entry.
      const entries = await observer.createEntries({ runId: run.id });
      expect(entries.map((entry) => entry.id)).toEqual([entryId]);
      await preImage;
      expect((await observer.preImages(run.id)).map((image) => image.externalId)).toEqual(['contact__1']);
    } finally {
      await store.close();
      await observer.close();
      await database.drop();
    }
  });
});
