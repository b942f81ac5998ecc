import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { SupportEvent } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { SupportService } from './SupportService';
import { DatabaseSupportStore } from './SupportStore';
import { writePartOf } from '../database/writeVersion';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const GROUP: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const BUILD = 'component:default/build-runner';
const DEPLOY = 'component:default/deployer';

function event(
  externalId: string,
  entityRef: string,
  consumerRef: string,
  openedAt: string,
): SupportEvent {
  return {
    source: 'jira',
    externalId,
    entityRef,
    consumerRef,
    kind: 'ticket',
    openedAt,
  };
}

const FIRST = [
  event('OPS-1', BUILD, 'group:default/checkout', '2026-11-23T09:00:00Z'),
  event('OPS-2', BUILD, 'group:default/checkout', '2026-11-23T10:00:00Z'),
  event('OPS-3', DEPLOY, 'group:default/search', '2026-11-24T09:00:00Z'),
];

/**
 * Two replicas of the backend over one database: each its own service and
 * store (its own rankings kept in memory), the store's reads counted.
 */
async function replicas(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  let now = new Date('2026-11-25T12:00:00Z');
  const replica = async () => {
    const store = await DatabaseSupportStore.create({ database });
    const counted = jest.spyOn(store, 'consumerCounts');
    const service = new SupportService({ store, now: () => now });
    return { service, store, counted };
  };
  return {
    a: await replica(),
    b: await replica(),
    setNow(at: string) {
      now = new Date(at);
    },
  };
}

const totals = (
  answer: Awaited<ReturnType<SupportService['getGroupConsumers']>>,
) => answer.consumers.map(c => [c.consumerRef, c.total]);

describe.each(databases.eachSupportedId())(
  'the group ranking kept in memory on %p',
  databaseId => {
    it('is given again until a write through any replica changes the events', async () => {
      const { a, b, setNow } = await replicas(databaseId);
      await b.service.push({ events: FIRST });
      const owned = [BUILD, DEPLOY];

      const first = await a.service.getGroupConsumers(GROUP, owned, {
        limit: 10,
      });
      expect(totals(first)).toEqual([
        ['group:default/checkout', 2],
        ['group:default/search', 1],
      ]);
      // Counted per part of the entities: the two are in different parts.
      expect(writePartOf(BUILD)).not.toBe(writePartOf(DEPLOY));
      expect(a.counted).toHaveBeenCalledTimes(2);

      // Asked again, later: kept (no read), its window's end the new now.
      setNow('2026-11-25T12:05:00Z');
      const again = await a.service.getGroupConsumers(GROUP, owned, {
        limit: 10,
      });
      expect(a.counted).toHaveBeenCalledTimes(2);
      expect(again.consumers).toEqual(first.consumers);
      expect(again.window.to).toBe('2026-11-25T12:05:00.000Z');
      expect(again.window.from).toBe(first.window.from);

      // A replay through the other replica changes nothing: still kept.
      expect(await b.service.push({ events: FIRST })).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: 3,
      });
      await a.service.getGroupConsumers(GROUP, owned, { limit: 10 });
      expect(a.counted).toHaveBeenCalledTimes(2);

      // New events through the other replica: computed again, with them;
      // only their entity's part is counted again.
      await b.service.push({
        events: [
          event(
            'OPS-4',
            DEPLOY,
            'group:default/search',
            '2026-11-25T08:00:00Z',
          ),
          event(
            'OPS-5',
            DEPLOY,
            'group:default/search',
            '2026-11-25T09:00:00Z',
          ),
        ],
      });
      const afterInsert = await a.service.getGroupConsumers(GROUP, owned, {
        limit: 10,
      });
      expect(a.counted).toHaveBeenCalledTimes(3);
      expect(a.counted.mock.calls[2][0]).toEqual([DEPLOY]);
      expect(totals(afterInsert)).toEqual([
        ['group:default/search', 3],
        ['group:default/checkout', 2],
      ]);
      expect(afterInsert.lastUpdatedAt).toBe('2026-11-25T12:05:00.000Z');

      // A changed event (another team now): every part counted again (what
      // it was before is not read back).
      await b.service.push({
        events: [
          event('OPS-1', BUILD, 'group:default/search', '2026-11-23T09:00:00Z'),
        ],
      });
      const afterUpdate = await a.service.getGroupConsumers(GROUP, owned, {
        limit: 10,
      });
      expect(a.counted).toHaveBeenCalledTimes(5);
      expect(totals(afterUpdate)).toEqual([
        ['group:default/search', 4],
        ['group:default/checkout', 1],
      ]);
    });

    it('after every kind of write, equals the ranking counted afresh', async () => {
      const { a, b, setNow } = await replicas(databaseId);
      // Six entities in (at least) three parts, four teams.
      const entities = ['a', 'b', 'c', 'd', 'e', 'f'].map(
        n => `component:default/${n}`,
      );
      expect(new Set(entities.map(writePartOf)).size).toBeGreaterThan(2);
      const teams = ['checkout', 'search', 'ads', 'mail'].map(
        n => `group:default/${n}`,
      );
      const events = Array.from({ length: 60 }, (_, i) =>
        event(
          `E-${i}`,
          entities[(i * 7) % 6],
          teams[(i * 5) % 4],
          `2026-11-${String(10 + (i % 14)).padStart(2, '0')}T09:00:00Z`,
        ),
      );
      await b.service.push({ events });
      const owned = entities;
      const same = async (step: string) => {
        const warm = await a.service.getGroupConsumers(GROUP, owned, {
          limit: 10,
        });
        // A service with nothing kept, over the same database.
        const cold = await new SupportService({
          store: a.store,
          now: () => new Date(warm.window.to),
        }).getGroupConsumers(GROUP, owned, { limit: 10 });
        expect({ step, consumers: warm.consumers, total: warm.total }).toEqual({
          step,
          consumers: cold.consumers,
          total: cold.total,
        });
      };
      await same('first');
      // New events on one entity, and on a new team.
      await b.service.push({
        events: [
          event('N-1', entities[2], teams[1], '2026-11-24T10:00:00Z'),
          event(
            'N-2',
            entities[2],
            'group:default/new',
            '2026-11-24T11:00:00Z',
          ),
        ],
      });
      await same('inserted');
      // Events moved to another entity and another team.
      await b.service.push({
        events: [
          event('E-0', entities[5], teams[3], '2026-11-10T09:00:00Z'),
          event('E-1', entities[0], teams[0], '2026-11-11T09:00:00Z'),
        ],
      });
      await same('moved');
      // Deleted by the retention.
      expect(
        await a.store.deleteOpenedBefore(
          new Date('2026-11-13T00:00:00Z'),
          1000,
        ),
      ).toBeGreaterThan(0);
      await same('deleted');
      // A week later: the window moved on.
      setNow('2026-12-02T12:00:00Z');
      await same('a week later');
    });

    it('is kept apart per set of entities, page and group, from counts shared per part', async () => {
      const { a, b } = await replicas(databaseId);
      await b.service.push({ events: FIRST });

      const all = await a.service.getGroupConsumers(GROUP, [BUILD, DEPLOY], {
        limit: 10,
      });
      // A caller who may read one entity only: its own ranking.
      const oneEntity = await a.service.getGroupConsumers(GROUP, [DEPLOY], {
        limit: 10,
      });
      expect(totals(all)).toHaveLength(2);
      expect(totals(oneEntity)).toEqual([['group:default/search', 1]]);
      expect(oneEntity.ownedEntityRefs).toEqual([DEPLOY]);

      const firstPage = await a.service.getGroupConsumers(
        GROUP,
        [BUILD, DEPLOY],
        { limit: 1 },
      );
      expect(totals(firstPage)).toEqual([['group:default/checkout', 2]]);
      expect(firstPage.page.nextCursor).not.toBeNull();

      const other = await a.service.getGroupConsumers(
        { ...GROUP, metadata: { name: 'other', namespace: 'default' } },
        [BUILD, DEPLOY],
        { limit: 10 },
      );
      expect(other.groupRef).toBe('group:default/other');
      expect(totals(other)).toEqual(totals(all));
      // Each part's entities were the same every time: counted once each.
      expect(a.counted).toHaveBeenCalledTimes(2);
    });
  },
);
