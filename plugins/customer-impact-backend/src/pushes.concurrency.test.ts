import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from './__testUtils__/databases';
import { DatabaseChangeStore } from './changes/ChangeStore';
import { DatabaseJourneyStore } from './journey/JourneyStore';
import { DatabaseSupportStore } from './support/SupportStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const NOW = new Date('2026-11-21T12:00:00Z');

/**
 * A push sent again while the first is still being written (a client that
 * timed out and retries, perhaps on another replica): both succeed, one
 * inserts the batch, the other finds it unchanged, and every item is stored
 * once. On PostgreSQL the second failed on the unique key (a 500).
 */
describe.each(databases.eachSupportedId())(
  'the same push twice at once, on %p',
  databaseId => {
    let knex: Knex;
    const database = () =>
      mockServices.database({ knex, migrations: { skip: false } });
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    const twiceAtOnce = async <T>(write: () => Promise<T>) => {
      const results = await Promise.allSettled([write(), write()]);
      return results.map(r =>
        r.status === 'fulfilled' ? r.value : `failed: ${r.reason}`,
      );
    };
    const oneInsertsOneFindsUnchanged = (n: number) =>
      expect.arrayContaining([
        expect.objectContaining({ inserted: n, updated: 0, unchanged: 0 }),
        expect.objectContaining({ inserted: 0, updated: 0, unchanged: n }),
      ]);

    it('support events', async () => {
      const store = await DatabaseSupportStore.create({ database: database() });
      const events = Array.from({ length: 500 }, (_, i) => ({
        source: 'jira',
        externalId: `OPS-${i}`,
        entityRef: 'component:default/checkout',
        kind: 'ticket' as const,
        openedAt: '2026-11-16T09:00:00.000Z',
      }));
      expect(await twiceAtOnce(() => store.upsertEvents(events, NOW))).toEqual(
        oneInsertsOneFindsUnchanged(500),
      );
      expect(
        Number((await knex('support_events').count({ n: '*' }))[0].n),
      ).toBe(500);
    });

    it('journey events and feedback', async () => {
      const store = await DatabaseJourneyStore.create({ database: database() });
      const events = Array.from({ length: 500 }, (_, i) => ({
        eventId: `e-${i}`,
        journeyRef: 'journey:default/first-deploy',
        stepId: 'create',
        subjectHash: `h-${i % 20}`,
        type: 'started' as const,
        at: '2026-11-16T09:00:00.000Z',
      }));
      const feedback = Array.from({ length: 200 }, (_, i) => ({
        feedbackId: `f-${i}`,
        journeyRef: 'journey:default/first-deploy',
        stepId: 'create',
        subjectHash: `h-${i % 20}`,
        kind: 'done' as const,
        comment: null,
        effort: 3,
        at: '2026-11-16T09:00:00.000Z',
      }));
      expect(await twiceAtOnce(() => store.writeEvents(events, NOW))).toEqual(
        oneInsertsOneFindsUnchanged(500),
      );
      expect(
        await twiceAtOnce(() => store.writeFeedback(feedback, NOW)),
      ).toEqual(oneInsertsOneFindsUnchanged(200));
    });

    it('changes', async () => {
      const store = await DatabaseChangeStore.create({ database: database() });
      const changes = Array.from({ length: 100 }, (_, i) => ({
        id: `deploy-${i}`,
        title: `Deploy ${i}`,
        at: '2026-11-16T09:00:00.000Z',
        entityRefs: ['component:default/checkout'],
      }));
      expect(
        await twiceAtOnce(() => store.upsertChanges(changes, 'ci', NOW)),
      ).toEqual(oneInsertsOneFindsUnchanged(100));
      expect(
        Number((await knex('recorded_changes').count({ n: '*' }))[0].n),
      ).toBe(100);
    });
  },
);
