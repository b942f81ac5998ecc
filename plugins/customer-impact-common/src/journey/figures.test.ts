import { DateTime } from 'luxon';
import {
  JourneyEvent,
  JourneyFeedback,
  computeJourneyFigures,
  computeJourneyFiguresInSlices,
} from './figures';
import { JourneyEntityV1alpha1 } from './types';

const JOURNEY_REF = 'journey:default/first-deploy';
const T0 = DateTime.fromISO('2027-01-04T09:00:00Z', { zone: 'utc' });

function journey(
  steps: Array<{
    id: string;
    expectedDuration?: string;
    docs?: string[];
    concepts?: string[];
  }>,
): JourneyEntityV1alpha1 {
  return {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: { name: 'first-deploy', namespace: 'default' },
    spec: {
      owner: 'group:platform',
      persona: 'new-hire',
      stages: [
        {
          name: 'Create',
          steps: steps.slice(0, 1).map(s => ({ title: s.id, ...s })),
        },
        ...(steps.length > 1
          ? [
              {
                name: 'Ship',
                steps: steps.slice(1).map(s => ({ title: s.id, ...s })),
              },
            ]
          : []),
      ],
    },
  };
}

const threeSteps = journey([
  {
    id: 'create-service',
    expectedDuration: 'PT30M',
    docs: ['https://docs.example.com/a', 'https://docs.example.com/b'],
    concepts: ['Template', 'catalog-info.yaml'],
  },
  {
    id: 'first-deploy',
    expectedDuration: 'PT1H',
    docs: ['https://docs.example.com/b', 'https://docs.example.com/c'],
    concepts: ['template', 'pipeline'],
  },
  { id: 'announce' },
]);

let nextId = 0;
function ev(
  person: string,
  stepId: string,
  type: JourneyEvent['type'],
  at: DateTime,
  journeyRef = JOURNEY_REF,
): JourneyEvent {
  nextId += 1;
  return {
    eventId: `e${nextId}`,
    journeyRef,
    stepId,
    subjectHash: `hash-${person}`,
    type,
    at: at.toISO()!,
  };
}

function fb(
  person: string,
  stepId: string,
  kind: JourneyFeedback['kind'],
  minutes: number,
  effort?: number,
): JourneyFeedback {
  return {
    stepId,
    subjectHash: `hash-${person}`,
    kind,
    effort,
    comment: `private words of ${person}`,
    at: T0.plus({ minutes }).toISO()!,
  };
}

describe('computeJourneyFigures on a three-step journey', () => {
  // Twelve people p1..p12 start "create-service", p_i at T0 + i hours.
  // p1..p10 complete it after 10, 20, ..., 100 minutes; p11 and p12 do not,
  // and p11 says it gives up.
  // "first-deploy": p1..p7 and p11 start it; p1..p6 complete after
  // 60, 120, 30, 90, 45, 240 minutes.
  // "announce": p1..p4 start and complete it, 1, 2, 3, 4 days after they
  // started "create-service".
  const events: JourneyEvent[] = [];
  const start = (i: number) => T0.plus({ hours: i });
  for (let i = 1; i <= 12; i++) {
    events.push(ev(`p${i}`, 'create-service', 'started', start(i)));
    if (i <= 10) {
      events.push(
        ev(
          `p${i}`,
          'create-service',
          'completed',
          start(i).plus({ minutes: 10 * i }),
        ),
      );
    }
  }
  // p1 starts again later and completes again: the first start and the first
  // completion count.
  events.push(
    ev('p1', 'create-service', 'started', start(1).plus({ minutes: 5 })),
  );
  events.push(
    ev('p1', 'create-service', 'completed', start(1).plus({ minutes: 200 })),
  );
  events.push(
    ev('p11', 'create-service', 'abandoned', start(11).plus({ hours: 1 })),
  );

  const deployMinutes = [60, 120, 30, 90, 45, 240];
  for (let i = 1; i <= 7; i++) {
    const at = start(i).plus({ days: 0.5 });
    events.push(ev(`p${i}`, 'first-deploy', 'started', at));
    if (i <= 6) {
      events.push(
        ev(
          `p${i}`,
          'first-deploy',
          'completed',
          at.plus({ minutes: deployMinutes[i - 1] }),
        ),
      );
    }
  }
  events.push(
    ev('p11', 'first-deploy', 'started', start(11).plus({ days: 1 })),
  );
  for (let i = 1; i <= 4; i++) {
    events.push(
      ev(`p${i}`, 'announce', 'started', start(i).plus({ hours: 23 })),
    );
    events.push(
      ev(`p${i}`, 'announce', 'completed', start(i).plus({ days: i })),
    );
  }

  // Feedback on "create-service" from six people; p1 twice (the later effort counts).
  const feedback: JourneyFeedback[] = [
    fb('p1', 'create-service', 'stuck', 10, 6),
    fb('p1', 'create-service', 'stuck', 20, 7),
    fb('p2', 'create-service', 'done', 30, 2),
    fb('p3', 'create-service', 'done', 40, 3),
    fb('p4', 'create-service', 'done', 50),
    fb('p5', 'create-service', 'stuck', 60, 5),
    fb('p6', 'create-service', 'done', 70, 1),
    fb('p7', 'create-service', 'done', 80, 9), // invalid effort: ignored
  ];

  const figures = computeJourneyFigures({
    journey: threeSteps,
    events,
    feedback,
  });
  const [create, deploy, announce] = figures.steps;

  it('computes median and p90 time taken per step (nearest rank)', () => {
    // create-service: 10 completers, 10..100 min; median rank 5 = 50 min,
    // p90 rank 9 = 90 min.
    expect(create.medianSeconds).toEqual({
      status: 'ok',
      value: 3000,
      people: 10,
    });
    expect(create.p90Seconds).toEqual({
      status: 'ok',
      value: 5400,
      people: 10,
    });
    // first-deploy: sorted 30 45 60 90 120 240; median rank 3 = 60 min;
    // p90 rank ceil(5.4) = 6 is the last: 240 min is p6's own time, withheld.
    expect(deploy.medianSeconds).toEqual({
      status: 'ok',
      value: 3600,
      people: 6,
    });
    expect(deploy.p90Seconds).toEqual({
      status: 'withheld',
      people: 6,
      k: 5,
      reason: "one person's extreme",
    });
  });

  it('computes completion, drop-off and abandonment', () => {
    expect(create.peopleStarted).toBe(12);
    expect(create.completionRate).toEqual({
      status: 'ok',
      value: 10 / 12,
      people: 12,
    });
    expect(create.dropOff).toEqual({ status: 'ok', value: 2 / 12, people: 12 });
    expect(create.abandoned).toEqual({
      status: 'ok',
      value: 1 / 12,
      people: 12,
    });
    expect(deploy.completionRate).toEqual({
      status: 'ok',
      value: 6 / 8,
      people: 8,
    });
    expect(deploy.dropOff).toEqual({ status: 'ok', value: 2 / 8, people: 8 });
  });

  it('computes drop-off from the previous step', () => {
    expect(create.dropOffFromPreviousStep).toEqual({
      status: 'no-data',
      reason: 'the first step has no previous step',
    });
    // 10 completed create-service; p8, p9, p10 never started first-deploy.
    expect(deploy.dropOffFromPreviousStep).toEqual({
      status: 'ok',
      value: 0.3,
      people: 10,
    });
    // 6 completed first-deploy; p5 and p6 never started announce.
    expect(announce.dropOffFromPreviousStep).toEqual({
      status: 'ok',
      value: 2 / 6,
      people: 6,
    });
  });

  it('withholds every figure of a step that fewer than k people started', () => {
    expect(announce.peopleStarted).toBe(4);
    const withheld = {
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    };
    expect(announce.medianSeconds).toEqual(withheld);
    expect(announce.p90Seconds).toEqual(withheld);
    expect(announce.completionRate).toEqual(withheld);
    expect(announce.dropOff).toEqual(withheld);
  });

  it('compares the median with the expected duration', () => {
    expect(create.expectedSeconds).toBe(1800);
    expect(create.timeVsExpected).toEqual({
      status: 'ok',
      value: 3000 / 1800,
      people: 10,
    });
    expect(deploy.timeVsExpected).toEqual({
      status: 'ok',
      value: 1,
      people: 6,
    });
    expect(announce.expectedSeconds).toBeNull();
    expect(announce.timeVsExpected).toEqual({
      status: 'no-data',
      reason: 'the spec has no expectedDuration',
    });
  });

  it('counts stuck reports and the mean effort, one latest score per person', () => {
    expect(create.stuckReports).toEqual({ status: 'ok', value: 3, people: 7 });
    expect(create.peopleStuck).toEqual({ status: 'ok', value: 2, people: 7 });
    // p1 7, p2 2, p3 3, p5 5, p6 1: 18 / 5.
    expect(create.meanEffort).toEqual({ status: 'ok', value: 3.6, people: 5 });
    expect(figures.ignored.effortValues).toBe(1);
    // Nobody gave feedback on first-deploy: no data, not 0.
    expect(deploy.stuckReports).toEqual({ status: 'no-data' });
    expect(deploy.meanEffort).toEqual({ status: 'no-data' });
  });

  it('counts docs and concepts from the spec', () => {
    expect([create.docs, create.concepts]).toEqual([2, 2]);
    expect([announce.docs, announce.concepts]).toEqual([0, 0]);
    // a, b, c; "Template" and "template" are one concept.
    expect([figures.journey.docs, figures.journey.concepts]).toEqual([3, 3]);
  });

  it('computes the whole journey up to its last step', () => {
    const whole = figures.journey;
    expect(whole.peopleStarted).toBe(12);
    expect(whole.completionRate).toEqual({
      status: 'ok',
      value: 4 / 12,
      people: 12,
    });
    expect(whole.dropOff).toEqual({ status: 'ok', value: 8 / 12, people: 12 });
    // Only 4 people completed "announce": the time to first success is withheld.
    expect(whole.medianSeconds).toEqual({
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    });
    expect(whole.expectedSeconds).toBeNull();
    expect(whole.timeVsExpected).toEqual({
      status: 'no-data',
      reason: 'not every step of the spec has an expectedDuration',
    });
    expect(whole.stuckReports).toEqual({ status: 'ok', value: 3, people: 7 });
    expect(whole.meanEffort).toEqual({ status: 'ok', value: 3.6, people: 5 });
  });

  it('shows the time to first success once k people completed (k = 4)', () => {
    const withK4 = computeJourneyFigures({
      journey: threeSteps,
      events,
      feedback,
      k: 4,
    });
    // p1..p4 took 1, 2, 3, 4 days; median rank 2 = 2 days; p90 rank
    // ceil(3.6) = 4 is the slowest person's own time: withheld.
    expect(withK4.journey.medianSeconds).toEqual({
      status: 'ok',
      value: 2 * 86400,
      people: 4,
    });
    expect(withK4.journey.p90Seconds).toEqual({
      status: 'withheld',
      people: 4,
      k: 4,
      reason: "one person's extreme",
    });
    expect(withK4.steps[2].completionRate).toEqual({
      status: 'ok',
      value: 1,
      people: 4,
    });
    expect(withK4.k).toBe(4);
  });

  it('never outputs a subject hash or a comment', () => {
    const text = JSON.stringify(figures);
    expect(text).not.toContain('hash-');
    expect(text).not.toContain('private words');
    expect(figures.journeyRef).toBe(JOURNEY_REF);
  });
});

describe('the k threshold', () => {
  const single = journey([{ id: 'only', expectedDuration: 'PT1H' }]);
  // n people, person i takes i hours.
  function people(n: number): JourneyEvent[] {
    const list: JourneyEvent[] = [];
    for (let i = 1; i <= n; i++) {
      list.push(ev(`q${i}`, 'only', 'started', T0));
      list.push(ev(`q${i}`, 'only', 'completed', T0.plus({ hours: i })));
    }
    return list;
  }

  it('withholds an aggregate over k − 1 people', () => {
    const figures = computeJourneyFigures({
      journey: single,
      events: people(4),
      feedback: [],
    });
    const withheld = {
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    };
    expect(figures.steps[0].medianSeconds).toEqual(withheld);
    expect(figures.steps[0].completionRate).toEqual(withheld);
    expect(figures.steps[0].timeVsExpected).toEqual(withheld);
    expect(figures.journey.medianSeconds).toEqual(withheld);
    expect(figures.journey.startCohorts[0].medianSeconds).toEqual(withheld);
  });

  it('shows an aggregate over exactly k people', () => {
    const figures = computeJourneyFigures({
      journey: single,
      events: people(5),
      feedback: [],
    });
    // 1..5 hours: median rank 3 = 3 h; p90 rank ceil(4.5) = 5 is the
    // slowest person's own 5 h: withheld until 10 people (rank 9 of 10).
    expect(figures.steps[0].medianSeconds).toEqual({
      status: 'ok',
      value: 10800,
      people: 5,
    });
    expect(figures.steps[0].p90Seconds).toEqual({
      status: 'withheld',
      people: 5,
      k: 5,
      reason: "one person's extreme",
    });
    expect(figures.steps[0].timeVsExpected).toEqual({
      status: 'ok',
      value: 3,
      people: 5,
    });
    expect(figures.journey.completionRate).toEqual({
      status: 'ok',
      value: 1,
      people: 5,
    });
  });

  it('withholds feedback figures of k − 1 people and a mean effort of k − 1 scorers', () => {
    const four = ['a', 'b', 'c', 'd'].map((p, i) =>
      fb(p, 'only', 'stuck', i, 4),
    );
    expect(
      computeJourneyFigures({ journey: single, events: [], feedback: four })
        .steps[0].stuckReports,
    ).toEqual({
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    });

    const fiveOneWithoutEffort = [...four, fb('e', 'only', 'done', 9)];
    const step = computeJourneyFigures({
      journey: single,
      events: [],
      feedback: fiveOneWithoutEffort,
    }).steps[0];
    expect(step.stuckReports).toEqual({ status: 'ok', value: 4, people: 5 });
    expect(step.meanEffort).toEqual({
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    });
  });

  it('uses a custom k and rejects a k below 1', () => {
    const figures = computeJourneyFigures({
      journey: single,
      events: people(3),
      feedback: [],
      k: 3,
    });
    expect(figures.steps[0].medianSeconds).toEqual({
      status: 'ok',
      value: 7200,
      people: 3,
    });
    expect(() =>
      computeJourneyFigures({
        journey: single,
        events: [],
        feedback: [],
        k: 0,
      }),
    ).toThrow(RangeError);
  });

  it('says no data, never 0, when nobody took the journey', () => {
    const figures = computeJourneyFigures({
      journey: single,
      events: [],
      feedback: [],
    });
    expect(figures.steps[0].peopleStarted).toBe(0);
    expect(figures.steps[0].medianSeconds).toEqual({ status: 'no-data' });
    expect(figures.steps[0].completionRate).toEqual({ status: 'no-data' });
    expect(figures.journey.medianSeconds).toEqual({ status: 'no-data' });
    expect(figures.journey.startCohorts).toEqual([]);
  });

  it('says no data for the time when k people started and nobody completed', () => {
    const starts = ['a', 'b', 'c', 'd', 'e'].map(p =>
      ev(p, 'only', 'started', T0),
    );
    const step = computeJourneyFigures({
      journey: single,
      events: starts,
      feedback: [],
    }).steps[0];
    expect(step.completionRate).toEqual({ status: 'ok', value: 0, people: 5 });
    expect(step.medianSeconds).toEqual({ status: 'no-data' });
  });
});

describe('start-month cohorts', () => {
  const single = journey([{ id: 'only' }]);
  const events: JourneyEvent[] = [];
  // January 2027: six people start; five complete after 1..5 days.
  for (let i = 1; i <= 6; i++) {
    const at = DateTime.fromISO(`2027-01-${10 + i}T12:00:00Z`);
    events.push(ev(`j${i}`, 'only', 'started', at));
    if (i <= 5) {
      events.push(ev(`j${i}`, 'only', 'completed', at.plus({ days: i })));
    }
  }
  // February 2027: three people, all complete in 1 day.
  for (let i = 1; i <= 3; i++) {
    const at = DateTime.fromISO(`2027-02-0${i}T12:00:00Z`);
    events.push(ev(`f${i}`, 'only', 'started', at));
    events.push(ev(`f${i}`, 'only', 'completed', at.plus({ days: 1 })));
  }
  // 23:30 on 28 February at UTC−1 is 00:30 on 1 March UTC: a March cohort.
  events.push(
    ev(
      'm1',
      'only',
      'started',
      DateTime.fromISO('2027-02-28T23:30:00-01:00', { setZone: true }),
    ),
  );
  events.push(
    ev('m2', 'only', 'started', DateTime.fromISO('2027-03-02T10:00:00Z')),
  );
  // j1 starts again in March: the first start decides the cohort.
  events.push(
    ev('j1', 'only', 'started', DateTime.fromISO('2027-03-05T00:00:00Z')),
  );

  const cohorts = computeJourneyFigures({
    journey: single,
    events,
    feedback: [],
  }).journey.startCohorts;

  it('groups people by the UTC month of their first start, oldest first', () => {
    expect(cohorts.map(c => [c.month, c.peopleStarted])).toEqual([
      ['2027-01', 6],
      ['2027-02', 3],
      ['2027-03', 2],
    ]);
  });

  it('computes median, p25 and p75 time to first success per cohort', () => {
    // 1 2 3 4 5 days: p25 rank ceil(1.25) = 2, median rank 3, p75 rank ceil(3.75) = 4.
    expect(cohorts[0].p25Seconds).toEqual({
      status: 'ok',
      value: 2 * 86400,
      people: 5,
    });
    expect(cohorts[0].medianSeconds).toEqual({
      status: 'ok',
      value: 3 * 86400,
      people: 5,
    });
    expect(cohorts[0].p75Seconds).toEqual({
      status: 'ok',
      value: 4 * 86400,
      people: 5,
    });
    expect(cohorts[0].completionRate).toEqual({
      status: 'ok',
      value: 5 / 6,
      people: 6,
    });
  });

  it('withholds cohorts of fewer than k people', () => {
    const withheld = (people: number) => ({
      status: 'withheld',
      people,
      k: 5,
      reason: 'fewer than k people',
    });
    expect(cohorts[1].medianSeconds).toEqual(withheld(3));
    expect(cohorts[1].completionRate).toEqual(withheld(3));
    expect(cohorts[2].p75Seconds).toEqual(withheld(2));
    // February and March together hold 3 + 2 = 5 people (k): the whole
    // journey minus January covers 5 people, so January is shown.
    expect(cohorts[0].completionRate.status).toBe('ok');
  });

  it('withholds the smallest cohort shown when the withheld ones hold fewer than k people together', () => {
    // January: 6 people, 5 complete. March: 1 person, m1, who completes in 1 h.
    // Shown, January's completion rate (5/6) and the whole journey's (6/7)
    // would give m1's: 6 completed of 7 minus 5 of 6 = 1 of 1. So January is
    // withheld too (1 + 6 = 7 >= 5 people), and m1 cannot be singled out.
    const small = events.filter(e => !/^hash-[fm]/.test(e.subjectHash));
    const m1Start = DateTime.fromISO('2027-03-02T10:00:00Z');
    small.push(ev('m1', 'only', 'started', m1Start));
    small.push(ev('m1', 'only', 'completed', m1Start.plus({ hours: 1 })));
    const figures = computeJourneyFigures({
      journey: single,
      events: small,
      feedback: [],
    });
    const [january, march] = figures.journey.startCohorts;
    expect(march.completionRate).toEqual({
      status: 'withheld',
      people: 1,
      k: 5,
      reason: 'fewer than k people',
    });
    const protects = {
      status: 'withheld',
      people: 6,
      k: 5,
      reason: 'protects a smaller group',
    };
    expect(january.completionRate).toEqual(protects);
    expect(january.medianSeconds).toEqual(protects);
    expect(january.p25Seconds).toEqual(protects);
    expect(january.p75Seconds).toEqual(protects);
    // The whole journey, over 7 people, is shown: 6 of 7 completed.
    expect(figures.journey.completionRate).toEqual({
      status: 'ok',
      value: 6 / 7,
      people: 7,
    });
  });
});

describe('figures that would give away a withheld one', () => {
  // Feedback: "create-service" from p1..p6 (2 stuck), "first-deploy" from x
  // alone (stuck, effort 7), "announce" from q1..q7 (3 stuck). The journey
  // has 2 + 1 + 3 = 6 stuck reports. With create-service and announce shown,
  // 6 − 2 − 3 would be x's own answer; so create-service (6 people, the
  // smaller step shown) is withheld too: first-deploy and create-service
  // together hold 1 + 6 = 7 people.
  const feedback: JourneyFeedback[] = [
    ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p, i) =>
      fb(p, 'create-service', i < 2 ? 'stuck' : 'done', i, 3),
    ),
    fb('x', 'first-deploy', 'stuck', 10, 7),
    ...['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'].map((p, i) =>
      fb(p, 'announce', i < 3 ? 'stuck' : 'done', 20 + i, 2),
    ),
  ];
  const figures = computeJourneyFigures({
    journey: threeSteps,
    events: [],
    feedback,
  });
  const [create, deploy, announce] = figures.steps;

  it('withholds the smallest step shown as well, with the reason', () => {
    expect(deploy.stuckReports).toEqual({
      status: 'withheld',
      people: 1,
      k: 5,
      reason: 'fewer than k people',
    });
    const protects = {
      status: 'withheld',
      people: 6,
      k: 5,
      reason: 'protects a smaller group',
    };
    expect(create.stuckReports).toEqual(protects);
    expect(create.peopleStuck).toEqual(protects);
    expect(create.meanEffort).toEqual(protects);
    expect(announce.stuckReports).toEqual({
      status: 'ok',
      value: 3,
      people: 7,
    });
    // Effort: 6 × 3 + 7 + 7 × 2 = 39 over 14 answers.
    expect(announce.meanEffort).toEqual({ status: 'ok', value: 2, people: 7 });
    expect(figures.journey.meanEffort).toEqual({
      status: 'ok',
      value: 39 / 14,
      people: 14,
    });
  });

  it('leaves nothing to subtract that covers fewer than k people', () => {
    // The journey minus every step shown: 6 − 3 = 3 stuck reports, over the
    // 7 people of create-service and first-deploy.
    const shown = figures.steps.filter(s => s.stuckReports.status === 'ok');
    const hiddenPeople = figures.steps
      .filter(s => s.stuckReports.status === 'withheld')
      .reduce(
        (n, s) =>
          n +
          (s.stuckReports.status === 'withheld' ? s.stuckReports.people : 0),
        0,
      );
    expect(figures.journey.stuckReports).toEqual({
      status: 'ok',
      value: 6,
      people: 14,
    });
    expect(shown.map(s => s.stepId)).toEqual(['announce']);
    expect(hiddenPeople).toBe(7);
  });
});

describe('inputs that do not count', () => {
  const single = journey([{ id: 'only' }]);

  it('leaves out other journeys, unknown steps, bad timestamps and repeated ids', () => {
    const good = ev('a', 'only', 'started', T0);
    const events: JourneyEvent[] = [
      good,
      { ...good }, // same eventId
      ev('b', 'only', 'started', T0, 'journey:default/another'),
      ev('c', 'nope', 'started', T0),
      { ...ev('d', 'only', 'started', T0), at: 'yesterday' },
      // The same journey written differently counts.
      ev('e', 'only', 'started', T0, 'first-deploy'),
      ev('f', 'only', 'started', T0, 'Journey:Default/first-deploy'),
    ];
    const figures = computeJourneyFigures({
      journey: single,
      events,
      feedback: [fb('a', 'nope', 'stuck', 0)],
    });
    expect(figures.ignored).toEqual({
      events: 4,
      feedback: 1,
      effortValues: 0,
      supportEvents: 0,
    });
    expect(figures.steps[0].peopleStarted).toBe(3);
  });

  it('takes the first completion at or after the first start', () => {
    const events = ['a', 'b', 'c', 'd', 'e'].flatMap(p => [
      // A completion before the start (clock skew) does not count.
      ev(p, 'only', 'completed', T0.minus({ minutes: 5 })),
      ev(p, 'only', 'started', T0),
      ev(p, 'only', 'completed', T0.plus({ minutes: 20 })),
    ]);
    const step = computeJourneyFigures({
      journey: single,
      events,
      feedback: [],
    }).steps[0];
    expect(step.medianSeconds).toEqual({
      status: 'ok',
      value: 1200,
      people: 5,
    });
  });
});

describe('computeJourneyFiguresInSlices', () => {
  it('gives the figures computeJourneyFigures gives, pausing every 2,000 records and after each step', async () => {
    // 1,500 people through the three steps (4,500 events and 9 of them
    // outside the journey), and 600 answers.
    const events: JourneyEvent[] = [];
    const feedback: JourneyFeedback[] = [];
    for (let i = 0; i < 1500; i++) {
      const person = `q${i}`;
      const start = T0.plus({ minutes: i });
      events.push(ev(person, 'create-service', 'started', start));
      if (i % 3 !== 0) {
        events.push(
          ev(
            person,
            'create-service',
            'completed',
            start.plus({ minutes: 20 + (i % 40) }),
          ),
        );
      } else {
        events.push(
          ev(person, 'first-deploy', 'started', start.plus({ hours: 1 })),
        );
      }
      if (i % 400 === 0) {
        events.push(
          ev(person, 'announce', 'started', start, 'journey:default/other'),
        );
      }
      if (i % 5 === 0) {
        feedback.push(
          fb(
            person,
            'first-deploy',
            i % 10 === 0 ? 'stuck' : 'done',
            i,
            1 + (i % 7),
          ),
        );
      } else if (i % 5 === 1) {
        feedback.push(fb(person, 'create-service', 'done', i, 2));
      }
    }
    let pauses = 0;
    const sliced = await computeJourneyFiguresInSlices(
      { journey: threeSteps, events, feedback, k: 5 },
      async () => {
        pauses += 1;
      },
    );
    expect(sliced).toEqual(
      computeJourneyFigures({ journey: threeSteps, events, feedback, k: 5 }),
    );
    expect(sliced.ignored.events).toBe(4);
    // 3,004 events and 600 answers: a pause after the 2,000th record, one
    // before each of the 3 steps and one before the whole journey.
    expect(events.length + feedback.length).toBe(3604);
    expect(pauses).toBe(1 + 3 + 1);
  });
});
