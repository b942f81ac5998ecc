import {
  JourneyEntityV1alpha1,
  JourneyEvent,
  JourneyFeedback,
  JourneyFiguresReport,
  JourneySupportEvent,
  computeJourneyFigures,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * Test data for the journey components (not shipped: only tests import it).
 *
 * A golden path with three steps:
 * - create (Start): 6 people, person i takes 10 + i minutes (10..15 min).
 *   Median: rank ceil(0.5 x 6) = 3 -> 12 min; p90: rank ceil(0.9 x 6) = 6 -> 15 min.
 *   Expected PT5M: 12 / 5 = 2.4x the expected time -> high friction.
 *   Feedback from 5 people: 2 stuck (one of them twice) -> 3 stuck reports;
 *   efforts 2, 3, 4, 5, 6 -> mean 20 / 5 = 4.
 *   Self-service: the stuck reports came at 10:00, after everyone had
 *   finished (09:10..09:15), so they do not count; p5 opened a ticket naming
 *   the step at 09:05, before finishing at 09:15: 5 of 6 on their own = 83 %.
 *   To read by then: 1 doc, 1 concept.
 * - deploy (Ship): 3 people start, all complete in 30 min: under k = 5 -> withheld.
 * - announce (Ship): nobody -> no data.
 */
export function testJourney(): JourneyEntityV1alpha1 {
  return {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: {
      name: 'first-service',
      namespace: 'default',
      title: 'Ship your first service',
      description: 'From an empty laptop to a service in production.',
    },
    spec: {
      owner: 'group:default/platform',
      persona: 'new-hire',
      goldenPath: true,
      stages: [
        {
          name: 'Start',
          steps: [
            {
              id: 'create',
              title: 'Create a service from the template',
              entityRef: 'component:default/payments-service',
              templateRef: 'template:default/example-nodejs-template',
              docs: ['https://docs.example.com/golden-path/create'],
              concepts: ['software template'],
              expectedDuration: 'PT5M',
            },
          ],
        },
        {
          name: 'Ship',
          steps: [
            { id: 'deploy', title: 'Deploy it', expectedDuration: 'PT1H' },
            { id: 'announce', title: 'Announce it' },
          ],
        },
      ],
    },
  };
}

const REF = 'journey:default/first-service';

function pad(n: number) {
  return String(n).padStart(2, '0');
}

export function testEvents(): JourneyEvent[] {
  const events: JourneyEvent[] = [];
  for (let i = 0; i < 6; i++) {
    events.push(
      {
        eventId: `c${i}s`,
        journeyRef: REF,
        stepId: 'create',
        subjectHash: `p${i}`,
        type: 'started',
        at: '2026-11-02T09:00:00Z',
      },
      {
        eventId: `c${i}c`,
        journeyRef: REF,
        stepId: 'create',
        subjectHash: `p${i}`,
        type: 'completed',
        at: `2026-11-02T09:${pad(10 + i)}:00Z`,
      },
    );
  }
  for (let i = 0; i < 3; i++) {
    events.push(
      {
        eventId: `d${i}s`,
        journeyRef: REF,
        stepId: 'deploy',
        subjectHash: `p${i}`,
        type: 'started',
        at: '2026-11-03T09:00:00Z',
      },
      {
        eventId: `d${i}c`,
        journeyRef: REF,
        stepId: 'deploy',
        subjectHash: `p${i}`,
        type: 'completed',
        at: '2026-11-03T09:30:00Z',
      },
    );
  }
  return events;
}

export function testFeedback(): JourneyFeedback[] {
  const at = '2026-11-02T10:00:00Z';
  return [
    { stepId: 'create', subjectHash: 'p0', kind: 'stuck', effort: 6, at },
    { stepId: 'create', subjectHash: 'p0', kind: 'stuck', at },
    { stepId: 'create', subjectHash: 'p1', kind: 'stuck', effort: 5, at },
    { stepId: 'create', subjectHash: 'p2', kind: 'done', effort: 4, at },
    { stepId: 'create', subjectHash: 'p3', kind: 'done', effort: 3, at },
    { stepId: 'create', subjectHash: 'p4', kind: 'done', effort: 2, at },
  ];
}

/** p5's ticket naming the create step, on its entity, before finishing. */
export function testSupportEvents(): JourneySupportEvent[] {
  return [
    {
      subjectHash: 'p5',
      journeyRef: REF,
      stepId: 'create',
      entityRef: 'component:default/payments-service',
      at: '2026-11-02T09:05:00Z',
    },
  ];
}

/** The report the API returns for {@link testJourney}, with extra feedback if given. */
export function testReport(
  extraFeedback: JourneyFeedback[] = [],
): JourneyFiguresReport {
  return {
    ...computeJourneyFigures({
      journey: testJourney(),
      events: testEvents(),
      feedback: [...testFeedback(), ...extraFeedback],
      supportEvents: testSupportEvents(),
      k: 5,
    }),
    generatedAt: '2026-11-21T12:00:00.000Z',
    window: {
      description: 'all recorded events and answers',
      from: '2026-11-02T09:00:00.000Z',
      to: '2026-11-03T09:30:00.000Z',
    },
    lastUpdatedAt: '2026-11-21T11:00:00.000Z',
  };
}
