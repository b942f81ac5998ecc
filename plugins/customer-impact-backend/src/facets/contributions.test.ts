import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoCatalog } from '../__testUtils__/entities';
import { deprecationFacet } from '../deprecation/DeprecationFacet';
import { DeprecationService } from '../deprecation/DeprecationService';
import { supportFacet } from '../support/SupportFacet';
import { SupportService } from '../support/SupportService';
import { DatabaseSupportStore } from '../support/SupportStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-11-23T00:00:00Z');
/** Four weeks: 2026-10-26 to 2026-11-23. */
const WINDOW = { from: new Date('2026-10-26T00:00:00Z'), to: NOW };
const context = {
  credentials: mockCredentials.user(),
  now: NOW,
  window: WINDOW,
  present: true,
};

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

describe.each(databases.eachSupportedId())(
  'the support facet contributes per-week figures, on %p',
  databaseId => {
    async function facet() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSupportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const service = new SupportService({ store, now: () => NOW });
      const events = [
        // 6 pages, 2 escalations and 1 manual exception in the window ...
        ...Array.from({ length: 6 }, (_, i) => ({ kind: 'page', day: 26 + i })),
        { kind: 'escalation', day: 28 },
        { kind: 'escalation', day: 29 },
        { kind: 'manual-exception', day: 30 },
        // ... and one page before it, which does not count.
        { kind: 'page', day: 20 },
      ].map((e, i) => ({
        source: 'jira',
        externalId: `OPS-${i}`,
        entityRef: 'component:default/payments',
        kind: e.kind,
        openedAt: `2026-10-${e.day}T09:00:00Z`,
      }));
      events.push({
        source: 'jira',
        externalId: 'OLD-1',
        entityRef: 'component:default/quiet',
        kind: 'ticket',
        openedAt: '2026-09-01T09:00:00Z',
      });
      await service.push({ events });
      return supportFacet({
        service,
        auth: mockServices.auth(),
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions(),
        catalog: catalogServiceMock(),
      });
    }

    it('divides the counts in the window by its 4 weeks; a kind without events is a measured 0', async () => {
      const support = await facet();
      const c = await support.contribute(component('payments'), context);
      expect(c).toEqual({
        facet: 'supportLoad',
        status: 'ok',
        window: {
          from: '2026-10-26T00:00:00.000Z',
          to: '2026-11-23T00:00:00.000Z',
        },
        quantities: [
          {
            id: 'pages-per-week',
            label: 'pages a week',
            quantity: 1.5,
            unit: 'per-week',
          },
          {
            id: 'escalations-per-week',
            label: 'escalations a week',
            quantity: 0.5,
            unit: 'per-week',
          },
          {
            id: 'manual-exceptions-per-week',
            label: 'manual exceptions a week',
            quantity: 0.25,
            unit: 'per-week',
          },
          {
            id: 'tickets-per-week',
            label: 'tickets a week',
            quantity: 0,
            unit: 'per-week',
          },
        ],
        // The events name no team: all of it is the unknown team's.
        consumers: [
          {
            consumerRef: 'unknown',
            quantities: expect.arrayContaining([
              expect.objectContaining({ id: 'pages-per-week', quantity: 1.5 }),
            ]),
            categories: [],
          },
        ],
      });
    });

    it('splits the figures per consuming team, with its top categories', async () => {
      const support = await facet();
      await support.service.push({
        events: [
          ...['db', 'db', 'dns', 'ci', 'ci', 'ci', 'auth'].map(
            (category, i) => ({
              source: 'jira',
              externalId: `TEAM-A-${i}`,
              entityRef: 'component:default/platform-db',
              consumerRef: 'group:default/team-a',
              kind: 'ticket',
              category,
              openedAt: `2026-11-0${1 + i}T09:00:00Z`,
            }),
          ),
          {
            source: 'pagerduty',
            externalId: 'P1',
            entityRef: 'component:default/platform-db',
            consumerRef: 'group:default/team-b',
            kind: 'page',
            openedAt: '2026-11-10T03:00:00Z',
          },
        ],
      });
      const c = await support.contribute(component('platform-db'), context);
      const perWeek = (q: { id: string; quantity: number }[], id: string) =>
        q.find(x => x.id === id)?.quantity;
      // Team A: 7 tickets over 4 weeks = 1.75 a week; top 3 categories
      // ci (3), db (2), then auth and dns (1 each) by name: auth.
      // Team B: 1 page / 4 = 0.25 a week.
      expect(c.consumers?.map(t => t.consumerRef)).toEqual([
        'group:default/team-a',
        'group:default/team-b',
      ]);
      const [a, b] = c.consumers!;
      expect(perWeek(a.quantities, 'tickets-per-week')).toBe(1.75);
      expect(perWeek(a.quantities, 'pages-per-week')).toBe(0);
      expect(a.categories).toEqual([
        { category: 'ci', count: 3 },
        { category: 'db', count: 2 },
        { category: 'auth', count: 1 },
      ]);
      expect(perWeek(b.quantities, 'pages-per-week')).toBe(0.25);
      expect(b.categories).toEqual([]);
    });

    it('says no-data for an entity whose events are all older than the window, and not-configured for one without any', async () => {
      const support = await facet();
      const quiet = await support.contribute(component('quiet'), context);
      expect(quiet.status).toBe('no-data');
      expect(quiet.quantities).toEqual([]);
      const never = await support.contribute(component('never'), context);
      expect(never.status).toBe('not-configured');
      expect(never.quantities).toEqual([]);
    });
  },
);

describe('the deprecation facet contributes dependents and near sunsets', () => {
  const facet = deprecationFacet(
    new DeprecationService({
      catalog: catalogServiceMock({ entities: demoCatalog() }),
      store: {
        recordSnapshots: async () => {},
        importPoints: async () => ({ inserted: 0, updated: 0, unchanged: 0 }),
        getBurndown: async () => [],
      },
      logger: mockServices.logger.mock(),
      now: () => new Date('2026-11-21T12:00:00Z'),
    }),
  );
  const entities = demoCatalog();
  const byName = (name: string) =>
    entities.find(e => e.metadata.name === name)!;
  const at = { ...context, now: new Date('2026-11-21T12:00:00Z') };

  it('counts the dependents still on a deprecated entity', async () => {
    const c = await facet.contribute(byName('payments-v1'), at);
    expect(c.status).toBe('ok');
    expect(c.quantities).toEqual([
      expect.objectContaining({
        id: 'dependents-left',
        quantity: 2,
        unit: 'count',
      }),
    ]);
  });

  it('counts the deprecated dependencies whose sunset is within 90 days', async () => {
    // checkout consumes payments-v1 (sunset in 130 days) and depends on
    // legacy-runner (sunset 2026-12-31: 40 days away).
    const c = await facet.contribute(byName('checkout'), at);
    expect(c.quantities).toEqual([
      expect.objectContaining({
        id: 'deprecated-dependencies-near-sunset',
        quantity: 1,
      }),
    ]);
  });

  it('has nothing to contribute for an entity neither deprecated nor exposed', async () => {
    const c = await facet.contribute(byName('payments-v2'), at);
    expect(c).toEqual(
      expect.objectContaining({
        facet: 'deprecation',
        status: 'not-configured',
        quantities: [],
      }),
    );
  });
});
