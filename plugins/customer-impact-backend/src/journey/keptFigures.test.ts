import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { EntityDataCleaner } from '../cleanup/EntityDataCleaner';
import { DatabaseSupportStore } from '../support/SupportStore';
import { JourneyService, JourneySupportEventReader } from './JourneyService';
import { DatabaseJourneyStore, StoredJourneyEvent } from './JourneyStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const JOURNEY_REF = 'journey:default/first-service';
const journey: Entity = {
  apiVersion: 'customer-impact/v1alpha1',
  kind: 'Journey',
  metadata: { name: 'first-service', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    stages: [
      {
        name: 'Ship',
        steps: [
          { id: 'deploy', title: 'First deploy', entityRef: 'build-runner' },
        ],
      },
    ],
  },
};

/** A component that is the journey's step. */
const runner: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'build-runner', namespace: 'default' },
  spec: { type: 'service', owner: 'platform', lifecycle: 'production' },
  relations: [
    { type: 'customer-impact/journeyStepOf', targetRef: JOURNEY_REF },
  ],
};

/** `person` starts at 09:00 and deploys `minutes` later, on `day` (2026-11-02). */
function attempt(
  person: string,
  minutes: number,
  day = '2026-11-02',
): StoredJourneyEvent[] {
  const started = Date.parse(`${day}T09:00:00.000Z`);
  return [
    {
      eventId: `${person}-started`,
      journeyRef: JOURNEY_REF,
      stepId: 'deploy',
      subjectHash: `hash-${person}`,
      type: 'started',
      at: new Date(started).toISOString(),
    },
    {
      eventId: `${person}-completed`,
      journeyRef: JOURNEY_REF,
      stepId: 'deploy',
      subjectHash: `hash-${person}`,
      type: 'completed',
      at: new Date(started + minutes * 60_000).toISOString(),
    },
  ];
}

describe.each(databases.eachSupportedId())(
  'journey figures kept in memory on %p',
  databaseId => {
    it('are given again until a write through any replica changes the journey or the support events', async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const journeys = await DatabaseJourneyStore.create({ database });
      const support = await DatabaseSupportStore.create({ database });
      const replica = () =>
        new JourneyService({
          store: journeys,
          catalog: catalogServiceMock({ entities: [journey] }),
          permissions: mockServices.permissions(),
          logger: mockServices.logger.mock(),
          subjectHashSecret: 'secret',
          k: 2,
          now: () => new Date('2026-11-20T12:00:00.000Z'),
          supportEvents: support,
        });
      const [a, b] = [replica(), replica()];
      const reads = jest.spyOn(journeys, 'readJourney');
      const at = new Date('2026-11-10T00:00:00.000Z');

      // Worked example: three people, 60, 120 and 180 minutes; k = 2. The
      // median by nearest rank is the 2nd of 3: 7,200 s.
      const initial = [
        ...attempt('p1', 60),
        ...attempt('p2', 120),
        ...attempt('p4', 180),
      ];
      await journeys.writeEvents(initial, at);
      const first = await a.getFigures(journey);
      expect(first.journey.peopleStarted).toBe(3);
      expect(first.journey.medianSeconds).toEqual({
        status: 'ok',
        value: 7200,
        people: 3,
      });
      expect(reads).toHaveBeenCalledTimes(1);

      // Asked again: the kept figures, the time of asking the request's own.
      expect(await a.getFigures(journey)).toEqual(first);
      expect(reads).toHaveBeenCalledTimes(1);

      // A replay changes nothing: still kept.
      const version = await journeys.writeVersion();
      expect(await journeys.writeEvents(initial, at)).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 6,
      });
      expect(await journeys.writeVersion()).toBe(version);
      await a.getFigures(journey);
      expect(reads).toHaveBeenCalledTimes(1);

      // A new person (30 minutes), pushed through the other replica:
      // counted at once. The 2nd of 1,800, 3,600, 7,200 and 10,800 s.
      await journeys.writeEvents(attempt('p3', 30), at);
      await b.getFigures(journey);
      const second = await a.getFigures(journey);
      expect(second.journey.peopleStarted).toBe(4);
      expect(second.journey.medianSeconds).toMatchObject({ value: 3600 });
      expect(reads).toHaveBeenCalledTimes(3);

      // A changed event: counted at once (p3 took 100 minutes): the 2nd of
      // 3,600, 6,000, 7,200 and 10,800 s.
      await journeys.writeEvents(attempt('p3', 100), at);
      const third = await a.getFigures(journey);
      expect(third.journey.medianSeconds).toEqual({
        status: 'ok',
        value: 6000,
        people: 4,
      });
      expect(reads).toHaveBeenCalledTimes(4);

      // A support event naming the step: p1 no longer deployed on their own.
      await support.upsertEvents(
        [
          {
            source: 'jira',
            externalId: 'OPS-1',
            entityRef: 'component:default/build-runner',
            kind: 'ticket',
            openedAt: '2026-11-02T09:30:00.000Z',
            journeyRef: JOURNEY_REF,
            journeyStepId: 'deploy',
            requesterHash: 'hash-p1',
          },
        ],
        at,
      );
      const fourth = await a.getFigures(journey);
      expect(reads).toHaveBeenCalledTimes(5);
      expect(fourth.journey.selfServiceRate).not.toEqual(
        third.journey.selfServiceRate,
      );

      // Another definition of the journey: computed for it.
      const renamed: Entity = {
        ...journey,
        spec: {
          ...journey.spec,
          stages: [
            {
              name: 'Ship',
              steps: [{ id: 'deploy', title: 'Deploy', entityRef: 'runner' }],
            },
          ],
        },
      };
      // The records are kept too: not read again.
      expect((await a.getFigures(renamed)).steps[0].title).toBe('Deploy');
      expect(reads).toHaveBeenCalledTimes(5);

      // The journey gone from the catalog past the grace period: the
      // clean-up removes its records and the kept figures with them.
      const cleaner = new EntityDataCleaner({
        knex,
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        graceMs: 0,
        now: () => new Date('2026-11-20T12:00:00.000Z'),
      });
      await cleaner.run();
      await cleaner.run();
      expect(await journeys.writeVersion()).not.toBe(version);
      const gone = await a.getFigures(journey);
      expect(gone.journey.peopleStarted).toBe(0);
      expect(reads).toHaveBeenCalledTimes(6);
    });

    it('over a window are kept for the records in it, and equal the figures of those records computed afresh', async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const journeys = await DatabaseJourneyStore.create({ database });
      const support = await DatabaseSupportStore.create({ database });
      const service = (supportEvents: JourneySupportEventReader) =>
        new JourneyService({
          store: journeys,
          catalog: catalogServiceMock({ entities: [journey, runner] }),
          permissions: mockServices.permissions(),
          logger: mockServices.logger.mock(),
          subjectHashSecret: 'secret',
          k: 2,
          now: () => new Date('2026-11-30T12:00:00.000Z'),
          supportEvents,
        });
      const kept = service(support);
      // Without a write counter, nothing is kept: every window's records are
      // read and filtered one by one.
      const afresh = service({
        journeySupportEvents: ref => support.journeySupportEvents(ref),
      });
      const computed = jest.spyOn(kept as any, 'compute');
      const reads = jest.spyOn(journeys, 'readJourney');
      await journeys.writeEvents(
        [
          ...attempt('p1', 60),
          ...attempt('p2', 120),
          ...attempt('p4', 180),
          ...attempt('p3', 30, '2026-11-09'),
        ],
        new Date('2026-11-10T00:00:00.000Z'),
      );
      const over = async (from: string, to: string) => {
        const window = { from: new Date(from), to: new Date(to) };
        const [facet, expected] = await Promise.all([
          kept.getFacetOverWindow(runner, mockCredentials.user(), window),
          afresh.getFacetOverWindow(runner, mockCredentials.user(), window),
        ]);
        expect(facet).toEqual(expected);
        if (facet.status !== 'ok' || facet.view !== 'passes-through') {
          throw new Error(`no journey figures: ${JSON.stringify(facet)}`);
        }
        return facet.journeys[0].journey;
      };

      // Everyone: the 2nd of 1,800, 3,600, 7,200 and 10,800 s.
      const all = await over(
        '2026-11-01T00:00:00.000Z',
        '2026-11-29T00:00:00.000Z',
      );
      expect(all.medianSeconds).toEqual({
        status: 'ok',
        value: 3600,
        people: 4,
      });
      expect(computed).toHaveBeenCalledTimes(1);
      const readsAfterFirst = reads.mock.calls.length;

      // The window moved by half a day over the same records: kept.
      expect(
        await over('2026-11-01T12:00:00.000Z', '2026-11-29T12:00:00.000Z'),
      ).toEqual(all);
      expect(computed).toHaveBeenCalledTimes(1);
      // Only the service that keeps nothing read the journey again.
      expect(reads.mock.calls.length).toBe(readsAfterFirst + 1);

      // From p3's start to p1's start excluded: p1, p2 and p4 only, all
      // starting at 09:00 on the 2nd, is out; p3 alone (fewer than k = 2
      // people) is withheld. Edges: an event at `from` counts, one at `to`
      // does not.
      const p3Only = await over(
        '2026-11-09T09:00:00.000Z',
        '2026-11-30T00:00:00.000Z',
      );
      expect(p3Only.peopleStarted).toBe(1);
      expect(p3Only.medianSeconds).toMatchObject({ status: 'withheld' });
      expect(computed).toHaveBeenCalledTimes(2);
      const beforeP3 = await over(
        '2026-11-01T00:00:00.000Z',
        '2026-11-09T09:00:00.000Z',
      );
      expect(beforeP3.peopleStarted).toBe(3);
      // The 2nd of 3,600, 7,200 and 10,800 s.
      expect(beforeP3.medianSeconds).toEqual({
        status: 'ok',
        value: 7200,
        people: 3,
      });
      expect(computed).toHaveBeenCalledTimes(3);

      // A write: the window's figures count it at once.
      await journeys.writeEvents(
        [
          ...attempt('p5', 240, '2026-11-09'),
          ...attempt('p6', 90, '2026-11-09'),
        ],
        new Date('2026-11-11T00:00:00.000Z'),
      );
      const late = await over(
        '2026-11-09T09:00:00.000Z',
        '2026-11-30T00:00:00.000Z',
      );
      // The 2nd of 1,800, 5,400 and 14,400 s.
      expect(late.medianSeconds).toEqual({
        status: 'ok',
        value: 5400,
        people: 3,
      });
      expect(computed).toHaveBeenCalledTimes(4);
    });
  },
);
