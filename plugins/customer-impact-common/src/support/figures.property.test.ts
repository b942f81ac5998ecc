import fc from 'fast-check';
import {
  longTailShare,
  rankSupportConsumerTotals,
  rankSupportConsumers,
  SupportConsumerKindCount,
  supportTrend,
  topEntitiesByConsumer,
  topEntitiesPerConsumer,
  UNKNOWN_CONSUMER,
  supportWeekFigures,
  supportWeekOf,
} from './figures';
import { SupportEvent } from './schema';
import { SUPPORT_EVENT_KINDS } from './types';
import { parseSupportEventBatch } from './validation';

const MIN = Date.parse('2026-10-01T00:00:00Z');
const MAX = Date.parse('2027-04-01T00:00:00Z');
const ENTITIES = ['component:default/payments', 'component:default/ledger'];

const instant = fc.integer({ min: MIN, max: MAX });

const supportEvent: fc.Arbitrary<SupportEvent> = fc
  .record({
    externalId: fc.uuid(),
    entityRef: fc.constantFrom(...ENTITIES),
    consumerRef: fc.option(
      fc.constantFrom('group:default/checkout', 'group:default/search'),
      { nil: undefined },
    ),
    kind: fc.constantFrom(...SUPPORT_EVENT_KINDS),
    opened: instant,
    resolveAfterSeconds: fc.option(fc.integer({ min: 0, max: 30 * 86400 }), {
      nil: undefined,
    }),
    category: fc.option(
      fc.constantFrom('access', 'quota', 'dns', 'certs', 'billing'),
      {
        nil: undefined,
      },
    ),
  })
  .map(r => {
    const event: SupportEvent = {
      source: 'prop',
      externalId: r.externalId,
      entityRef: r.entityRef,
      kind: r.kind,
      openedAt: new Date(r.opened).toISOString(),
    };
    if (r.consumerRef) event.consumerRef = r.consumerRef;
    if (r.category) event.category = r.category;
    if (r.resolveAfterSeconds !== undefined) {
      event.resolvedAt = new Date(
        r.opened + r.resolveAfterSeconds * 1000,
      ).toISOString();
    }
    return event;
  });

const events = fc.array(supportEvent, { maxLength: 60 });

describe('support figures, properties', () => {
  it('puts every moment in the week from its Monday 00:00 UTC to the next', () => {
    fc.assert(
      fc.property(instant, ms => {
        const week = supportWeekOf(new Date(ms));
        const start = new Date(week.start);
        expect(start.getUTCDay()).toBe(1);
        expect(
          start.getUTCHours() + start.getUTCMinutes() + start.getUTCSeconds(),
        ).toBe(0);
        expect(Date.parse(week.start)).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(Date.parse(week.end));
        expect(Date.parse(week.end) - Date.parse(week.start)).toBe(
          7 * 86_400_000,
        );
      }),
    );
  });

  it('has counts per kind that sum to the events of the entity opened in the week', () => {
    fc.assert(
      fc.property(events, instant, instant, (list, weekMs, nowMs) => {
        const week = supportWeekOf(new Date(weekMs));
        const figures = supportWeekFigures(list, {
          entityRef: ENTITIES[0],
          week,
          now: new Date(nowMs),
        });
        const expected = list.filter(
          e =>
            e.entityRef === ENTITIES[0] &&
            e.openedAt >= week.start &&
            e.openedAt < week.end,
        ).length;
        const sum = SUPPORT_EVENT_KINDS.reduce(
          (s, k) => s + figures.counts[k],
          0,
        );
        expect(sum).toBe(expected);
        expect(figures.total).toBe(expected);
        expect(figures.pages.pages).toBe(figures.counts.page);
        expect(figures.manualExceptions.count).toBe(
          figures.counts['manual-exception'],
        );
        expect(figures.resolvedCount).toBeLessThanOrEqual(figures.total);
        // no data is null, never 0
        expect(figures.medianTimeToResolveSeconds === null).toBe(
          figures.resolvedCount === 0,
        );
        expect(figures.medianTimeToResolveSeconds ?? 0).toBeGreaterThanOrEqual(
          0,
        );
        expect(figures.pages.worstShift?.pages ?? 0).toBeLessThanOrEqual(
          figures.pages.pages,
        );
        expect(figures.pages.exceedsLimit).toBe(
          (figures.pages.worstShift?.pages ?? 0) > 2,
        );
      }),
    );
  });

  it('has a long-tail share in [0, 1], null exactly when there are no events', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 0, max: 6 }), (list, n) => {
        const tail = longTailShare(list, n);
        expect(tail.share === null).toBe(list.length === 0);
        expect(tail.share ?? 0).toBeGreaterThanOrEqual(0);
        expect(tail.share ?? 1).toBeLessThanOrEqual(1);
        expect(tail.topCategories.length).toBeLessThanOrEqual(n);
        expect(tail.longTail).toBeGreaterThanOrEqual(tail.uncategorised);
      }),
    );
  });

  it('ranks teams whose totals add up to all events and whose shares add up to 1', () => {
    fc.assert(
      fc.property(events, list => {
        const ranking = rankSupportConsumers(list);
        expect(ranking.reduce((s, r) => s + r.total, 0)).toBe(list.length);
        const shares = ranking.reduce((s, r) => s + r.share, 0);
        expect(shares).toBeCloseTo(list.length > 0 ? 1 : 0, 9);
        for (let i = 1; i < ranking.length; i++) {
          expect(ranking[i - 1].total).toBeGreaterThanOrEqual(ranking[i].total);
        }
      }),
    );
  });

  it('ranks the same from totals per team and kind plus the entities of the teams shown', () => {
    // The group view's path: every team ranked from (team, kind) counts,
    // then the entities read for a page of teams only.
    fc.assert(
      fc.property(events, fc.integer({ min: 1, max: 3 }), (list, pageSize) => {
        const byKind = new Map<string, SupportConsumerKindCount>();
        const byEntity = new Map<
          string,
          { consumerRef: string; entityRef: string; count: number }
        >();
        for (const e of list) {
          const consumerRef = e.consumerRef ?? UNKNOWN_CONSUMER;
          const k = `${consumerRef} ${e.kind}`;
          const kindRow = byKind.get(k) ?? {
            consumerRef,
            kind: e.kind,
            count: 0,
          };
          kindRow.count += 1;
          byKind.set(k, kindRow);
          const ek = `${consumerRef} ${e.entityRef}`;
          const entityRow = byEntity.get(ek) ?? {
            consumerRef,
            entityRef: e.entityRef,
            count: 0,
          };
          entityRow.count += 1;
          byEntity.set(ek, entityRow);
        }
        const page = rankSupportConsumerTotals([...byKind.values()]).slice(
          0,
          pageSize,
        );
        const shown = new Set(page.map(p => p.consumerRef));
        const top = topEntitiesByConsumer(
          [...byEntity.values()].filter(r => shown.has(r.consumerRef)),
        );
        expect(
          page.map(p => ({ ...p, topEntities: top.get(p.consumerRef) ?? [] })),
        ).toEqual(rankSupportConsumers(list).slice(0, pageSize));
      }),
    );
  });

  it("picks each team's top entities as sorting all of them would, ties in code-unit order", () => {
    // Few entity names and small counts: many ties at the cut.
    const rows = fc.array(
      fc.record({
        consumerRef: fc.constantFrom('group:default/a', 'group:default/b'),
        entityRef: fc.constantFrom(
          'component:default/x',
          'component:default/X',
          'component:default/y',
          'component:default/z',
          'component:default/zz',
          'api:default/x',
        ),
        count: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 20 }), (list, n) => {
        const perConsumer = new Map<string, Map<string, number>>();
        for (const r of list) {
          const m = perConsumer.get(r.consumerRef) ?? new Map();
          m.set(r.entityRef, (m.get(r.entityRef) ?? 0) + r.count);
          perConsumer.set(r.consumerRef, m);
        }
        const bySorting = new Map(
          [...perConsumer].map(([team, m]) => [
            team,
            [...m]
              .sort(
                (a, b) =>
                  b[1] - a[1] || Number(a[0] > b[0]) - Number(a[0] < b[0]),
              )
              .slice(0, n)
              .map(([entityRef, count]) => ({ entityRef, count })),
          ]),
        );
        expect(topEntitiesPerConsumer(perConsumer, n)).toEqual(bySorting);
        expect(topEntitiesByConsumer(list, n)).toEqual(bySorting);
      }),
    );
  });

  it('has a 12-week median per kind between the smallest and largest weekly count', () => {
    fc.assert(
      fc.property(events, instant, (list, nowMs) => {
        const trend = supportTrend(list, { now: new Date(nowMs) });
        expect(trend.weeks).toHaveLength(12);
        for (const kind of SUPPORT_EVENT_KINDS) {
          const counts = trend.weeks.map(w => w.counts![kind]);
          expect(trend.median[kind]).toBeGreaterThanOrEqual(
            Math.min(...counts),
          );
          expect(trend.median[kind]).toBeLessThanOrEqual(Math.max(...counts));
        }
      }),
    );
  });

  it('validates its own output unchanged (normalisation is idempotent)', () => {
    fc.assert(
      fc.property(
        fc.array(supportEvent, { minLength: 1, maxLength: 20 }),
        list => {
          const unique = list.map((e, i) => ({
            ...e,
            externalId: `${e.externalId}-${i}`,
          }));
          expect(parseSupportEventBatch({ events: unique })).toEqual(unique);
        },
      ),
    );
  });
});
