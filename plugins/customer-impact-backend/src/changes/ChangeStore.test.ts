import { mockServices } from '@backstage/backend-test-utils';
import { Change } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseChangeStore } from './ChangeStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const PAYMENTS = 'component:default/payments-service';
const V2 = 'api:default/payments-v2';
const RUNNER = 'component:default/legacy-build-runner';

function change(id: string, extra: Partial<Change> = {}): Change {
  return {
    id,
    title: `Change ${id}`,
    at: '2027-03-03T10:00:00.000Z',
    entityRefs: [PAYMENTS],
    ...extra,
  };
}

const T1 = new Date('2027-03-04T00:00:00Z');
const T2 = new Date('2027-03-05T00:00:00Z');

describe.each(databases.eachSupportedId())(
  'DatabaseChangeStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return DatabaseChangeStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    }

    it('inserts changes and reads them back exactly, entities in the order sent', async () => {
      const store = await createStore();
      const full = change('PLAT-1', {
        entityRefs: [V2, PAYMENTS],
        url: 'https://github.com/acme/payments/pull/42',
      });
      expect(
        await store.upsertChanges(
          [full, change('PLAT-2')],
          'user:default/ada',
          T1,
        ),
      ).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      expect(await store.getChange('PLAT-1')).toEqual({
        ...full,
        recordedBy: 'user:default/ada',
        recordedAt: T1.toISOString(),
      });
      expect(await store.getChange('PLAT-2')).toEqual({
        ...change('PLAT-2'),
        recordedBy: 'user:default/ada',
        recordedAt: T1.toISOString(),
      });
      expect(await store.getChange('PLAT-3')).toBeUndefined();
    });

    it('leaves a replay alone, whoever sends it, and replaces a changed change', async () => {
      const store = await createStore();
      await store.upsertChanges([change('A'), change('B')], undefined, T1);
      expect(
        await store.upsertChanges(
          [change('A'), change('B')],
          'external:ci-deployer',
          T2,
        ),
      ).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
      expect(await store.getChange('A')).toEqual({
        ...change('A'),
        recordedAt: T1.toISOString(),
      });

      const moved = change('B', {
        at: '2027-03-03T11:00:00.000Z',
        entityRefs: [RUNNER],
        url: 'https://example.com/b',
      });
      expect(
        await store.upsertChanges(
          [change('A'), moved, change('C')],
          'external:ci-deployer',
          T2,
        ),
      ).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
      expect(await store.getChange('B')).toEqual({
        ...moved,
        recordedBy: 'external:ci-deployer',
        recordedAt: T2.toISOString(),
      });
      // the old entity no longer lists it
      expect(
        (await store.listChanges({ entityRefs: [PAYMENTS], limit: 10 })).map(
          c => c.id,
        ),
      ).toEqual(['C', 'A']);
    });

    it('treats the same entities in another order as a change', async () => {
      const store = await createStore();
      await store.upsertChanges(
        [change('A', { entityRefs: [PAYMENTS, V2] })],
        undefined,
        T1,
      );
      expect(
        await store.upsertChanges(
          [change('A', { entityRefs: [V2, PAYMENTS] })],
          undefined,
          T2,
        ),
      ).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    });

    it('writes a batch whole or not at all', async () => {
      const store = await createStore();
      const outcome = await store
        .upsertChanges(
          [
            change('OK'),
            // the same new id twice (the push schema refuses this; the store
            // is asked directly): the second insert fails, the first is undone
            change('OK'),
          ],
          undefined,
          T1,
        )
        .then(
          result => ({ result }),
          error => ({ error: String(error) }),
        );
      expect(outcome).toEqual({
        error: expect.stringMatching(/unique constraint/i),
      });
      expect(await store.getChange('OK')).toBeUndefined();
    });

    it('lists newest first, filters by entity and pages with a position', async () => {
      const store = await createStore();
      await store.upsertChanges(
        [
          change('old', { at: '2027-01-01T00:00:00.000Z' }),
          change('b', { at: '2027-02-01T00:00:00.000Z', entityRefs: [V2] }),
          change('a', { at: '2027-02-01T00:00:00.000Z', entityRefs: [RUNNER] }),
          change('new', {
            at: '2027-03-01T00:00:00.000Z',
            entityRefs: [RUNNER, PAYMENTS],
          }),
        ],
        undefined,
        T1,
      );
      const all = await store.listChanges({ limit: 10 });
      expect(all.map(c => c.id)).toEqual(['new', 'b', 'a', 'old']);
      expect(all[0].entityRefs).toEqual([RUNNER, PAYMENTS]);

      const first = await store.listChanges({ limit: 2 });
      expect(first.map(c => c.id)).toEqual(['new', 'b']);
      const second = await store.listChanges({
        limit: 2,
        after: { at: first[1].at, id: first[1].id },
      });
      // same `at` as b: ordered by id, descending
      expect(second.map(c => c.id)).toEqual(['a', 'old']);
      expect(
        await store.listChanges({
          limit: 2,
          after: { at: second[1].at, id: second[1].id },
        }),
      ).toEqual([]);

      expect(
        (await store.listChanges({ entityRefs: [RUNNER], limit: 10 })).map(
          c => c.id,
        ),
      ).toEqual(['new', 'a']);
      expect(
        (await store.listChanges({ entityRefs: [RUNNER, V2], limit: 10 })).map(
          c => c.id,
        ),
      ).toEqual(['new', 'b', 'a']);
      // the filter does not cut the change's other entities
      expect(
        (await store.listChanges({ entityRefs: [PAYMENTS], limit: 10 }))[0]
          .entityRefs,
      ).toEqual([RUNNER, PAYMENTS]);
      expect(await store.listChanges({ entityRefs: [], limit: 10 })).toEqual(
        [],
      );
    });

    it('deletes a change with its entities', async () => {
      const store = await createStore();
      await store.upsertChanges([change('A'), change('B')], undefined, T1);
      expect(await store.deleteChange('A')).toBe(true);
      expect(await store.deleteChange('A')).toBe(false);
      expect(await store.getChange('A')).toBeUndefined();
      expect(
        (await store.listChanges({ entityRefs: [PAYMENTS], limit: 10 })).map(
          c => c.id,
        ),
      ).toEqual(['B']);
      // recorded again after a delete: a new change
      expect(await store.upsertChanges([change('A')], undefined, T2)).toEqual({
        inserted: 1,
        updated: 0,
        unchanged: 0,
      });
    });
  },
);
