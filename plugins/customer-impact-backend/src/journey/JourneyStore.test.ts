import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseJourneyStore, StoredJourneyEvent } from './JourneyStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const REF = 'journey:default/first-deploy';

function event(
  n: number,
  patch: Partial<StoredJourneyEvent> = {},
): StoredJourneyEvent {
  return {
    eventId: `e-${n}`,
    journeyRef: REF,
    stepId: 'create',
    subjectHash: `hash-${n}`,
    type: 'started',
    at: `2026-11-0${(n % 9) + 1}T09:00:00.000Z`,
    ...patch,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseJourneyStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseJourneyStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return { knex, store };
    }

    it('inserts new events, leaves a replay alone and updates a changed event', async () => {
      const { knex, store } = await createStore();
      const first = await store.writeEvents(
        [event(1), event(2), event(3)],
        new Date('2026-11-10T10:00:00Z'),
      );
      expect(first).toEqual({ inserted: 3, updated: 0, unchanged: 0 });

      // The same batch again: nothing changes, not even received_at.
      const replay = await store.writeEvents(
        [event(1), event(2), event(3)],
        new Date('2026-11-11T10:00:00Z'),
      );
      expect(replay).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
      const records = await store.readJourney(REF);
      expect(records.events).toHaveLength(3);
      expect(records.lastReceivedAt).toBe('2026-11-10T10:00:00.000Z');

      // e-2 becomes a completion, e-4 is new, e-1 is the same.
      const mixed = await store.writeEvents(
        [event(1), event(2, { type: 'completed' }), event(4)],
        new Date('2026-11-12T10:00:00Z'),
      );
      expect(mixed).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
      const after = await store.readJourney(REF);
      expect(after.events.map(e => [e.eventId, e.type])).toEqual([
        // ordered by `at`: e-1 on the 2nd, e-2 on the 3rd, e-3 on the 4th, e-4 on the 5th
        ['e-1', 'started'],
        ['e-2', 'completed'],
        ['e-3', 'started'],
        ['e-4', 'started'],
      ]);
      expect(after.lastReceivedAt).toBe('2026-11-12T10:00:00.000Z');
      const [{ n }] = await knex('journey_events').count({ n: '*' });
      expect(Number(n)).toBe(4);
    });

    it('says which journeys got records after an instant, with their earliest time', async () => {
      const { store } = await createStore();
      await store.writeEvents(
        [event(1), event(2)],
        new Date('2026-11-10T10:00:00Z'),
      );
      await store.writeEvents(
        [
          event(5, {
            journeyRef: 'journey:default/other',
            at: '2026-11-01T08:00:00+02:00',
          }),
        ],
        new Date('2026-11-12T10:00:00Z'),
      );
      await store.writeFeedback(
        [
          {
            feedbackId: 'f-1',
            journeyRef: REF,
            stepId: 'create',
            subjectHash: 'hash-9',
            kind: 'stuck',
            comment: null,
            effort: null,
            at: '2026-11-07T12:00:00Z',
          },
        ],
        new Date('2026-11-12T10:00:00Z'),
      );
      // Before both writes: both journeys; e-1 (2 Nov 09:00 UTC) is REF's earliest.
      expect(
        (await store.changedSince(new Date('2026-11-09T00:00:00Z'))).sort(
          (a, b) => a.journeyRef.localeCompare(b.journeyRef),
        ),
      ).toEqual([
        { journeyRef: REF, from: Date.parse('2026-11-02T09:00:00Z') },
        // 08:00 at +02:00 is 06:00 UTC.
        {
          journeyRef: 'journey:default/other',
          from: Date.parse('2026-11-01T06:00:00Z'),
        },
      ]);
      // After the first write: only what the second wrote (the answer on REF).
      expect(
        (await store.changedSince(new Date('2026-11-11T00:00:00Z'))).sort(
          (a, b) => a.journeyRef.localeCompare(b.journeyRef),
        ),
      ).toEqual([
        { journeyRef: REF, from: Date.parse('2026-11-07T12:00:00Z') },
        {
          journeyRef: 'journey:default/other',
          from: Date.parse('2026-11-01T06:00:00Z'),
        },
      ]);
      expect(
        await store.changedSince(new Date('2026-11-13T00:00:00Z')),
      ).toEqual([]);
    });

    it('reads one journey only, matching its ref in any case', async () => {
      const { store } = await createStore();
      await store.writeEvents(
        [
          event(1, { journeyRef: 'Journey:default/First-Deploy' }),
          event(2, { journeyRef: 'journey:default/other' }),
        ],
        new Date('2026-11-10T10:00:00Z'),
      );
      const records = await store.readJourney('journey:default/FIRST-deploy');
      expect(records.events.map(e => e.eventId)).toEqual(['e-1']);
      expect(records.events[0].journeyRef).toBe(REF);
    });

    it('keeps every feedback answer and never reads comments back', async () => {
      const { knex, store } = await createStore();
      const answer = {
        feedbackId: 'f-1',
        journeyRef: REF,
        stepId: 'create',
        subjectHash: 'hash-1',
        kind: 'stuck' as const,
        comment: 'the template fails on step 3',
        effort: 6,
        at: '2026-11-10T09:00:00.000Z',
      };
      expect(
        await store.writeFeedback([answer], new Date('2026-11-10T10:00:00Z')),
      ).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      // Same person, same step, a later answer: a second record (history).
      expect(
        await store.writeFeedback(
          [
            {
              ...answer,
              feedbackId: 'f-2',
              kind: 'done',
              comment: null,
              effort: null,
              at: '2026-11-11T09:00:00.000Z',
            },
          ],
          new Date('2026-11-11T10:00:00Z'),
        ),
      ).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      // Replaying the first one changes nothing.
      expect(
        await store.writeFeedback([answer], new Date('2026-11-12T10:00:00Z')),
      ).toEqual({ inserted: 0, updated: 0, unchanged: 1 });

      const records = await store.readJourney(REF);
      expect(records.feedback).toEqual([
        {
          stepId: 'create',
          subjectHash: 'hash-1',
          kind: 'stuck',
          effort: 6,
          at: '2026-11-10T09:00:00.000Z',
        },
        {
          stepId: 'create',
          subjectHash: 'hash-1',
          kind: 'done',
          at: '2026-11-11T09:00:00.000Z',
        },
      ]);
      expect(JSON.stringify(records)).not.toContain('template fails');
      // The comment is stored, for the platform team's own database reports.
      const rows = await knex('journey_feedback')
        .where('feedback_id', 'f-1')
        .select('comment');
      expect(rows[0].comment).toBe('the template fails on step 3');
    });

    it('writes a batch in one transaction (all or nothing)', async () => {
      const { knex, store } = await createStore();
      const events = Array.from({ length: 250 }, (_, i) => event(i));
      // A NULL step id violates NOT NULL in the last chunk (rows 201-251): the
      // chunks written before it must be rolled back with it.
      const broken = [
        ...events,
        event(999, { stepId: null as unknown as string }),
      ];
      await expect(store.writeEvents(broken, new Date())).rejects.toMatchObject(
        {
          message: expect.stringMatching(/not.null/i),
        },
      );
      const [{ n }] = await knex('journey_events').count({ n: '*' });
      expect(Number(n)).toBe(0);

      expect(await store.writeEvents(events, new Date())).toEqual({
        inserted: 250,
        updated: 0,
        unchanged: 0,
      });
    });
  },
);
