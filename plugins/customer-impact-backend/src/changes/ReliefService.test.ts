import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RecordedChange,
  SloDefinition,
} from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseJourneyStore } from '../journey/JourneyStore';
import { SloRetention } from '../slo/SloRetention';
import { createSloStores } from '../slo/stores';
import { storeSloDefinitions } from '../slo/__testUtils__/storeSloDefinitions';
import { DatabaseSupportStore } from '../support/SupportStore';
import { ReliefService, ReliefSources } from './ReliefService';

jest.setTimeout(120_000);

const databases = createTestDatabases();

// A change at Wednesday 3 March 2027 10:00 UTC on payments-service, seen on
// 24 March 12:00 UTC: before = [3 Feb 10:00, 3 Mar 10:00) (4 weeks),
// after = [3 Mar 10:00, 24 Mar 10:00) (3 whole weeks).
const AT = '2027-03-03T10:00:00.000Z';
const NOW = new Date('2027-03-24T12:00:00Z');
const PAYMENTS = 'component:default/payments-service';
const JOURNEY = 'journey:default/first-service';

const change: RecordedChange = {
  id: 'PLAT-7',
  title: 'Connection pool resized',
  at: AT,
  entityRefs: [PAYMENTS],
  recordedAt: AT,
};

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:platform' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/platform' },
    { type: 'customer-impact/journeyStepOf', targetRef: JOURNEY },
  ],
};

const journey: Entity = {
  apiVersion: 'customer-impact/v1alpha1',
  kind: 'Journey',
  metadata: {
    name: 'first-service',
    namespace: 'default',
    title: 'Ship your first service',
  },
  spec: {
    owner: 'group:platform',
    persona: 'new-hire',
    stages: [
      {
        name: 'Deploy',
        steps: [
          { id: 'scaffold', title: 'Create the service' },
          {
            id: 'pay',
            title: 'Take a first payment',
            entityRef: 'payments-service',
          },
        ],
      },
    ],
  },
};

const availability: SloDefinition = {
  key: 'payments-availability',
  name: 'payments-availability',
  displayName: 'Payments availability',
  description: null,
  service: 'payments',
  target: 0.99,
  budgetingMethod: 'Occurrences',
  timeSliceTarget: null,
  timeSliceWindowSeconds: null,
  window: { kind: 'rolling', duration: '28d', durationSeconds: 28 * 86400 },
  indicator: { kind: 'unsupported', reason: 'test' } as any,
  objectiveIndex: 0,
  objectiveName: null,
  alertPolicies: [],
  origin: { source: 'slos.yaml', documentIndex: 0, format: 'openslo' },
};

/** The stores the relief reads, on a fresh database. */
async function storesOn(databaseId: TestDatabaseId) {
  const database = mockServices.database({
    knex: await databases.init(databaseId),
    migrations: { skip: false },
  });
  return {
    support: await DatabaseSupportStore.create({ database }),
    slo: await createSloStores({ database }),
    journeys: await DatabaseJourneyStore.create({ database }),
  };
}

/** The relief of the change on payments-service, seen at NOW. */
function reliefOfChange(sources: ReliefSources) {
  return new ReliefService({
    sources,
    catalog: catalogServiceMock({ entities: [payments, journey] }),
  }).reliefOf({
    change,
    entities: [payments],
    weeks: 4,
    now: NOW,
    credentials: mockCredentials.user(),
  });
}

describe.each(databases.eachSupportedId())(
  'ReliefService over the stores on %p',
  databaseId => {
    it('measures support, SLO burn and journey steps before and after the change', async () => {
      const { support, slo, journeys } = await storesOn(databaseId);

      // Support: checkout 4 before (1.0 a week) and none after (0.0 a week).
      await support.upsertEvents(
        ['2027-02-05', '2027-02-12', '2027-02-19', '2027-02-26'].map(
          (day, i) => ({
            source: 'jira',
            externalId: `T-${i}`,
            entityRef: PAYMENTS,
            consumerRef: 'group:default/team-checkout',
            kind: 'ticket' as const,
            openedAt: `${day}T09:00:00.000Z`,
          }),
        ),
        NOW,
      );

      // SLO: the fine retention (35 days) begins at 17 Feb 12:00, so the
      // 10 Feb hour is read from the roll-ups and the rest from 5-minute buckets.
      await storeSloDefinitions(
        slo.stateStore,
        PAYMENTS,
        [availability],
        NOW.getTime(),
      );
      await slo.sampleStore.writeSamples(
        [
          { start: Date.parse('2027-02-20T00:00:00Z'), good: 980, total: 1000 },
          { start: Date.parse('2027-03-10T00:00:00Z'), good: 998, total: 1000 },
        ].map(s => ({
          ...s,
          entityRef: PAYMENTS,
          slo: 'payments-availability',
          durationSeconds: 300,
        })),
        [
          {
            entityRef: PAYMENTS,
            slo: 'payments-availability',
            start: Date.parse('2027-02-10T00:00:00Z'),
            durationSeconds: 3600,
            good: 990,
            total: 1000,
          },
        ],
      );

      // Journey step "pay": 5 people before (1 h to 5 h: median 3 h), 5 after
      // (10 to 50 min: median 30 min); stuck reports: 5 people before, 1 after.
      const people = ['a', 'b', 'c', 'd', 'e'];
      await journeys.writeEvents(
        people.flatMap((p, i) => [
          {
            eventId: `before-${p}-s`,
            journeyRef: JOURNEY,
            stepId: 'pay',
            subjectHash: p,
            type: 'started' as const,
            at: `2027-02-1${i}T08:00:00.000Z`,
          },
          {
            eventId: `before-${p}-c`,
            journeyRef: JOURNEY,
            stepId: 'pay',
            subjectHash: p,
            type: 'completed' as const,
            at: `2027-02-1${i}T${String(9 + i).padStart(2, '0')}:00:00.000Z`,
          },
          {
            eventId: `after-${p}-s`,
            journeyRef: JOURNEY,
            stepId: 'pay',
            subjectHash: `${p}2`,
            type: 'started' as const,
            at: `2027-03-1${i}T08:00:00.000Z`,
          },
          {
            eventId: `after-${p}-c`,
            journeyRef: JOURNEY,
            stepId: 'pay',
            subjectHash: `${p}2`,
            type: 'completed' as const,
            at: `2027-03-1${i}T08:${String(10 * (i + 1)).padStart(
              2,
              '0',
            )}:00.000Z`,
          },
        ]),
        NOW,
      );
      await journeys.writeFeedback(
        [
          ...people.map((p, i) => ({
            feedbackId: `stuck-${p}`,
            journeyRef: JOURNEY,
            stepId: 'pay',
            subjectHash: p,
            kind: 'stuck' as const,
            comment: null,
            effort: null,
            at: `2027-02-1${i}T08:30:00.000Z`,
          })),
          {
            feedbackId: 'stuck-after',
            journeyRef: JOURNEY,
            stepId: 'pay',
            subjectHash: 'a2',
            kind: 'stuck' as const,
            comment: null,
            effort: null,
            at: '2027-03-10T08:05:00.000Z',
          },
        ],
        NOW,
      );

      const relief = await reliefOfChange({
        support,
        sloState: slo.stateStore,
        sloSamples: slo.sampleStore,
        fineRetentionDays: 35,
        journeys,
        k: 5,
      });

      expect(relief.teams).toEqual([
        expect.objectContaining({
          teamRef: 'group:default/team-checkout',
          title: 'team-checkout', // not in this catalog: its name
          support: expect.objectContaining({
            beforePerWeek: 1, // 4 / 4
            afterPerWeek: 0, // 0 / 3: a measured 0, events are recorded since the week of 5 Feb (Mon 1 Feb)
          }),
        }),
      ]);
      const [entity] = relief.entities;
      expect(entity.entityRef).toBe(PAYMENTS);
      expect(entity.title).toBe('payments-service');

      // SLO: before 30 bad of 2000 = 1.5 % ÷ 1 % = 1.5; after 2 of 1000 = 0.2
      expect(entity.slos).toHaveLength(1);
      expect(entity.slos[0].title).toBe('Payments availability');
      expect(entity.slos[0].before).toMatchObject({
        events: 2000,
        badEvents: 30,
      });
      expect(entity.slos[0].before!.burnRate).toBeCloseTo(1.5, 10);
      expect(entity.slos[0].after!.burnRate).toBeCloseTo(0.2, 10);

      // Journey: before 1 h, 2 h, 3 h, 4 h, 5 h → median (3rd of 5) 3 h;
      // after 10 … 50 min → 30 min. Stuck: 5 reports by 5 people / 4 weeks
      // = 1.25 a week; after 1 person: withheld (k = 5).
      expect(entity.journeySteps).toEqual([
        {
          journeyRef: JOURNEY,
          journeyTitle: 'Ship your first service',
          stepId: 'pay',
          title: 'Take a first payment',
          medianSeconds: {
            before: { status: 'ok', value: 3 * 3600, people: 5 },
            after: { status: 'ok', value: 30 * 60, people: 5 },
          },
          stuckReportsPerWeek: {
            before: { status: 'ok', value: 1.25, people: 5 },
            after: {
              status: 'withheld',
              people: 1,
              k: 5,
              reason: 'fewer than k people',
            },
          },
        },
      ]);
    });

    it('reads a time-slice SLO of 5-minute slices from its fine buckets, kept past a 5-day fine retention', async () => {
      const { support, slo, journeys } = await storesOn(databaseId);
      // Slices of 5 minutes, a 99 % slice target, over 8 weeks: the window
      // starts on 27 Jan 12:00, before the change's "before" window.
      const slices: SloDefinition = {
        ...availability,
        budgetingMethod: 'Timeslices',
        timeSliceTarget: 0.99,
        timeSliceWindowSeconds: 300,
        window: {
          kind: 'rolling',
          duration: '8w',
          durationSeconds: 56 * 86400,
        },
      };
      await storeSloDefinitions(
        slo.stateStore,
        PAYMENTS,
        [slices],
        NOW.getTime(),
      );
      // One hour before the change (10 Feb) whose first 5-minute bucket is
      // half bad, one hour after it (10 Mar) all good; both before the fine
      // horizon of 5 days (19 Mar 12:00).
      const hour = (day: string, firstGood: number) =>
        Array.from({ length: 12 }, (_, i) => ({
          entityRef: PAYMENTS,
          slo: 'payments-availability',
          start: Date.parse(`${day}T00:00:00Z`) + i * 300_000,
          durationSeconds: 300,
          good: i === 0 ? firstGood : 100,
          total: 100,
        }));
      await slo.sampleStore.upsertSamples([
        ...hour('2027-02-10', 50),
        ...hour('2027-03-10', 100),
      ]);
      // The retention keeps them: the window reaches back further.
      const retention = new SloRetention({
        samples: slo.sampleStore,
        state: slo.stateStore,
        fineRetentionDays: 5,
        now: () => NOW,
      });
      expect((await retention.apply()).rolledUp).toBe(0);

      const relief = await reliefOfChange({
        support,
        sloState: slo.stateStore,
        sloSamples: slo.sampleStore,
        fineRetentionDays: 5,
        journeys,
        k: 5,
      });

      // By hand: before, 12 slices measured, 1 bad (50 of 100 good is under
      // 99 %): error ratio 1/12, burn rate (1/12) / 1 % = 8.33; after, 12
      // slices, none bad: 0. From the hourly roll-ups (1,150 of 1,200 good,
      // 95.8 %, one bad hour) the "before" would be all bad.
      const [relieved] = relief.entities[0].slos;
      expect(relieved.before).toMatchObject({ events: 12, badEvents: 1 });
      expect(relieved.before!.burnRate).toBeCloseTo(1 / 12 / 0.01, 10);
      expect(relieved.after).toMatchObject({ events: 12, badEvents: 0 });
      expect(relieved.after!.burnRate).toBe(0);
    });
  },
);
