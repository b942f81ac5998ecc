import {
  JourneyEvent,
  JourneyFeedback,
  computeJourneyFigures,
} from './figures';
import { newHireExperienceAt } from './newHires';
import {
  JourneySupportEvent,
  readingUpToEachStep,
  selfServedUntil,
} from './selfService';
import { JourneyEntityV1alpha1 } from './types';
import { JourneyAtEntity } from './api';

const JOURNEY = 'journey:default/first-service';

/**
 * Two steps: "create" goes through no entity, "deploy" through the build
 * runner.
 */
const journey: JourneyEntityV1alpha1 = {
  apiVersion: 'customer-impact/v1alpha1',
  kind: 'Journey',
  metadata: { name: 'first-service', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    persona: 'new-hire',
    stages: [
      {
        name: 'Create',
        steps: [
          {
            id: 'create',
            title: 'Create the service',
            docs: ['https://docs.example.com/a', 'https://docs.example.com/b'],
            concepts: ['Template', 'YAML'],
            expectedDuration: 'PT1H',
          },
        ],
      },
      {
        name: 'Ship',
        steps: [
          {
            id: 'deploy',
            title: 'First deploy',
            entityRef: 'build-runner',
            docs: ['https://docs.example.com/b', 'https://docs.example.com/c'],
            concepts: ['template', 'pipeline'],
            expectedDuration: 'PT1H',
          },
        ],
      },
    ],
  },
};

let n = 0;
function step(
  person: string,
  stepId: string,
  day: string,
  from: string,
  to?: string,
): JourneyEvent[] {
  const at = (time: string) => `${day}T${time}:00Z`;
  const events: JourneyEvent[] = [
    {
      eventId: `e${(n += 1)}`,
      journeyRef: JOURNEY,
      stepId,
      subjectHash: person,
      type: 'started',
      at: at(from),
    },
  ];
  if (to) {
    events.push({
      eventId: `e${(n += 1)}`,
      journeyRef: JOURNEY,
      stepId,
      subjectHash: person,
      type: 'completed',
      at: at(to),
    });
  }
  return events;
}

const JAN = '2027-01-04';
const FEB = '2027-02-01';

/**
 * Six people. Times are UTC on the day given.
 *
 * | person | create        | deploy              | help asked for                                       |
 * |--------|---------------|---------------------|------------------------------------------------------|
 * | p1     | 09:00 → 10:00 | 10:00 → 12:00       | none                                                 |
 * | p2     | 09:00 → 09:30 | 09:30 → 13:00       | "I'm stuck" on deploy at 11:00                       |
 * | p3     | 09:00 → 11:00 | 11:00 → 12:00       | ticket naming create at 10:00 (create has no entity) |
 * | p4     | 09:00 → 10:00 | 10:00 → 11:00       | ticket naming deploy on ANOTHER entity at 10:30 (does not count); "I'm stuck" on deploy at 12:00, after finishing (does not count) |
 * | p5     | 09:00 → 10:00 | 10:00 → (not done)  | ticket naming deploy on the build runner at 10:30    |
 * | p6 Feb | 09:00 → 10:00 | 10:00 → 11:00       | ticket naming deploy on the build runner at 10:15    |
 */
const events: JourneyEvent[] = [
  ...step('p1', 'create', JAN, '09:00', '10:00'),
  ...step('p1', 'deploy', JAN, '10:00', '12:00'),
  ...step('p2', 'create', JAN, '09:00', '09:30'),
  ...step('p2', 'deploy', JAN, '09:30', '13:00'),
  ...step('p3', 'create', JAN, '09:00', '11:00'),
  ...step('p3', 'deploy', JAN, '11:00', '12:00'),
  ...step('p4', 'create', JAN, '09:00', '10:00'),
  ...step('p4', 'deploy', JAN, '10:00', '11:00'),
  ...step('p5', 'create', JAN, '09:00', '10:00'),
  ...step('p5', 'deploy', JAN, '10:00'),
  ...step('p6', 'create', FEB, '09:00', '10:00'),
  ...step('p6', 'deploy', FEB, '10:00', '11:00'),
];

const stuck = (
  person: string,
  stepId: string,
  at: string,
): JourneyFeedback => ({
  stepId,
  subjectHash: person,
  kind: 'stuck',
  at,
});

const feedback: JourneyFeedback[] = [
  stuck('p2', 'deploy', `${JAN}T11:00:00Z`),
  stuck('p4', 'deploy', `${JAN}T12:00:00Z`),
];

const ticket = (
  person: string,
  stepId: string,
  entityRef: string,
  at: string,
  journeyRef = JOURNEY,
): JourneySupportEvent => ({
  subjectHash: person,
  journeyRef,
  stepId,
  entityRef,
  at,
});

const supportEvents: JourneySupportEvent[] = [
  ticket('p3', 'create', 'component:default/portal', `${JAN}T10:00:00Z`),
  ticket('p4', 'deploy', 'component:default/other', `${JAN}T10:30:00Z`),
  ticket('p5', 'deploy', 'component:default/build-runner', `${JAN}T10:30:00Z`),
  ticket('p6', 'deploy', 'component:default/build-runner', `${FEB}T10:15:00Z`),
  // Another journey, and a step this journey does not have: left out.
  ticket(
    'p1',
    'deploy',
    'component:default/build-runner',
    `${JAN}T11:00:00Z`,
    'journey:default/other',
  ),
  ticket('p1', 'nope', 'component:default/build-runner', `${JAN}T11:00:00Z`),
];

describe('self-service rate (worked example by hand)', () => {
  const figures = computeJourneyFigures({
    journey,
    events,
    feedback,
    supportEvents,
    k: 2,
  });
  const [create, deploy] = figures.steps;

  it('per step: the completers who asked nobody for help before they were done', () => {
    // create: 6 started, 6 completed; only p3 asked for help (ticket at
    // 10:00, done at 11:00). 5 / 6 = 0.8333…
    expect(create.selfServiceRate).toEqual({
      status: 'ok',
      value: 5 / 6,
      people: 6,
    });
    // deploy: 6 started, 5 completed (p5 did not). p2 was stuck at 11:00
    // (done 13:00) and p6 opened a ticket at 10:15 (done 11:00); p4's ticket
    // is on another entity and p4's "stuck" came after finishing. Self-served:
    // p1, p3, p4 = 3 of 5 = 0.6.
    expect(deploy.selfServiceRate).toEqual({
      status: 'ok',
      value: 3 / 5,
      people: 5,
    });
  });

  it('for the journey: on their own at every step up to their first success', () => {
    // 5 reached first success (p1, p2, p3, p4, p6). p2 (deploy), p3 (create)
    // and p6 (deploy) asked for help on the way: 2 of 5 = 0.4.
    expect(figures.journey.selfServiceRate).toEqual({
      status: 'ok',
      value: 2 / 5,
      people: 5,
    });
  });

  it('per start-month cohort, the trend, each month under k withheld', () => {
    // January: 5 started (p1–p5), 4 succeeded (p1–p4), of whom p1 and p4 on
    // their own: 2 / 4 = 0.5. February: only p6 started: 1 < k = 2.
    expect(
      figures.journey.startCohorts.map(c => [c.month, c.selfServiceRate]),
    ).toEqual([
      ['2027-01', { status: 'ok', value: 0.5, people: 4 }],
      [
        '2027-02',
        { status: 'withheld', people: 1, k: 2, reason: 'fewer than k people' },
      ],
    ]);
  });

  it('counts the support events that could not be matched', () => {
    // p4's (another entity), the other journey's and the unknown step's.
    expect(figures.ignored.supportEvents).toBe(3);
  });

  it('what a newcomer reads up to each step', () => {
    // create: docs a, b; concepts Template, YAML → 2 and 2.
    // deploy adds doc c (b was read already) and "pipeline" ("template" is
    // the same concept as "Template") → 3 and 3.
    expect(
      figures.steps.map(s => [s.docsUpToHere, s.conceptsUpToHere]),
    ).toEqual([
      [2, 2],
      [3, 3],
    ]);
  });

  it('withholds a rate whose completers are fewer than k', () => {
    const k6 = computeJourneyFigures({
      journey,
      events,
      feedback,
      supportEvents,
      k: 6,
    });
    // create: 6 started and 6 completed: shown. deploy: 5 completed < 6.
    expect(k6.steps[0].selfServiceRate).toMatchObject({
      status: 'ok',
      people: 6,
    });
    expect(k6.steps[1].selfServiceRate).toEqual({
      status: 'withheld',
      people: 5,
      k: 6,
      reason: 'fewer than k people',
    });
  });

  it('has no data when nobody completed, never 0 %', () => {
    const none = computeJourneyFigures({
      journey,
      events: step('p1', 'create', JAN, '09:00'),
      feedback: [],
      k: 1,
    });
    expect(none.steps[0].selfServiceRate).toEqual({ status: 'no-data' });
    expect(none.journey.selfServiceRate).toEqual({ status: 'no-data' });
  });
});

describe('selfServedUntil', () => {
  it('counts help at or before the moment of completion, not after', () => {
    expect(selfServedUntil(undefined, 100)).toBe(true);
    expect(selfServedUntil([101], 100)).toBe(true);
    expect(selfServedUntil([100], 100)).toBe(false);
    expect(selfServedUntil([5, 200], 100)).toBe(false);
  });
});

describe('readingUpToEachStep', () => {
  it('adds each doc and concept once, concepts case-insensitively', () => {
    expect(
      readingUpToEachStep([
        { docs: ['u1', ' u2 '], concepts: ['A'] },
        { docs: ['u2'], concepts: ['a', 'B'] },
        {},
      ]),
    ).toEqual([
      { docs: 2, concepts: 1 },
      { docs: 2, concepts: 2 },
      { docs: 2, concepts: 2 },
    ]);
  });
});

describe('newHireExperienceAt', () => {
  const figure = (value: number) => ({
    status: 'ok' as const,
    value,
    people: 8,
  });
  const at = (
    persona: string,
    steps: Array<[string, number | null]>,
  ): JourneyAtEntity =>
    ({
      journeyRef: `journey:default/${persona}`,
      title: `For ${persona}`,
      persona,
      steps: steps.map(([title, ratio]) => ({
        stepId: title.toLowerCase().replace(/ /g, '-'),
        title,
        timeVsExpected:
          ratio === null
            ? {
                status: 'withheld',
                people: 2,
                k: 5,
                reason: 'fewer than k people',
              }
            : figure(ratio),
        selfServiceRate: figure(0.45),
        docsUpToHere: 4,
        conceptsUpToHere: 3,
      })),
    } as unknown as JourneyAtEntity);

  it('names the new hires’ step that takes longest against its expected time', () => {
    const experience = newHireExperienceAt([
      at('on-call', [['Acknowledge a page', 9]]),
      at('new-hire', [
        ['Request a database', 1.1],
        ['First deploy', 3.4],
        ['Read the runbook', null],
      ]),
    ]);
    // 3.4 > 1.1; the withheld step ranks below measured ones; the on-call
    // journey's 9× is not a new hire's.
    expect(experience).toMatchObject({
      journeyRef: 'journey:default/new-hire',
      step: 'First deploy',
      timeVsExpected: { status: 'ok', value: 3.4 },
      selfServiceRate: { status: 'ok', value: 0.45 },
      docsUpToHere: 4,
      conceptsUpToHere: 3,
      steps: 3,
    });
  });

  it('is null when no new-hire journey passes through', () => {
    expect(newHireExperienceAt([at('on-call', [['x', 2]])])).toBeNull();
  });
});
