import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { conditionalOwnerDecision } from '../__testUtils__/decisions';
import { CustomerImpactFacet, FacetKey } from '../facets';
import { PainIndexService } from '../pain';
import { supportFacet } from '../support/SupportFacet';
import { SupportService } from '../support/SupportService';
import { DatabaseSupportStore } from '../support/SupportStore';
import { RollupBuilder, groupClosure } from './RollupBuilder';
import { RollupService, decodeCursor } from './RollupService';
import { DatabaseRollupStore } from './RollupStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Wednesday; the current ISO week starts Monday 2026-11-23. */
const NOW = new Date('2026-11-25T12:00:00Z');
const WINDOW_MS = 28 * 86_400_000;

function group(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    relations: children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
  };
}

function owned(
  kind: string,
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
  lifecycle = 'production',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, lifecycle },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/**
 * The organisation: platform ⊃ infra ⊃ databases (3 levels), and "other"
 * beside it. db-operator is owned two levels below platform.
 */
function catalogEntities(): Entity[] {
  return [
    group('platform', ['infra']),
    group('infra', ['databases']),
    group('databases'),
    group('other'),
    owned('Component', 'db-operator', 'databases'),
    owned('Component', 'quiet', 'databases'),
    owned('Component', 'ci-runner', 'infra'),
    owned(
      'API',
      'old-api',
      'platform',
      { 'customer-impact/sunset': '2027-01-31' },
      'deprecated',
    ),
    owned('Component', 'outsider', 'other'),
  ];
}

function ticket(
  id: string,
  entity: string,
  consumer: string,
  day: string,
  kind = 'ticket',
  category?: string,
) {
  return {
    source: 'jira',
    externalId: id,
    entityRef: `component:default/${entity}`,
    consumerRef: `group:default/${consumer}`,
    kind,
    openedAt: `${day}T09:00:00Z`,
    ...(category ? { category } : {}),
  };
}

/** Support events; the comments give the weeks they fall in. */
const EVENTS = [
  // db-operator: 8 tickets of team-a ...
  ...[
    '11-02',
    '11-04',
    '11-06',
    '11-09',
    '11-12',
    '11-17',
    '11-18',
    '11-20',
  ].map((d, i) =>
    ticket(
      `DB-${i}`,
      'db-operator',
      'team-a',
      `2026-${d}`,
      'ticket',
      i < 5 ? 'backups' : 'access',
    ),
  ),
  // ... and 2 pages of team-b.
  ticket('DB-P1', 'db-operator', 'team-b', '2026-11-10', 'page'),
  ticket('DB-P2', 'db-operator', 'team-b', '2026-11-11', 'page'),
  // ci-runner: 4 tickets of team-a in the week of 11-16.
  ...['11-16', '11-17', '11-18', '11-19'].map((d, i) =>
    ticket(`CI-${i}`, 'ci-runner', 'team-a', `2026-${d}`, 'ticket', 'flaky'),
  ),
  // outsider (another group's): 10 pages of team-c.
  ...Array.from({ length: 10 }, (_, i) =>
    ticket(`OUT-${i}`, 'outsider', 'team-c', '2026-11-20', 'page'),
  ),
];

/**
 * A deprecation facet stand-in: old-api has 3 dependents today; for past
 * weeks it has no count (no-data), like an installation without a burndown.
 */
const deprecationStub: CustomerImpactFacet<'deprecation'> = {
  key: 'deprecation',
  tasks: [],
  notConfigured: () => ({} as never),
  summarize: async () => ({} as never),
  async contribute(entity, { window, present }) {
    const w = { from: window.from.toISOString(), to: window.to.toISOString() };
    if (entity.metadata.name !== 'old-api') {
      return {
        facet: 'deprecation',
        status: 'not-configured',
        quantities: [],
        window: w,
      };
    }
    return present
      ? {
          facet: 'deprecation',
          status: 'ok',
          window: w,
          quantities: [
            {
              id: 'dependents-left',
              label: 'dependents still on this deprecated entity',
              quantity: 3,
              unit: 'count',
            },
          ],
        }
      : { facet: 'deprecation', status: 'no-data', quantities: [], window: w };
  },
};

async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  let now = NOW;
  const clock = () => now;
  const supportStore = await DatabaseSupportStore.create({ database });
  const support = new SupportService({ store: supportStore, now: clock });
  await support.push({ events: EVENTS });
  const catalog = catalogServiceMock({ entities: catalogEntities() });
  const facets = [
    deprecationStub,
    supportFacet({
      service: support,
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog,
    }),
  ] as CustomerImpactFacet<FacetKey>[];
  const painIndex = new PainIndexService({
    facets,
    config: { windowMs: WINDOW_MS, weights: {} },
    logger: mockServices.logger.mock(),
  });
  const store = await DatabaseRollupStore.create({ database });
  const builder = new RollupBuilder({
    store,
    painIndex,
    weights: {},
    facets,
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    now: clock,
  });
  const service = (
    options: {
      permissions?: ReturnType<typeof mockServices.permissions.mock>;
      catalog?: typeof catalog;
    } = {},
  ) =>
    new RollupService({
      store,
      catalog: options.catalog ?? catalog,
      permissions: options.permissions ?? mockServices.permissions(),
      windowMs: WINDOW_MS,
      now: clock,
    });
  return {
    knex,
    support,
    store,
    builder,
    service,
    painIndex,
    facets,
    setNow: (d: Date) => {
      now = d;
    },
  };
}

const credentials = mockCredentials.user();

describe.each(databases.eachSupportedId())(
  'group rollups on %p',
  databaseId => {
    it('ranks every entity owned anywhere in the tree, two levels down included, and nothing outside it', async () => {
      const { builder, service } = await setUp(databaseId);
      const pass = await builder.refreshAll();
      expect(pass).toEqual({
        entities: 5,
        weeksBackfilled: 5 * 11,
        removed: 0,
      });

      const rollup = await service().getRollup('group:default/platform', {
        credentials,
        limit: 20,
      });
      expect(rollup.groups).toEqual([
        'group:default/platform',
        'group:default/infra',
        'group:default/databases',
      ]);
      // By hand, over [2026-10-28T12:00, 2026-11-25T12:00), 4 weeks:
      // db-operator: 8 tickets / 4 = 2 a week × 1 = 2; 2 pages / 4 = 0.5 × 5
      //   = 2.5; total 4.5.
      // old-api: 3 dependents × 1 = 3.
      // ci-runner: 4 tickets / 4 = 1 a week × 1 = 1.
      // quiet: nothing measured: null, ranked last.
      expect(
        rollup.entities.map(e => [e.entityRef, e.ownerRef, e.painIndex.value]),
      ).toEqual([
        ['component:default/db-operator', 'group:default/databases', 4.5],
        ['api:default/old-api', 'group:default/platform', 3],
        ['component:default/ci-runner', 'group:default/infra', 1],
        ['component:default/quiet', 'group:default/databases', null],
      ]);
      expect(rollup.page).toEqual({ limit: 20, nextCursor: null, total: 4 });
      expect(rollup.computedAt).toBe(NOW.toISOString());
      expect(rollup.window).toEqual({
        from: '2026-10-28T12:00:00.000Z',
        to: '2026-11-25T12:00:00.000Z',
      });
      // The terms come along, so that the page can explain each number.
      expect(rollup.entities[0].painIndex.terms[0]).toMatchObject({
        facet: 'supportLoad',
        id: 'pages-per-week',
        quantity: 0.5,
        points: 2.5,
      });

      // The middle group sees its own subtree only.
      const infra = await service().getRollup('group:default/infra', {
        credentials,
        limit: 20,
      });
      expect(infra.entities.map(e => e.entityRef)).toEqual([
        'component:default/db-operator',
        'component:default/ci-runner',
        'component:default/quiet',
      ]);
    });

    it('pages in the database with a cursor, each entity once, in rank order', async () => {
      const { builder, service } = await setUp(databaseId);
      await builder.refreshAll();
      const seen: string[] = [];
      let cursor: string | null | undefined;
      let pages = 0;
      do {
        const page = await service().getRollup('group:default/platform', {
          credentials,
          limit: 1,
          cursor: cursor ? decodeCursor(cursor) : undefined,
        });
        expect(page.entities).toHaveLength(1);
        expect(page.page.total).toBe(4);
        seen.push(page.entities[0].entityRef);
        cursor = page.page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen).toEqual([
        'component:default/db-operator',
        'api:default/old-api',
        'component:default/ci-runner',
        'component:default/quiet',
      ]);
    });

    it('ranks the consuming teams by the pain they experience, with where it hurts', async () => {
      const { builder, service } = await setUp(databaseId);
      await builder.refreshAll();
      const { consumers } = await service().getRollup(
        'group:default/platform',
        {
          credentials,
          limit: 20,
        },
      );
      // team-a: 2 (db-operator) + 1 (ci-runner) = 3 points, 3 tickets a week;
      // team-b: 2.5 points (0.5 pages a week); team-c is another tree's.
      expect(consumers.map(c => [c.consumerRef, c.points])).toEqual([
        ['group:default/team-a', 3],
        ['group:default/team-b', 2.5],
      ]);
      const teamA = consumers[0];
      expect(
        teamA.quantities.find(q => q.id === 'tickets-per-week')?.quantity,
      ).toBe(3);
      expect(teamA.entities).toEqual([
        { entityRef: 'component:default/db-operator', points: 2 },
        { entityRef: 'component:default/ci-runner', points: 1 },
      ]);
      // backups 5, flaky 4, access 3.
      expect(teamA.categories).toEqual([
        { category: 'backups', count: 5 },
        { category: 'flaky', count: 4 },
        { category: 'access', count: 3 },
      ]);
    });

    it('sums the tree per week for 12 weeks, with null for weeks nothing was measured', async () => {
      const { builder, service } = await setUp(databaseId);
      await builder.refreshAll();
      const { trend, deprecations } = await service().getRollup(
        'group:default/platform',
        { credentials, limit: 20 },
      );
      expect(trend).toHaveLength(12);
      expect(trend[0].weekStart).toBe('2026-09-07T00:00:00.000Z');
      expect(trend[11].weekStart).toBe('2026-11-23T00:00:00.000Z');
      // By hand, each week's value is the pain over the 4 weeks ending at the
      // week's end (Monday 00:00 after it):
      // - 11-23 (current, now): 4.5 + 3 + 1 = 8.5 over 3 measured entities.
      // - 11-16 (window [10-26, 11-23)): db-operator 8 tickets → 2, 2 pages
      //   → 2.5: 4.5; ci-runner 4 tickets → 1; old-api has no past count.
      //   5.5 over 2.
      // - 11-09 ([10-19, 11-16)): db-operator 5 tickets → 1.25 + 2.5 = 3.75;
      //   ci-runner no event in the window: not measured. 3.75 over 1.
      // - 11-02 ([10-12, 11-09)): db-operator 3 tickets → 0.75.
      // - 10-26 and before: no event in any window: null.
      expect(
        trend
          .slice(7)
          .map(t => [t.weekStart.slice(0, 10), t.value, t.measuredEntities]),
      ).toEqual([
        ['2026-10-26', null, 0],
        ['2026-11-02', 0.75, 1],
        ['2026-11-09', 3.75, 1],
        ['2026-11-16', 5.5, 2],
        ['2026-11-23', 8.5, 3],
      ]);
      expect(trend.slice(0, 7).every(t => t.value === null)).toBe(true);

      // 2026-11-25 → 2027-01-31: 5 + 31 + 31 = 67 days.
      expect(deprecations).toEqual([
        expect.objectContaining({
          entityRef: 'api:default/old-api',
          dependentsLeft: 3,
          sunset: '2027-01-31',
          daysToSunset: 67,
        }),
      ]);
      expect(deprecations[0].burndown.map(b => b.dependents)).toEqual([
        ...Array(11).fill(null),
        3,
      ]);
    });

    it('reads only the precomputed tables: no query over raw events', async () => {
      const { builder, service, knex } = await setUp(databaseId);
      await builder.refreshAll();
      const sql: string[] = [];
      const listener = (q: Knex.Sql) => sql.push(q.sql);
      knex.on('query', listener);
      try {
        await service().getRollup('group:default/platform', {
          credentials,
          limit: 20,
        });
      } finally {
        knex.off('query', listener);
      }
      expect(sql.length).toBeGreaterThan(3);
      expect(sql.some(s => s.includes('rollup_entity_pain'))).toBe(true);
      for (const s of sql) {
        expect(s).not.toMatch(
          /support_events|slo_samples|journey_events|journey_feedback|deprecation_snapshots/,
        );
      }
    });

    it('leaves out the entities the caller may not see in the catalog', async () => {
      const { builder, service } = await setUp(databaseId);
      await builder.refreshAll();
      const catalog = catalogServiceMock({
        // The catalog lets this caller see everything but ci-runner.
        entities: catalogEntities().filter(
          e => e.metadata.name !== 'ci-runner',
        ),
      });
      const permissions = mockServices.permissions.mock({
        authorizeConditional: async () => [conditionalOwnerDecision()],
      });
      const rollup = await service({ permissions, catalog }).getRollup(
        'group:default/platform',
        { credentials, limit: 20 },
      );
      expect(rollup.entities.map(e => e.entityRef)).not.toContain(
        'component:default/ci-runner',
      );
      expect(rollup.page.total).toBe(3);
      // ci-runner's tickets are gone from team-a's points: 3 − 1 = 2.
      expect(rollup.consumers[0]).toMatchObject({
        consumerRef: 'group:default/team-b',
        points: 2.5,
      });
      expect(rollup.consumers[1]).toMatchObject({
        consumerRef: 'group:default/team-a',
        points: 2,
      });
      // And from the trend: 8.5 − 1 = 7.5 this week.
      expect(rollup.trend[11].value).toBe(7.5);

      const denied = mockServices.permissions.mock({
        authorizeConditional: async () => [{ result: AuthorizeResult.DENY }],
      });
      const none = await service({ permissions: denied }).getRollup(
        'group:default/platform',
        { credentials, limit: 20 },
      );
      expect(none.entities).toEqual([]);
      expect(none.consumers).toEqual([]);
      expect(none.trend.every(t => t.value === null)).toBe(true);
    });

    it('recomputes an entity and the past weeks its new data falls in, within one changes run', async () => {
      const { builder, service, support, setNow } = await setUp(databaseId);
      await builder.refreshAll();
      expect(await builder.refreshChanged()).toBe(0); // first run: sets the watermark

      // A minute later, two pages of team-b on ci-runner arrive, one of them
      // in the week of 11-09.
      setNow(new Date('2026-11-25T12:01:00Z'));
      await support.push({
        events: [
          ticket('CI-P1', 'ci-runner', 'team-b', '2026-11-10', 'page'),
          ticket('CI-P2', 'ci-runner', 'team-b', '2026-11-24', 'page'),
        ],
      });
      setNow(new Date('2026-11-25T12:02:00Z'));
      expect(await builder.refreshChanged()).toBe(1);

      const rollup = await service().getRollup('group:default/platform', {
        credentials,
        limit: 20,
      });
      // ci-runner now: 1 (tickets) + 2 pages / 4 × 5 = 2.5 → 3.5.
      expect(
        rollup.entities.find(e => e.entityRef === 'component:default/ci-runner')
          ?.painIndex.value,
      ).toBe(3.5);
      // Week of 11-09 ([10-19, 11-16)): ci-runner now has the 11-10 page:
      // 0.25 × 5 = 1.25; with db-operator's 3.75 that is 5.
      expect(rollup.trend[9]).toMatchObject({ value: 5, measuredEntities: 2 });
      // Nothing new: nothing recomputed.
      expect(await builder.refreshChanged()).toBe(0);
    });

    it("moves an entity's teams and past weeks to its new owner's tree when its owner changes", async () => {
      const { builder, store, service, painIndex, facets } = await setUp(
        databaseId,
      );
      await builder.refreshAll();
      const otherBefore = await service().getRollup('group:default/other', {
        credentials,
        limit: 20,
      });
      // db-operator moves from databases (under platform) to other.
      const moved = catalogEntities().map(e =>
        e.metadata.name === 'db-operator'
          ? owned('Component', 'db-operator', 'other')
          : e,
      );
      const again = new RollupBuilder({
        store,
        painIndex,
        weights: {},
        facets,
        catalog: catalogServiceMock({ entities: moved }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        now: () => NOW,
      });
      await again.refreshAll();
      const read = (groupRef: string) =>
        service({ catalog: catalogServiceMock({ entities: moved }) }).getRollup(
          groupRef,
          { credentials, limit: 20 },
        );
      const platform = await read('group:default/platform');
      // team-a keeps only ci-runner's point; team-b's pages were on
      // db-operator.
      expect(platform.consumers.map(c => [c.consumerRef, c.points])).toEqual([
        ['group:default/team-a', 1],
      ]);
      // The past weeks went with it: 11-02 and 11-09 were db-operator's
      // alone, 11-16 was 4.5 of it + 1 of ci-runner.
      expect(
        platform.trend
          .slice(8)
          .map(t => [t.weekStart.slice(0, 10), t.value, t.measuredEntities]),
      ).toEqual([
        ['2026-11-02', null, 0],
        ['2026-11-09', null, 0],
        ['2026-11-16', 1, 1],
        ['2026-11-23', 4, 2],
      ]);
      const other = await read('group:default/other');
      expect(other.consumers.map(c => [c.consumerRef, c.points])).toEqual(
        expect.arrayContaining([
          ['group:default/team-a', 2],
          ['group:default/team-b', 2.5],
        ]),
      );
      // other's weeks: outsider's as before, plus db-operator's (0.75, 3.75
      // and 4.5 in the weeks of 11-02, 11-09 and 11-16).
      const weeks = (t: typeof other.trend) =>
        t.slice(8, 11).map(w => [w.value, w.measuredEntities]);
      expect(weeks(other.trend)).toEqual(
        weeks(otherBefore.trend).map(([value, measured], i) => [
          ((value as number | null) ?? 0) + [0.75, 3.75, 4.5][i],
          (measured as number) + 1,
        ]),
      );
    });

    it('removes the figures of entities gone from the catalog at the next pass', async () => {
      const { builder, store } = await setUp(databaseId);
      await builder.refreshAll();
      expect(await store.entityRefs()).toContain('component:default/quiet');
      const smaller = new RollupBuilder({
        store,
        painIndex: new PainIndexService({
          facets: [],
          config: { windowMs: WINDOW_MS, weights: {} },
          logger: mockServices.logger.mock(),
        }),
        weights: {},
        facets: [],
        catalog: catalogServiceMock({
          entities: catalogEntities().filter(e => e.metadata.name !== 'quiet'),
        }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        now: () => NOW,
      });
      expect((await smaller.refreshAll()).removed).toBe(1);
      expect(await store.entityRefs()).not.toContain('component:default/quiet');
    });

    it('reads the recorded weeks a page at a time, every row once, pages of any size', async () => {
      const { store } = await setUp(databaseId);
      const WEEK = 7 * 24 * 3600 * 1000;
      const from = Date.parse('2026-09-07T00:00:00Z');
      // Entities with 1 to 4 weeks since `from`, and one week before it each.
      const recorded = new Map<string, Set<number>>();
      const rows = [];
      for (const [i, name] of ['a', 'b', 'c', 'd', 'e'].entries()) {
        const ref = `component:default/${name}`;
        for (let w = -1; w <= i % 4; w++) {
          rows.push({
            entityRef: ref,
            ownerRef: null,
            weekStart: from + w * WEEK,
            value: 1,
            dependentsLeft: null,
            computedAt: from,
          });
          if (w >= 0) {
            recorded.set(
              ref,
              (recorded.get(ref) ?? new Set()).add(from + w * WEEK),
            );
          }
        }
      }
      await store.writeWeeks(rows);
      expect([...recorded.values()].reduce((n, w) => n + w.size, 0)).toBe(11);
      for (const pageSize of [1, 2, 3, 11, 12, 1000]) {
        expect(await store.recordedWeeks(from, pageSize)).toEqual(recorded);
      }
      expect(await store.recordedWeeks(from)).toEqual(recorded);
    });
  },
);

describe('groupClosure', () => {
  it('pairs every group with itself and each descendant at its depth, cutting cycles', () => {
    const pairs = groupClosure(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']], // a catalog mistake: a cycle
      ]),
    );
    expect(pairs.filter(p => p.ancestorRef === 'a')).toEqual([
      { ancestorRef: 'a', descendantRef: 'a', depth: 0 },
      { ancestorRef: 'a', descendantRef: 'b', depth: 1 },
      { ancestorRef: 'a', descendantRef: 'c', depth: 2 },
    ]);
    expect(pairs).toHaveLength(9);
  });
});
