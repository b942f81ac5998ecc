import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SupportEvent } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseSupportStore } from './SupportStore';
import {
  SupportRetentionTask,
  applySupportRetention,
  readSupportRetentionMs,
} from './SupportRetentionTask';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY = 24 * 3600 * 1000;
// Monday 7 Dec 2026 06:00 UTC.
const NOW = new Date('2026-12-07T06:00:00.000Z');

function event(externalId: string, openedAt: string): SupportEvent {
  return {
    source: 'jira',
    externalId,
    entityRef: 'component:default/payments-service',
    kind: 'ticket',
    openedAt,
  };
}

describe('customerImpact.support.retention', () => {
  it('is absent by default (events kept for ever), at least 13 weeks when set', () => {
    expect(readSupportRetentionMs(new ConfigReader({}))).toBeUndefined();
    const read = (retention: object) =>
      readSupportRetentionMs(
        new ConfigReader({ customerImpact: { support: { retention } } }),
      );
    expect(read({ weeks: 13 })).toBe(91 * DAY);
    expect(read({ days: 400 })).toBe(400 * DAY);
    expect(() => read({ weeks: 12 })).toThrow(
      'customerImpact.support.retention must be at least 13 weeks',
    );
  });
});

describe.each(databases.eachSupportedId())(
  'support retention on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSupportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return { knex, store };
    }

    it('deletes the events opened before now minus the retention, earliest first, a bounded transaction at a time', async () => {
      const { store } = await createStore();
      const retentionMs = 100 * DAY;
      // The cut: 28 Aug 2026 06:00 UTC. Five events before it (the last one
      // a millisecond before), one exactly at it, two after.
      const cut = NOW.getTime() - retentionMs;
      const iso = (ms: number) => new Date(ms).toISOString();
      await store.upsertEvents(
        [
          event('OLD-1', iso(cut - 300 * DAY)),
          event('OLD-2', iso(cut - 20 * DAY)),
          event('OLD-3', iso(cut - 2 * DAY)),
          event('OLD-4', iso(cut - DAY)),
          event('OLD-5', iso(cut - 1)),
          event('AT-CUT', iso(cut)),
          event('NEW-1', iso(cut + DAY)),
          event('NEW-2', '2026-12-07T05:00:00.000Z'),
        ],
        NOW,
      );
      const before = await store.writeVersion();

      // Two a transaction: 2 + 2 + 1, then it stops (fewer than a batch).
      const calls: number[] = [];
      const counting = {
        deleteOpenedBefore: async (at: Date, limit: number) => {
          const n = await store.deleteOpenedBefore(at, limit);
          calls.push(n);
          return n;
        },
      };
      expect(
        await applySupportRetention({
          store: counting,
          retentionMs,
          now: NOW,
          batch: 2,
        }),
      ).toBe(5);
      expect(calls).toEqual([2, 2, 1]);

      const left = await store.listEvents({
        entityRefs: ['component:default/payments-service'],
      });
      expect(left.map(e => e.externalId)).toEqual(['AT-CUT', 'NEW-1', 'NEW-2']);
      expect(await store.earliestOpenedAt()).toBe(iso(cut));
      // Kept answers are retired on every replica.
      const after = await store.writeVersion();
      expect(after).not.toBe(before);

      // Run again: nothing to delete, the counter stays.
      expect(
        await applySupportRetention({ store, retentionMs, now: NOW }),
      ).toBe(0);
      expect(await store.writeVersion()).toBe(after);
    });

    it('runs as a task that logs what it deleted', async () => {
      const { store } = await createStore();
      await store.upsertEvents(
        [
          event('OLD', '2026-01-05T09:00:00.000Z'),
          event('NEW', '2026-12-01T09:00:00.000Z'),
        ],
        NOW,
      );
      const logger = mockServices.logger.mock();
      const task = new SupportRetentionTask(new ConfigReader({}), {
        store,
        retentionMs: 200 * DAY,
        logger,
        now: () => NOW,
      });
      expect(task.id).toBe('customer-impact-support-retention');
      expect(task.schedule.frequency).toEqual({ hours: 24 });
      await task.run({ signal: new AbortController().signal });
      expect(logger.info).toHaveBeenCalledWith(
        'Support retention: deleted 1 events opened before 2026-05-21T06:00:00.000Z',
      );
      const left = await store.listEvents({
        entityRefs: ['component:default/payments-service'],
      });
      expect(left.map(e => e.externalId)).toEqual(['NEW']);
    });
  },
);
