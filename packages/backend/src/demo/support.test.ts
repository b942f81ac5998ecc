import {
  longTailShare,
  parseSupportEventBatch,
  rankSupportConsumers,
  supportWeekFigures,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import { supportDemoEvents } from './support';

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
