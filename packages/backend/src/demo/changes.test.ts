import {
  parseChangeBatch,
  parseSupportEventBatch,
  reliefWindows,
  supportReliefByTeam,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import {
  DEMO_CHANGE_ID,
  changeDemoEvents,
  changesDemoSeeder,
  demoChange,
} from './changes';

// The demo started on Saturday 21 Nov 2026 12:00 UTC: the change took effect
// 23 days earlier, Wednesday 29 Oct 2026 12:00 UTC.
const ORIGIN = new Date('2026-11-21T12:00:00Z');
const AT = '2026-10-29T12:00:00.000Z';
const CHECKOUT = 'group:default/team-checkout';
const BILLING = 'group:default/team-billing';

function reliefAt(now: Date) {
  const events = changeDemoEvents(now, ORIGIN);
  const windows = reliefWindows({ at: AT, now, weeks: 4 });
  const teams = supportReliefByTeam(events, windows, {
    dataSince: supportWeekOf(events[0].openedAt).start,
  });
  return { windows, teams };
}

describe('the demo change', () => {
  it('is valid as a push, 23 days before the demo started', () => {
    expect(demoChange(ORIGIN)).toEqual({
      id: DEMO_CHANGE_ID,
      title: 'Self-service API keys for payments-v2',
      at: AT,
      entityRefs: ['api:default/payments-v2'],
      url: 'https://github.com/acme/payments/pull/1042',
    });
    expect(parseChangeBatch({ changes: [demoChange(ORIGIN)] })).toHaveLength(1);
    const events = changeDemoEvents(ORIGIN);
    expect(parseSupportEventBatch({ events })).toHaveLength(events.length);
  });

  it('relieves the Checkout team and leaves the Billing team unchanged, at the start', () => {
    // 23 days after the change: 3 whole weeks.
    const { windows, teams } = reliefAt(ORIGIN);
    expect(windows.weeksAfterElapsed).toBe(3);
    // Checkout: 12 tickets in [1 Oct 12:00, 29 Oct 12:00) (the 12th exactly
    // on 1 Oct 12:00) → 3.0 a week; 1 in [29 Oct, 19 Nov) → 1 / 3 a week.
    // Billing: 4 before → 1.0; 3 after (at + 3.5 days = 2 Nov 00:00, then
    // 9 and 16 Nov) → 1.0.
    expect(
      teams.map(t => [
        t.teamRef,
        t.support.before,
        t.support.beforePerWeek,
        t.support.after,
        t.support.afterPerWeek,
      ]),
    ).toEqual([
      [CHECKOUT, 12, 3, 1, 1 / 3],
      [BILLING, 4, 1, 3, 1],
    ]);
  });

  it('keeps the story while the demo runs: 5 days later 4 weeks have passed', () => {
    const later = new Date('2026-11-26T13:00:00Z');
    const { windows, teams } = reliefAt(later);
    expect(windows.weeksAfterElapsed).toBe(4);
    expect(
      teams.map(t => [
        t.teamRef,
        t.support.beforePerWeek,
        t.support.afterPerWeek,
      ]),
    ).toEqual([
      [CHECKOUT, 3, 0.25],
      [BILLING, 1, 1],
    ]);
  });

  it('is the same on every push (stable ids), never later than now, and no older than the support history', () => {
    const atStart = changeDemoEvents(ORIGIN);
    const later = changeDemoEvents(new Date('2026-11-26T13:00:00Z'), ORIGIN);
    const ids = new Set(later.map(e => e.externalId));
    expect(atStart.every(e => ids.has(e.externalId))).toBe(true);
    expect(atStart.every(e => Date.parse(e.openedAt) <= ORIGIN.getTime())).toBe(
      true,
    );
    // the support seeder's history begins on Monday 17 Aug 2026 (13 weeks
    // before the Monday of the origin's week, 16 Nov)
    expect(atStart[0].openedAt >= '2026-08-17T00:00:00.000Z').toBe(true);
    expect(later.length).toBeGreaterThan(atStart.length);
  });

  it('records the change on the first run only, and pushes only new events later', async () => {
    const push = jest.fn(async (_path: string, _body: unknown) => ({}));
    const logger = { info: jest.fn(), debug: jest.fn() } as any;
    await changesDemoSeeder.seed({
      push,
      get: jest.fn(),
      now: ORIGIN,
      origin: ORIGIN,
      logger,
    });
    expect(push.mock.calls.map(([path]) => path)).toEqual([
      '/v1/support-events',
      '/v1/changes',
    ]);
    push.mockClear();
    const later = new Date('2026-11-23T12:00:00Z'); // the next Billing question: 23 Nov 00:00
    await changesDemoSeeder.seed({
      push,
      get: jest.fn(),
      now: later,
      origin: ORIGIN,
      since: ORIGIN,
      logger,
    });
    expect(push).toHaveBeenCalledTimes(1);
    const [path, body] = push.mock.calls[0];
    expect(path).toBe('/v1/support-events');
    expect((body as any).events.map((e: any) => e.externalId)).toEqual([
      'PV2-HOOK-A4',
    ]);
  });
});
