import {
  longTailShare,
  parseSupportEventBatch,
  rankSupportConsumers,
  supportWeekFigures,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import { supportDemoEvents, supportEventsChangedSince } from './support';

// Saturday 21 Nov 2026 12:00 UTC: this week began on Monday 16 Nov.
const NOW = new Date('2026-11-21T12:00:00Z');

describe('the demo support history', () => {
  const events = supportDemoEvents(NOW);

  it('is valid as a push, covers 14 weeks and nothing after now', () => {
    const parsed = parseSupportEventBatch({ events: events.slice(0, 1000) });
    expect(parsed).toHaveLength(Math.min(events.length, 1000));
    const weeks = new Set(events.map(e => supportWeekOf(e.openedAt).label));
    expect(weeks.size).toBe(14);
    expect(events.every(e => Date.parse(e.openedAt) <= NOW.getTime())).toBe(
      true,
    );
    expect(
      events.every(
        e => !e.resolvedAt || Date.parse(e.resolvedAt) <= NOW.getTime(),
      ),
    ).toBe(true);
  });

  it('is the same on every run (ids are stable, so re-seeding updates, never duplicates)', () => {
    expect(supportDemoEvents(NOW)).toEqual(events);
    // later in the same week: the earlier events keep their ids
    const later = supportDemoEvents(new Date('2026-11-22T12:00:00Z'));
    const ids = new Set(later.map(e => e.externalId));
    expect(events.every(e => ids.has(e.externalId))).toBe(true);
  });

  it('has four consuming teams, a bad shift on payments-service and a dominant long tail on the build runner', () => {
    const teams = rankSupportConsumers(events)
      .map(c => c.consumerRef)
      .filter(r => r !== 'unknown');
    expect(teams.sort()).toEqual([
      'group:default/team-billing',
      'group:default/team-checkout',
      'group:default/team-growth',
      'group:default/team-search',
    ]);
    const pay = supportWeekFigures(events, {
      entityRef: 'component:default/payments-service',
      week: supportWeekOf(NOW),
      now: NOW,
    });
    expect(pay.pages.exceedsLimit).toBe(true);
    const runner = events.filter(
      e => e.entityRef === 'component:default/legacy-build-runner',
    );
    expect(longTailShare(runner).share).toBeGreaterThan(0.5);
    const payments = events.filter(
      e => e.entityRef === 'component:default/payments-service',
    );
    expect(longTailShare(payments).share).toBeLessThan(0.5);
  });
});

describe('the demo support history while the demo runs', () => {
  // The demo started at NOW; three days later (in the next week).
  const LATER = new Date('2026-11-24T12:00:00Z');
  const atStart = supportDemoEvents(NOW);
  const later = supportDemoEvents(LATER, NOW);

  it('keeps every event of the start (same id, same fields; only a resolution may have come)', () => {
    const byId = new Map(later.map(e => [e.externalId, e]));
    for (const e of atStart) {
      const { resolvedAt, ...rest } = byId.get(e.externalId)!;
      expect(rest).toEqual((({ resolvedAt: _r, ...r }) => r)(e));
      // A resolution once pushed stays the same.
      expect(e.resolvedAt === undefined || resolvedAt === e.resolvedAt).toBe(
        true,
      );
    }
  });

  it('adds new events at a pace of a few a day, and nothing after now', () => {
    const added = later.filter(e => Date.parse(e.openedAt) > NOW.getTime());
    expect(added.length).toBeGreaterThanOrEqual(3);
    expect(added.length).toBeLessThan(40);
    expect(later.every(e => Date.parse(e.openedAt) <= LATER.getTime())).toBe(
      true,
    );
  });

  it('pushes what changed since the last push: new events and new resolutions', () => {
    const changed = supportEventsChangedSince(LATER, NOW, NOW);
    const startIds = new Map(atStart.map(e => [e.externalId, e]));
    expect(changed.length).toBeGreaterThan(0);
    for (const e of changed) {
      const before = startIds.get(e.externalId);
      // Either new, or resolved since.
      expect(!before || (!before.resolvedAt && e.resolvedAt)).toBeTruthy();
    }
    const all = later.filter(
      e =>
        !startIds.has(e.externalId) ||
        (!startIds.get(e.externalId)!.resolvedAt && e.resolvedAt),
    );
    expect(changed.map(e => e.externalId).sort()).toEqual(
      all.map(e => e.externalId).sort(),
    );
  });

  it('keeps the bad shift of the start week when the demo has run into the next day', () => {
    const nextDay = new Date('2026-11-22T06:00:00Z');
    const pay = supportWeekFigures(supportDemoEvents(nextDay, NOW), {
      entityRef: 'component:default/payments-service',
      week: supportWeekOf(nextDay),
      now: nextDay,
    });
    expect(pay.pages.exceedsLimit).toBe(true);
  });

  it('has the bad shift again in the next week (from Monday 09:00 UTC on), not in the weeks before the start', () => {
    const pay = supportWeekFigures(later, {
      entityRef: 'component:default/payments-service',
      week: supportWeekOf(LATER),
      now: LATER,
    });
    expect(pay.pages.exceedsLimit).toBe(true);
    const earlier = new Date('2026-11-14T12:00:00Z');
    const before = supportWeekFigures(atStart, {
      entityRef: 'component:default/payments-service',
      week: supportWeekOf(earlier),
      now: earlier,
    });
    expect(before.pages.exceedsLimit).toBe(false);
  });
});
