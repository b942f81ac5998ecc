import { DateTime } from 'luxon';
import {
  countSupportEventsByKind,
  longTailShare,
  medianTimeToResolveSeconds,
  pageShiftFigures,
  rankSupportConsumers,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
  supportWeeksBefore,
} from './figures';
import { SupportEvent } from './schema';
import { SupportEventKind } from './types';
import { parseSupportEventBatch } from './validation';

// Calendar used below: 1 March 2027 is a Monday, the start of ISO week 2027-W09
// (2027-W01 starts on Monday 4 January; 4 Jan + 8 weeks = 1 Mar).
const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';
const W09 = supportWeekOf('2027-03-01T00:00:00Z');
const AFTER_W09 = '2027-03-10T00:00:00Z';

let seq = 0;
function ev(
  kind: SupportEventKind,
  openedAt: string,
  extra: Partial<SupportEvent> = {},
): SupportEvent {
  seq += 1;
  return {
    source: 'test',
    externalId: `E-${seq}`,
    entityRef: PAYMENTS,
    kind,
    openedAt,
    ...extra,
  };
}

describe('ISO weeks', () => {
  it('ends a week at Sunday 23:59:59.999 UTC and starts the next on Monday 00:00 UTC', () => {
    expect(supportWeekOf('2027-02-28T23:59:00Z')).toEqual({
      label: '2027-W08',
      start: '2027-02-22T00:00:00.000Z',
      end: '2027-03-01T00:00:00.000Z',
    });
    expect(supportWeekOf('2027-02-28T23:59:59.999Z').label).toBe('2027-W08');
    expect(supportWeekOf('2027-03-01T00:00:00Z')).toEqual({
      label: '2027-W09',
      start: '2027-03-01T00:00:00.000Z',
      end: '2027-03-08T00:00:00.000Z',
    });
  });

  it('uses UTC, not the offset the moment is written in', () => {
    // 00:30 on Monday in Paris is 23:30 on Sunday in UTC
    expect(supportWeekOf('2027-03-01T00:30:00+01:00').label).toBe('2027-W08');
    expect(
      supportWeekOf(
        DateTime.fromISO('2027-03-01T00:30:00', { zone: 'Europe/Paris' }),
      ).label,
    ).toBe('2027-W08');
    expect(supportWeekOf(new Date('2027-03-07T23:00:00-01:00')).label).toBe(
      '2027-W10',
    );
  });

  it('labels weeks by ISO week-year across new year', () => {
    // 1 January 2027 is a Friday: it belongs to 2026-W53, which starts Monday 28 December
    expect(supportWeekOf('2027-01-01T12:00:00Z')).toEqual({
      label: '2026-W53',
      start: '2026-12-28T00:00:00.000Z',
      end: '2027-01-04T00:00:00.000Z',
    });
    expect(supportWeekOf('2027-01-04T00:00:00Z').label).toBe('2027-W01');
  });

  it('lists the weeks before a week, oldest first', () => {
    expect(supportWeeksBefore(W09, 3).map(w => w.label)).toEqual([
      '2027-W06',
      '2027-W07',
      '2027-W08',
    ]);
    expect(
      supportWeeksBefore(supportWeekOf('2027-01-05T00:00:00Z'), 2),
    ).toEqual([
      {
        label: '2026-W52',
        start: '2026-12-21T00:00:00.000Z',
        end: '2026-12-28T00:00:00.000Z',
      },
      {
        label: '2026-W53',
        start: '2026-12-28T00:00:00.000Z',
        end: '2027-01-04T00:00:00.000Z',
      },
    ]);
  });

  it('counts an event at Sunday 23:59 in one week and one at Monday 00:00 in the next', () => {
    const events = [
      ev('ticket', '2027-02-28T23:59:00.000Z'),
      ev('ticket', '2027-03-01T00:00:00.000Z'),
      ev('page', '2027-03-07T23:59:59.999Z'),
      ev('page', '2027-03-08T00:00:00.000Z'),
    ];
    const w08 = supportWeekFigures(events, {
      entityRef: PAYMENTS,
      week: supportWeekOf('2027-02-22T00:00:00Z'),
      now: AFTER_W09,
    });
    const w09 = supportWeekFigures(events, {
      entityRef: PAYMENTS,
      week: W09,
      now: AFTER_W09,
    });
    expect(w08.counts).toEqual({
      ticket: 1,
      page: 0,
      escalation: 0,
      'manual-exception': 0,
    });
    expect(w09.counts).toEqual({
      ticket: 1,
      page: 1,
      escalation: 0,
      'manual-exception': 0,
    });
    expect(w09.total).toBe(2);
  });
});

describe('median time to resolve', () => {
  it('is the middle of an odd count, in seconds', () => {
    const events = [
      ev('ticket', '2027-03-01T09:00:00.000Z', {
        resolvedAt: '2027-03-01T09:10:00.000Z',
      }), // 600 s
      ev('ticket', '2027-03-02T09:00:00.000Z', {
        resolvedAt: '2027-03-02T11:00:00.000Z',
      }), // 7200 s
      ev('page', '2027-03-03T09:00:00.000Z', {
        resolvedAt: '2027-03-03T10:00:00.000Z',
      }), // 3600 s
    ];
    const figures = supportWeekFigures(events, {
      entityRef: PAYMENTS,
      week: W09,
      now: AFTER_W09,
    });
    expect(figures.medianTimeToResolveSeconds).toBe(3600);
    expect(figures.resolvedCount).toBe(3);
  });

  it('is the lower of the two middle values of an even count (nearest rank)', () => {
    const events = [
      ev('ticket', '2027-03-01T09:00:00.000Z', {
        resolvedAt: '2027-03-01T09:10:00.000Z',
      }), // 600 s
      ev('ticket', '2027-03-01T10:00:00.000Z', {
        resolvedAt: '2027-03-01T10:30:00.000Z',
      }), // 1800 s
      ev('ticket', '2027-03-01T11:00:00.000Z', {
        resolvedAt: '2027-03-01T12:00:00.000Z',
      }), // 3600 s
      ev('ticket', '2027-03-01T12:00:00.000Z', {
        resolvedAt: '2027-03-01T22:00:00.000Z',
      }), // 36000 s
    ];
    // sorted 600 1800 3600 36000, nearest rank ceil(4 / 2) = 2 → 1800
    // (the mean of the two middle values, 2700, is no event's time)
    expect(
      supportWeekFigures(events, {
        entityRef: PAYMENTS,
        week: W09,
        now: AFTER_W09,
      }).medianTimeToResolveSeconds,
    ).toBe(1800);
  });

  it('takes only events opened in the week and resolved by now', () => {
    const events = [
      ev('ticket', '2027-03-01T09:00:00.000Z', {
        resolvedAt: '2027-03-01T09:01:00.000Z',
      }), // 60 s, counts
      // opened the week before, resolved in this week: belongs to the week before
      ev('ticket', '2027-02-26T09:00:00.000Z', {
        resolvedAt: '2027-03-01T09:00:00.000Z',
      }),
      // still open
      ev('ticket', '2027-03-02T09:00:00.000Z'),
      // resolution stamped after now: not resolved yet
      ev('ticket', '2027-03-02T10:00:00.000Z', {
        resolvedAt: '2027-03-04T10:00:00.000Z',
      }),
      // another entity
      ev('ticket', '2027-03-02T10:00:00.000Z', {
        entityRef: LEDGER,
        resolvedAt: '2027-03-02T10:00:01.000Z',
      }),
    ];
    const figures = supportWeekFigures(events, {
      entityRef: PAYMENTS,
      week: W09,
      now: '2027-03-03T00:00:00Z',
    });
    expect(figures.medianTimeToResolveSeconds).toBe(60);
    expect(figures.resolvedCount).toBe(1);
    expect(figures.total).toBe(3);
    expect(figures.complete).toBe(false);
  });

  it('is null, not 0, when nothing is resolved', () => {
    expect(
      medianTimeToResolveSeconds(
        [ev('ticket', '2027-03-01T09:00:00.000Z')],
        AFTER_W09,
      ),
    ).toBeNull();
    const empty = supportWeekFigures([], {
      entityRef: PAYMENTS,
      week: W09,
      now: AFTER_W09,
    });
    expect(empty.medianTimeToResolveSeconds).toBeNull();
    expect(empty.resolvedCount).toBe(0);
  });

  it('counts a resolution at the moment of opening as 0 seconds', () => {
    expect(
      medianTimeToResolveSeconds(
        [
          ev('ticket', '2027-03-01T09:00:00.000Z', {
            resolvedAt: '2027-03-01T09:00:00.000Z',
          }),
        ],
        AFTER_W09,
      ),
    ).toBe(0);
  });
});

describe('pages per 12-hour shift', () => {
  // Shifts of W09: 0 = Mon 00–12, 1 = Mon 12–24, 2 = Tue 00–12, 3 = Tue 12–24, ..., 13 = Sun 12–24.
  const pages = [
    ev('page', '2027-03-01T01:00:00.000Z'), // shift 0
    ev('page', '2027-03-01T11:59:59.999Z'), // shift 0: 2 pages, at the limit
    ev('page', '2027-03-02T12:00:00.000Z'), // shift 3
    ev('page', '2027-03-02T14:00:00.000Z'), // shift 3
    ev('page', '2027-03-02T23:59:00.000Z'), // shift 3: 3 pages, over the limit
    ev('page', '2027-03-07T12:00:00.000Z'), // shift 13
    ev('ticket', '2027-03-02T13:00:00.000Z'), // not a page
    ev('page', '2027-03-08T00:00:00.000Z'), // next week
  ];

  it('divides a complete week by 14 shifts and finds the worst shift', () => {
    expect(pageShiftFigures(pages, W09, AFTER_W09)).toEqual({
      limit: 2,
      pages: 6,
      shifts: 14,
      pagesPerShift: 6 / 14,
      worstShift: {
        start: '2027-03-02T12:00:00.000Z',
        end: '2027-03-03T00:00:00.000Z',
        pages: 3,
      },
      shiftsOverLimit: 1,
      exceedsLimit: true,
    });
  });

  it('does not flag a shift with exactly 2 pages', () => {
    const figures = pageShiftFigures(pages.slice(0, 2), W09, AFTER_W09);
    expect(figures.worstShift?.pages).toBe(2);
    expect(figures.worstShift?.start).toBe('2027-03-01T00:00:00.000Z');
    expect(figures.exceedsLimit).toBe(false);
    expect(figures.shiftsOverLimit).toBe(0);
    expect(figures.pagesPerShift).toBe(2 / 14);
  });

  it('divides the current week by the shifts started so far', () => {
    // Wednesday 06:00 is 54 h into the week: shifts 0–4 have started, 5 in all.
    const figures = pageShiftFigures(
      pages.slice(0, 5),
      W09,
      '2027-03-03T06:00:00Z',
    );
    expect(figures.shifts).toBe(5);
    expect(figures.pagesPerShift).toBe(1);
    expect(figures.exceedsLimit).toBe(true);
  });

  it('is null per shift before the week starts, and 0 in a quiet week', () => {
    expect(
      pageShiftFigures([], W09, '2027-03-01T00:00:00Z').pagesPerShift,
    ).toBeNull();
    const quiet = pageShiftFigures([], W09, AFTER_W09);
    expect(quiet.pagesPerShift).toBe(0);
    expect(quiet.worstShift).toBeNull();
    expect(quiet.exceedsLimit).toBe(false);
  });

  it('is part of the week figures', () => {
    const figures = supportWeekFigures(pages, {
      entityRef: PAYMENTS,
      week: W09,
      now: AFTER_W09,
    });
    expect(figures.pages.pages).toBe(6);
    expect(figures.pages.worstShift?.pages).toBe(3);
    expect(figures.counts.page).toBe(6);
    expect(figures.counts.ticket).toBe(1);
  });
});

describe('manual exceptions', () => {
  it('counts those opened in the week and those still open now', () => {
    const events = [
      ev('manual-exception', '2027-03-01T09:00:00.000Z', {
        resolvedAt: '2027-03-02T09:00:00.000Z',
      }),
      ev('manual-exception', '2027-03-03T09:00:00.000Z'),
      ev('manual-exception', '2027-03-04T09:00:00.000Z', {
        resolvedAt: '2027-03-20T09:00:00.000Z',
      }),
      ev('manual-exception', '2027-03-08T09:00:00.000Z'),
    ];
    expect(
      supportWeekFigures(events, {
        entityRef: PAYMENTS,
        week: W09,
        now: AFTER_W09,
      }).manualExceptions,
    ).toEqual({ count: 3, open: 2 });
  });
});

describe('long-tail share', () => {
  const categories = [
    ...Array(5).fill('access'),
    ...Array(3).fill('quota'),
    ...Array(2).fill('dns'),
    'certificates',
    'billing',
    undefined,
    undefined,
    undefined,
  ];
  const events = categories.map(category => (category ? { category } : {}));

  it('is the share outside the top 3 categories, counting the uncategorised as tail', () => {
    // 15 events; head = access 5 + quota 3 + dns 2 = 10; tail = 1 + 1 + 3 = 5; 5 / 15 = 1/3
    expect(longTailShare(events)).toEqual({
      topN: 3,
      topCategories: [
        { category: 'access', count: 5 },
        { category: 'quota', count: 3 },
        { category: 'dns', count: 2 },
      ],
      total: 15,
      longTail: 5,
      uncategorised: 3,
      share: 1 / 3,
    });
  });

  it('takes another N', () => {
    // head = access 5; tail = 10 of 15
    expect(longTailShare(events, 1).share).toBe(2 / 3);
    // five categories: only the 3 uncategorised remain
    expect(longTailShare(events, 5).share).toBe(3 / 15);
    expect(longTailShare(events, 0).share).toBe(1);
  });

  it('does not depend on which tied category enters the head', () => {
    const tied = ['d', 'c', 'b', 'a', 'a', 'b', 'c', 'd'].map(category => ({
      category,
    }));
    const result = longTailShare(tied);
    // head holds 3 × 2 = 6 of 8: share 2/8
    expect(result.share).toBe(0.25);
    expect(result.topCategories.map(c => c.category)).toEqual(['a', 'b', 'c']);
  });

  it('is 1 when nothing has a category, and null without events', () => {
    expect(longTailShare([{}, {}]).share).toBe(1);
    const none = longTailShare([]);
    expect(none.share).toBeNull();
    expect(none.total).toBe(0);
  });

  it('is computed over the week in the week figures', () => {
    const weekEvents = [
      ev('ticket', '2027-03-01T09:00:00.000Z', { category: 'access' }),
      ev('ticket', '2027-03-01T09:00:00.000Z', { category: 'access' }),
      ev('ticket', '2027-03-01T09:00:00.000Z', { category: 'quota' }),
      ev('ticket', '2027-03-01T09:00:00.000Z', { category: 'dns' }),
      ev('ticket', '2027-03-01T09:00:00.000Z', { category: 'certificates' }),
      ev('ticket', '2027-03-01T09:00:00.000Z'),
      ev('ticket', '2027-03-09T09:00:00.000Z', { category: 'billing' }), // next week
    ];
    const figures = supportWeekFigures(weekEvents, {
      entityRef: PAYMENTS,
      week: W09,
      now: AFTER_W09,
      topCategories: 2,
    });
    // head = access 2 + the alphabetically first of the 1s (certificates) = 3 of 6
    expect(figures.longTail.share).toBe(0.5);
    expect(figures.longTail.topCategories).toEqual([
      { category: 'access', count: 2 },
      { category: 'certificates', count: 1 },
    ]);
  });
});

describe('12-week trend', () => {
  // now is Wednesday of 2027-W09; the 12 complete weeks before it are
  // 2026-W50 (Monday 7 December 2026) … 2027-W08 (Monday 22 February 2027).
  const now = '2027-03-03T12:00:00Z';
  const weekStarts = supportWeeksBefore(W09, 12).map(w => w.start);
  const ticketsPerWeek = [3, 0, 5, 1, 4, 2, 2, 7, 1, 0, 6, 3];
  const events: SupportEvent[] = [];
  ticketsPerWeek.forEach((count, i) => {
    for (let n = 0; n < count; n++) {
      // Tuesdays at 10:00
      events.push(
        ev(
          'ticket',
          new Date(Date.parse(weekStarts[i]) + 34 * 3_600_000).toISOString(),
        ),
      );
    }
  });
  events.push(ev('page', '2027-02-03T03:00:00.000Z')); // one page, in 2027-W05 (index 8)
  for (let n = 0; n < 4; n++) {
    events.push(ev('ticket', '2027-03-02T08:00:00.000Z')); // this week
  }
  events.push(ev('ticket', '2027-03-02T08:00:00.000Z', { entityRef: LEDGER }));
  events.push(ev('ticket', '2026-12-06T23:59:59.000Z')); // Sunday before the 12 weeks

  it('lists the 12 complete weeks, oldest first', () => {
    const trend = supportTrend(events, { now, entityRef: PAYMENTS });
    expect(trend.weeks.map(w => w.week.label)).toEqual([
      '2026-W50',
      '2026-W51',
      '2026-W52',
      '2026-W53',
      '2027-W01',
      '2027-W02',
      '2027-W03',
      '2027-W04',
      '2027-W05',
      '2027-W06',
      '2027-W07',
      '2027-W08',
    ]);
    expect(trend.weeks.map(w => w.counts?.ticket)).toEqual(ticketsPerWeek);
    expect(trend.weeks[8].counts?.page).toBe(1);
    expect(trend.thisWeek.week.label).toBe('2027-W09');
    expect(trend.thisWeek.counts).toEqual({
      ticket: 4,
      page: 0,
      escalation: 0,
      'manual-exception': 0,
    });
  });

  it('compares this week with the median of the 12 weeks', () => {
    // Nearest rank of 12 values: ceil(12 / 2) = 6th smallest.
    // tickets sorted: 0 0 1 1 2 [2] 3 3 4 5 6 7 → 2
    // totals (the page adds 1 to week 9, 1 → 2): 0 0 1 2 2 [2] 3 3 4 5 6 7 → 2
    // pages: eleven 0s and one 1 → 0
    const trend = supportTrend(events, { now, entityRef: PAYMENTS });
    expect(trend.median).toEqual({
      ticket: 2,
      page: 0,
      escalation: 0,
      'manual-exception': 0,
      total: 2,
    });
    // this week: 4 tickets, 4 in total; 4 − 2 = 2
    expect(trend.difference).toEqual({
      ticket: 2,
      page: 0,
      escalation: 0,
      'manual-exception': 0,
      total: 2,
    });
  });

  it('takes every entity when none is named', () => {
    const trend = supportTrend(events, { now });
    expect(trend.thisWeek.total).toBe(5);
  });

  it('leaves weeks before the data began out of the median', () => {
    // Data since Wednesday 6 January 2027: weeks starting before it (W50–W53 and
    // W01, which started on 4 January) are not covered.
    const trend = supportTrend(events, {
      now,
      entityRef: PAYMENTS,
      dataSince: '2027-01-06T00:00:00Z',
    });
    expect(trend.weeks.map(w => w.total)).toEqual([
      null,
      null,
      null,
      null,
      null,
      2,
      2,
      7,
      2,
      0,
      6,
      3,
    ]);
    // tickets of covered weeks sorted: 0 1 2 [2] 3 6 7, rank ceil(7 / 2) = 4 → 2
    expect(trend.median.ticket).toBe(2);
    expect(trend.median.total).toBe(2);
    expect(trend.difference.ticket).toBe(2);
  });

  it('has a null median and difference when no week is covered', () => {
    const trend = supportTrend(events, { now, dataSince: now });
    expect(trend.median.total).toBeNull();
    expect(trend.difference.total).toBeNull();
    expect(trend.thisWeek.total).toBe(5);
  });

  it('treats a now of Monday 00:00 as the start of a new week', () => {
    const trend = supportTrend([], { now: '2027-03-01T00:00:00Z', weeks: 2 });
    expect(trend.weeks.map(w => w.week.label)).toEqual([
      '2027-W07',
      '2027-W08',
    ]);
    expect(trend.median.total).toBe(0);
  });
});

describe('ranking of consuming teams', () => {
  const CHECKOUT = 'group:default/checkout';
  const SEARCH = 'group:default/search';
  const ANALYTICS = 'group:default/analytics';
  const OTHER = 'component:default/other';
  const at = '2027-03-02T10:00:00.000Z';
  const events = [
    ...Array.from({ length: 3 }, () =>
      ev('ticket', at, { consumerRef: CHECKOUT }),
    ),
    ev('page', at, { consumerRef: CHECKOUT }),
    ev('ticket', at, { consumerRef: CHECKOUT, entityRef: LEDGER }),
    ev('escalation', at, { consumerRef: SEARCH, entityRef: LEDGER }),
    ev('escalation', at, { consumerRef: SEARCH, entityRef: LEDGER }),
    ev('manual-exception', at, { consumerRef: SEARCH, entityRef: LEDGER }),
    ev('ticket', at, { consumerRef: ANALYTICS }),
    ev('ticket', at, { consumerRef: ANALYTICS, entityRef: LEDGER }),
    ev('ticket', at),
    ev('page', at),
    // not among the entities asked about
    ...Array.from({ length: 10 }, () =>
      ev('ticket', at, { consumerRef: CHECKOUT, entityRef: OTHER }),
    ),
  ];

  it('ranks teams by load across the entities, the unknown consumer included', () => {
    // 12 events on payments and ledger: checkout 5, search 3, analytics 2, unknown 2
    const ranking = rankSupportConsumers(events, {
      entityRefs: [PAYMENTS, 'Component:default/Ledger'],
    });
    expect(ranking).toEqual([
      {
        consumerRef: CHECKOUT,
        counts: { ticket: 4, page: 1, escalation: 0, 'manual-exception': 0 },
        total: 5,
        share: 5 / 12,
        topEntities: [
          { entityRef: PAYMENTS, count: 4 },
          { entityRef: LEDGER, count: 1 },
        ],
      },
      {
        consumerRef: SEARCH,
        counts: { ticket: 0, page: 0, escalation: 2, 'manual-exception': 1 },
        total: 3,
        share: 0.25,
        topEntities: [{ entityRef: LEDGER, count: 3 }],
      },
      {
        // ties rank by ref: group:… before unknown
        consumerRef: ANALYTICS,
        counts: { ticket: 2, page: 0, escalation: 0, 'manual-exception': 0 },
        total: 2,
        share: 2 / 12,
        // ties among entities are alphabetical
        topEntities: [
          { entityRef: LEDGER, count: 1 },
          { entityRef: PAYMENTS, count: 1 },
        ],
      },
      {
        consumerRef: 'unknown',
        counts: { ticket: 1, page: 1, escalation: 0, 'manual-exception': 0 },
        total: 2,
        share: 2 / 12,
        topEntities: [{ entityRef: PAYMENTS, count: 2 }],
      },
    ]);
  });

  it('takes every entity when none is named, and limits the top entities', () => {
    const ranking = rankSupportConsumers(events, { topEntities: 1 });
    expect(ranking[0].consumerRef).toBe(CHECKOUT);
    expect(ranking[0].total).toBe(15);
    expect(ranking[0].share).toBe(15 / 22);
    expect(ranking[0].topEntities).toEqual([{ entityRef: OTHER, count: 10 }]);
  });

  it('takes only events opened in the window', () => {
    const windowed = rankSupportConsumers(
      [
        ev('ticket', '2027-03-01T00:00:00.000Z', { consumerRef: SEARCH }),
        ev('ticket', '2027-03-07T23:59:59.999Z', { consumerRef: SEARCH }),
        ev('ticket', '2027-03-08T00:00:00.000Z', { consumerRef: CHECKOUT }),
        ev('ticket', '2027-02-28T23:59:59.999Z', { consumerRef: CHECKOUT }),
      ],
      { from: W09.start, to: W09.end },
    );
    expect(windowed.map(r => [r.consumerRef, r.total, r.share])).toEqual([
      [SEARCH, 2, 1],
    ]);
  });

  it('is empty without events', () => {
    expect(rankSupportConsumers([])).toEqual([]);
  });
});

describe('countSupportEventsByKind', () => {
  it('lists every kind', () => {
    expect(
      countSupportEventsByKind([{ kind: 'page' }, { kind: 'page' }]),
    ).toEqual({
      ticket: 0,
      page: 2,
      escalation: 0,
      'manual-exception': 0,
    });
  });
});

describe('validated events feed the figures', () => {
  it('uses the normalised refs and UTC timestamps', () => {
    const events = parseSupportEventBatch({
      events: [
        {
          source: 'pagerduty',
          externalId: 'P1',
          entityRef: 'Component:Payments',
          kind: 'page',
          // Monday 00:30 in Paris: Sunday in UTC, so week 2027-W08
          openedAt: '2027-03-01T00:30:00+01:00',
        },
      ],
    });
    const w08 = supportWeekFigures(events, {
      entityRef: 'component:default/payments',
      week: supportWeekOf('2027-02-28T12:00:00Z'),
      now: AFTER_W09,
    });
    expect(w08.counts.page).toBe(1);
    expect(w08.pages.worstShift?.start).toBe('2027-02-28T12:00:00.000Z');
  });
});
