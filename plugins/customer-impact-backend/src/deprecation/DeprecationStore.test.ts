import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseDeprecationStore } from './DeprecationStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseDeprecationStore on %p', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await DatabaseDeprecationStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it('records daily counts and returns the burndown oldest first', async () => {
    const { store } = await createStore();
    await store.recordSnapshots(
      '2026-11-20',
      [{ entityRef: 'api:default/payments-v1', dependents: 3 }],
      new Date('2026-11-20T10:00:00Z'),
    );
    await store.recordSnapshots(
      '2026-11-18',
      [{ entityRef: 'api:default/payments-v1', dependents: 5 }],
      new Date('2026-11-18T10:00:00Z'),
    );
    await store.recordSnapshots(
      '2026-11-19',
      [
        { entityRef: 'API:default/Payments-v1', dependents: 4 },
        { entityRef: 'component:default/legacy', dependents: 1 },
      ],
      new Date('2026-11-19T10:00:00Z'),
    );

    expect(await store.getBurndown('api:default/payments-v1', '2026-01-01')).toEqual([
      { date: '2026-11-18', dependents: 5 },
      { date: '2026-11-19', dependents: 4 },
      { date: '2026-11-20', dependents: 3 },
    ]);
    expect(await store.getBurndown('api:default/payments-v1', '2026-11-19')).toEqual([
      { date: '2026-11-19', dependents: 4 },
      { date: '2026-11-20', dependents: 3 },
    ]);
    expect(await store.getBurndown('component:default/legacy', '2026-01-01')).toEqual([
      { date: '2026-11-19', dependents: 1 },
    ]);
  });

  it('imports past days counting inserted, updated and unchanged; a replay changes nothing', async () => {
    const { store } = await createStore();
    const at = new Date('2026-11-21T12:00:00Z');
    const points = [
      { entityRef: 'api:default/payments-v1', day: '2026-10-01', dependents: 6 },
      { entityRef: 'api:default/payments-v1', day: '2026-10-02', dependents: 5 },
    ];
    expect(await store.importPoints(points, at)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await store.importPoints(points, at)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(
      await store.importPoints(
        [{ ...points[0], dependents: 7 }, { entityRef: 'api:default/other', day: '2026-10-02', dependents: 1 }],
        at,
      ),
    ).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    expect(await store.getBurndown('api:default/payments-v1', '2026-01-01')).toEqual([
      { date: '2026-10-01', dependents: 7 },
      { date: '2026-10-02', dependents: 5 },
    ]);
  });

  it('replaces a day when it is recorded again, never adding a second row', async () => {
    const { knex, store } = await createStore();
    const counts = [{ entityRef: 'api:default/payments-v1', dependents: 3 }];
    await store.recordSnapshots('2026-11-20', counts, new Date('2026-11-20T01:00:00Z'));
    await store.recordSnapshots('2026-11-20', counts, new Date('2026-11-20T02:00:00Z'));
    await store.recordSnapshots(
      '2026-11-20',
      [{ entityRef: 'api:default/payments-v1', dependents: 2 }],
      new Date('2026-11-20T03:00:00Z'),
    );
    const rows = await knex('deprecation_snapshots').select();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].dependents)).toBe(2);
    expect(await store.getBurndown('api:default/payments-v1', '2026-01-01')).toEqual([
      { date: '2026-11-20', dependents: 2 },
    ]);
  });

  it('writes a large batch in one transaction (all or nothing)', async () => {
    const { knex, store } = await createStore();
    const counts = Array.from({ length: 450 }, (_, i) => ({
      entityRef: `component:default/c-${i}`,
      dependents: i,
    }));
    // A NULL count violates NOT NULL in the last chunk (rows 401-451): the
    // chunks written before it must be rolled back with it.
    const broken = [
      ...counts,
      { entityRef: 'component:default/broken', dependents: null as unknown as number },
    ];
    await expect(
      store.recordSnapshots('2026-11-20', broken, new Date()),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/not.null/i),
    });
    const [{ n }] = await knex('deprecation_snapshots').count({ n: '*' });
    expect(Number(n)).toBe(0);

    await store.recordSnapshots('2026-11-20', counts, new Date());
    const [{ n: after }] = await knex('deprecation_snapshots').count({ n: '*' });
    expect(Number(after)).toBe(450);
  });
});
