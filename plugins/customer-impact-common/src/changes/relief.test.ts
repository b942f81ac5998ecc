import { JourneyEvent, JourneyFeedback } from '../journey/figures';
import { JourneyEntityV1alpha1 } from '../journey/types';
import {
  countInWindow,
  journeyStepRelief,
  reliefWindows,
  sloRelief,
  supportRelief,
  supportReliefByTeam,
  ReliefSupportEvent,
} from './relief';

// The worked example. A change at Wednesday 3 March 2027 10:00 UTC, compared
// over 4 weeks, seen on Wednesday 24 March 12:00 UTC:
//   before = [at − 4 × 7 d, at) = [3 Feb 10:00, 3 Mar 10:00)
//   now − at = 21 d 2 h → floor(21.08 / 7) = 3 whole weeks have passed, so
//   after = [at, at + 3 × 7 d) = [3 Mar 10:00, 24 Mar 10:00), 3 weeks.
const AT = '2027-03-03T10:00:00.000Z';
const NOW = '2027-03-24T12:00:00.000Z';
const CHECKOUT = 'group:default/team-checkout';
const BILLING = 'group:default/team-billing';
const GROWTH = 'group:default/team-growth';
const DATA_SINCE = '2026-12-01T00:00:00.000Z';

function ev(
  openedAt: string,
  consumerRef?: string,
  kind: ReliefSupportEvent['kind'] = 'ticket',
): ReliefSupportEvent {
  return { openedAt, kind, ...(consumerRef ? { consumerRef } : {}) };
}

const checkout = [
  ev('2027-02-03T09:59:59.999Z', CHECKOUT), // 1 ms before the before window: in neither
  ev('2027-02-03T10:00:00.000Z', CHECKOUT), // exactly at at − 4 weeks: before
  ...[
    '2027-02-05',
    '2027-02-08',
    '2027-02-10',
    '2027-02-12',
    '2027-02-15',
    '2027-02-17',
    '2027-02-19',
    '2027-02-22',
    '2027-02-24',
    '2027-02-26',
  ].map(day => ev(`${day}T09:00:00.000Z`, CHECKOUT)), // 10 more before
  ev('2027-03-03T09:59:59.999Z', CHECKOUT), // the last ms before the change: before
  ev('2027-03-03T10:00:00.000Z', CHECKOUT), // exactly at the change: after
  ev('2027-03-24T10:00:00.000Z', CHECKOUT), // exactly at at + 3 weeks: in neither
];
// Checkout: 12 before → 12 / 4 = 3.0 a week; 1 after → 1 / 3 ≈ 0.33 a week.

const billing = [
  ev('2027-02-04T09:00:00.000Z', BILLING, 'ticket'),
  ev('2027-02-11T09:00:00.000Z', BILLING, 'page'),
  ev('2027-02-18T09:00:00.000Z', BILLING, 'ticket'),
  ev('2027-02-25T09:00:00.000Z', BILLING, 'page'),
  ev('2027-03-04T09:00:00.000Z', BILLING, 'ticket'),
  ev('2027-03-11T09:00:00.000Z', BILLING, 'page'),
  ev('2027-03-18T09:00:00.000Z', BILLING, 'ticket'),
];
// Billing: 4 before → 1.0 a week; 3 after → 3 / 3 = 1.0 a week: no relief.

const noTeam = [ev('2027-02-20T09:00:00.000Z', undefined, 'escalation')];

const windows = reliefWindows({ at: AT, now: NOW, weeks: 4 });

describe('reliefWindows', () => {
  it('puts [at − weeks, at) before and the whole weeks elapsed after', () => {
    expect(windows).toEqual({
      weeks: 4,
      weeksAfterElapsed: 3,
      before: {
        from: '2027-02-03T10:00:00.000Z',
        to: '2027-03-03T10:00:00.000Z',
        weeks: 4,
      },
      after: {
        from: '2027-03-03T10:00:00.000Z',
        to: '2027-03-24T10:00:00.000Z',
        weeks: 3,
      },
      tooEarly: false,
    });
  });

  it('is too early to tell until a whole week has passed', () => {
    // 6 d 23 h 59 min 59.999 s after the change: 0 whole weeks
    const early = reliefWindows({ at: AT, now: '2027-03-10T09:59:59.999Z' });
    expect(early.tooEarly).toBe(true);
    expect(early.weeksAfterElapsed).toBe(0);
    expect(early.after).toBeNull();
    expect(early.afterReason).toBe(
      'too early to tell: less than a week has passed since the change (2027-03-03T10:00:00.000Z)',
    );
    expect(early.before).toEqual({
      from: '2027-02-03T10:00:00.000Z',
      to: AT,
      weeks: 4,
    });
    // exactly 7 days after: one week, [at, at + 7 d)
    const oneWeek = reliefWindows({ at: AT, now: '2027-03-10T10:00:00.000Z' });
    expect(oneWeek.tooEarly).toBe(false);
    expect(oneWeek.after).toEqual({
      from: AT,
      to: '2027-03-10T10:00:00.000Z',
      weeks: 1,
    });
  });

  it('stops the after window at `weeks` once they have all passed', () => {
    // 1 June is 90 days after the change: 12 whole weeks, capped at 4
    const late = reliefWindows({ at: AT, now: '2027-06-01T00:00:00Z' });
    expect(late.weeksAfterElapsed).toBe(4);
    expect(late.after).toEqual({
      from: AT,
      to: '2027-03-31T10:00:00.000Z',
      weeks: 4,
    });
  });

  it('has no window yet for a change dated in the future', () => {
    const future = reliefWindows({ at: AT, now: '2027-03-01T00:00:00Z' });
    expect(future.before).toBeNull();
    expect(future.beforeReason).toBe(
      'the change is dated 2027-03-03T10:00:00.000Z, after now: its before window is not over yet',
    );
    expect(future.after).toBeNull();
    expect(future.tooEarly).toBe(true);
  });

  it('refuses weeks that are not a whole number from 1 to 26', () => {
    for (const weeks of [0, 27, 1.5, Number.NaN]) {
      expect(() => reliefWindows({ at: AT, now: NOW, weeks })).toThrow(
        RangeError,
      );
    }
  });
});

describe('countInWindow', () => {
  it('counts the start and not the end', () => {
    const w = { from: AT, to: '2027-03-10T10:00:00.000Z', weeks: 1 };
    expect(
      countInWindow(
        [
          '2027-03-03T09:59:59.999Z',
          AT,
          '2027-03-10T09:59:59.999Z',
          '2027-03-10T10:00:00.000Z',
        ],
        w,
      ),
    ).toBe(2);
  });
});

describe('supportRelief', () => {
  it('gives events a week before and after, with boundary events on their right side', () => {
    const relief = supportRelief(checkout, windows, { dataSince: DATA_SINCE });
    expect(relief.before).toBe(12);
    expect(relief.beforePerWeek).toBe(3); // 12 / 4
    expect(relief.after).toBe(1);
    expect(relief.afterPerWeek).toBeCloseTo(1 / 3, 10); // 1 / 3 weeks
    expect(relief.byKind.ticket).toEqual({
      beforePerWeek: 3,
      afterPerWeek: 1 / 3,
    });
    expect(relief.byKind.page).toEqual({ beforePerWeek: 0, afterPerWeek: 0 });
    expect(relief.beforeReason).toBeUndefined();
    expect(relief.afterReason).toBeUndefined();
  });

  it('splits per kind', () => {
    const relief = supportRelief(billing, windows, { dataSince: DATA_SINCE });
    // before: 2 tickets + 2 pages over 4 weeks; after: 2 tickets + 1 page over 3 weeks
    expect(relief.beforePerWeek).toBe(1);
    expect(relief.afterPerWeek).toBe(1);
    expect(relief.byKind.ticket).toEqual({
      beforePerWeek: 0.5,
      afterPerWeek: 2 / 3,
    });
    expect(relief.byKind.page).toEqual({
      beforePerWeek: 0.5,
      afterPerWeek: 1 / 3,
    });
  });

  it('is too early to tell after less than a week: null, never 0', () => {
    const early = reliefWindows({ at: AT, now: '2027-03-09T10:00:00Z' });
    const relief = supportRelief(checkout, early, { dataSince: DATA_SINCE });
    expect(relief.beforePerWeek).toBe(3);
    expect(relief.afterPerWeek).toBeNull();
    expect(relief.after).toBeNull();
    expect(relief.byKind.ticket.afterPerWeek).toBeNull();
    expect(relief.afterReason).toMatch(/^too early to tell: /);
  });

  it('measures nothing for entities without any support event', () => {
    const relief = supportRelief([], windows, { dataSince: null });
    expect(relief).toMatchObject({
      beforePerWeek: null,
      afterPerWeek: null,
      beforeReason: 'no support event was ever recorded for these entities',
      afterReason: 'no support event was ever recorded for these entities',
    });
  });

  it('does not measure a before window that began before support data was recorded', () => {
    const relief = supportRelief(checkout, windows, {
      dataSince: '2027-02-10T00:00:00.000Z',
    });
    expect(relief.beforePerWeek).toBeNull();
    expect(relief.beforeReason).toBe(
      'support events are recorded only since 2027-02-10T00:00:00.000Z, after this window began (2027-02-03T10:00:00.000Z)',
    );
    expect(relief.afterPerWeek).toBeCloseTo(1 / 3, 10);
  });
});

describe('supportReliefByTeam', () => {
  it('gives each team its relief, most load before first, and a catalog consumer without events measured at 0', () => {
    const teams = supportReliefByTeam(
      [...billing, ...checkout, ...noTeam],
      windows,
      { dataSince: DATA_SINCE, teamRefs: [GROWTH] },
    );
    expect(
      teams.map(t => [
        t.teamRef,
        t.support.beforePerWeek,
        t.support.afterPerWeek,
      ]),
    ).toEqual([
      [CHECKOUT, 3, 1 / 3],
      [BILLING, 1, 1],
      [GROWTH, 0, 0],
    ]);
    // the escalation without a team counts for the entity, not for a team
    const all = supportRelief([...billing, ...checkout, ...noTeam], windows, {
      dataSince: DATA_SINCE,
    });
    expect(all.before).toBe(17); // 12 + 4 + 1 → 17 / 4 = 4.25 a week
    expect(all.beforePerWeek).toBe(4.25);
    expect(all.after).toBe(4); // 1 + 3 → 4 / 3 a week
  });

  it('leaves out a team whose events are all outside both windows', () => {
    const teams = supportReliefByTeam(
      [ev('2026-12-15T00:00:00Z', 'group:default/team-search')],
      windows,
      { dataSince: DATA_SINCE },
    );
    expect(teams).toEqual([]);
  });
});

describe('sloRelief', () => {
  const occurrences = {
    key: 'payments-availability',
    name: 'payments-availability',
    displayName: 'Availability',
    target: 0.99,
    budgetingMethod: 'Occurrences' as const,
    timeSliceTarget: null,
    timeSliceWindowSeconds: null,
  };
  const bucket = (start: string, good: number, total: number) => ({
    start: Date.parse(start),
    durationSeconds: 300,
    good,
    total,
  });

  it('gives the burn rate over each window: error ratio ÷ (1 − target)', () => {
    const relief = sloRelief(
      occurrences,
      [
        bucket('2027-02-10T00:00:00Z', 990, 1000),
        bucket('2027-02-20T00:00:00Z', 980, 1000),
        bucket(AT, 998, 1000), // starts at the change: after
        bucket('2027-03-24T10:00:00Z', 0, 1000), // starts at the after window's end: neither
      ],
      windows,
    );
    // before: 30 bad of 2000 = 1.5 % ÷ 1 % = 1.5; after: 2 of 1000 = 0.2 % ÷ 1 % = 0.2
    expect(relief.slo).toBe('payments-availability');
    expect(relief.title).toBe('Availability');
    expect(relief.before?.burnRate).toBeCloseTo(1.5, 10);
    expect(relief.before).toMatchObject({ events: 2000, badEvents: 30 });
    expect(relief.after?.burnRate).toBeCloseTo(0.2, 10);
    expect(relief.after).toMatchObject({ events: 1000, badEvents: 2 });
  });

  it('says no data for a window without SLI events, never a burn rate of 0', () => {
    const relief = sloRelief(
      occurrences,
      [bucket('2027-02-10T00:00:00Z', 990, 1000)],
      windows,
    );
    expect(relief.after).toEqual({ burnRate: null, events: 0, badEvents: 0 });
    expect(relief.afterReason).toBe(
      'no SLI data between 2027-03-03T10:00:00.000Z and 2027-03-24T10:00:00.000Z',
    );
  });

  it('counts slices for a Timeslices SLO', () => {
    const relief = sloRelief(
      {
        ...occurrences,
        key: 'latency',
        displayName: null,
        name: 'latency',
        target: 0.9,
        budgetingMethod: 'Timeslices',
        timeSliceTarget: 0.95,
        timeSliceWindowSeconds: 300,
      },
      [
        bucket('2027-02-10T00:00:00Z', 100, 100), // good slice
        bucket('2027-02-10T00:05:00Z', 90, 100), // 0.9 < 0.95: bad slice
        bucket('2027-03-10T00:00:00Z', 100, 100),
      ],
      windows,
    );
    // before: 1 bad of 2 slices = 0.5 ÷ (1 − 0.9) = 5; after: 0 of 1 = 0
    expect(relief.title).toBe('latency');
    expect(relief.before?.burnRate).toBeCloseTo(5, 10);
    expect(relief.before).toMatchObject({ events: 2, badEvents: 1 });
    expect(relief.after).toEqual({ burnRate: 0, events: 1, badEvents: 0 });
  });

  it('is too early to tell after less than a week', () => {
    const relief = sloRelief(
      occurrences,
      [bucket('2027-02-10T00:00:00Z', 990, 1000)],
      reliefWindows({ at: AT, now: '2027-03-05T00:00:00Z' }),
    );
    expect(relief.after).toBeNull();
    expect(relief.afterReason).toMatch(/^too early to tell/);
    expect(relief.before?.burnRate).toBeCloseTo(1, 10);
  });
});

describe('journeyStepRelief', () => {
  const journey: JourneyEntityV1alpha1 = {
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
              id: 'deploy',
              title: 'First deploy',
              entityRef: 'component:payments-service',
            },
          ],
        },
      ],
    },
  };
  const JOURNEY = 'journey:default/first-service';
  let n = 0;
  const event = (
    person: string,
    type: JourneyEvent['type'],
    at: string,
  ): JourneyEvent => ({
    eventId: `e${++n}`,
    journeyRef: JOURNEY,
    stepId: 'deploy',
    subjectHash: person,
    type,
    at,
  });
  const stuck = (person: string, at: string): JourneyFeedback => ({
    stepId: 'deploy',
    subjectHash: person,
    kind: 'stuck',
    at,
  });
  const events = [
    // before: a 1 h, b 2 h, c 3 h → nearest-rank median of 3 is the 2nd: 2 h
    event('a', 'started', '2027-02-10T09:00:00Z'),
    event('a', 'completed', '2027-02-10T10:00:00Z'),
    event('b', 'started', '2027-02-11T09:00:00Z'),
    event('b', 'completed', '2027-02-11T11:00:00Z'),
    event('c', 'started', '2027-02-12T09:00:00Z'),
    event('c', 'completed', '2027-02-12T12:00:00Z'),
    // f starts before the change and completes after it: counted in neither median
    event('f', 'started', '2027-03-03T09:00:00Z'),
    event('f', 'completed', '2027-03-03T11:00:00Z'),
    // after: d 30 min, g 45 min, e 1 h → nearest-rank median of 3 is the
    // 2nd: 45 min (of 2 people the median would be the quicker one's own
    // time, an extreme: withheld, see the journey figures)
    event('d', 'started', '2027-03-10T09:00:00Z'),
    event('d', 'completed', '2027-03-10T09:30:00Z'),
    event('e', 'started', '2027-03-11T09:00:00Z'),
    event('e', 'completed', '2027-03-11T10:00:00Z'),
    event('g', 'started', '2027-03-12T09:00:00Z'),
    event('g', 'completed', '2027-03-12T09:45:00Z'),
  ];
  const feedback = [
    stuck('a', '2027-02-10T09:30:00Z'),
    stuck('b', '2027-02-11T09:30:00Z'),
    stuck('d', '2027-03-10T09:10:00Z'),
  ];

  it('gives the step median and the stuck reports a week on each side, withholding fewer than k people', () => {
    const [deploy, ...rest] = journeyStepRelief({
      journey,
      events,
      feedback,
      stepIds: ['deploy', 'no-such-step'],
      windows,
      k: 2,
    });
    expect(rest).toEqual([]);
    expect(deploy.journeyRef).toBe(JOURNEY);
    expect(deploy.journeyTitle).toBe('Ship your first service');
    expect(deploy.title).toBe('First deploy');
    expect(deploy.medianSeconds.before).toEqual({
      status: 'ok',
      value: 7200,
      people: 3,
    });
    expect(deploy.medianSeconds.after).toEqual({
      status: 'ok',
      value: 2700,
      people: 3,
    });
    // before: 2 stuck reports by 2 people over 4 weeks = 0.5 a week
    expect(deploy.stuckReportsPerWeek.before).toEqual({
      status: 'ok',
      value: 0.5,
      people: 2,
    });
    // after: 1 person gave feedback, fewer than k = 2: withheld
    expect(deploy.stuckReportsPerWeek.after).toEqual({
      status: 'withheld',
      people: 1,
      k: 2,
      reason: 'fewer than k people',
    });
  });

  it('says no data for a step without events, and too early to tell after less than a week', () => {
    const [scaffold] = journeyStepRelief({
      journey,
      events,
      feedback,
      stepIds: ['scaffold'],
      windows,
      k: 2,
    });
    expect(scaffold.medianSeconds.before).toEqual({ status: 'no-data' });

    const [deploy] = journeyStepRelief({
      journey,
      events,
      feedback,
      stepIds: ['deploy'],
      windows: reliefWindows({ at: AT, now: '2027-03-06T00:00:00Z' }),
      k: 2,
    });
    expect(deploy.medianSeconds.after).toEqual({
      status: 'no-data',
      reason: expect.stringMatching(/^too early to tell/),
    });
    expect(deploy.stuckReportsPerWeek.after.status).toBe('no-data');
  });
});
