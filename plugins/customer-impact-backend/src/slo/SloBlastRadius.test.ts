import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { SloAlertState } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { sloFacetNotConfigured } from './facet';
import { SloBlastRadius, nextIncident } from './SloBlastRadius';
import { DatabaseSloIncidentStore, SloIncident } from './SloIncidentStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function entity(
  kind: string,
  name: string,
  owner: string,
  relations: Array<[string, string]>,
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: {},
    relations: [
      { type: 'ownedBy', targetRef: owner },
      ...relations.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  };
}

/**
 * payments-service (platform) provides payments-v1 and payments-v2 and
 * depends on payments-db; checkout-web (team-checkout) and billing-service
 * (team-billing) consume payments-v1; refunds-worker (team-checkout)
 * consumes payments-v2; ledger (team-billing) depends on payments-service
 * directly. search-web (team-search) consumes nothing of it.
 */
function catalog(): Entity[] {
  return [
    entity(
      'Component',
      'payments-service',
      'group:default/platform',
      [
        ['providesApi', 'api:default/payments-v1'],
        ['providesApi', 'api:default/payments-v2'],
        ['dependsOn', 'resource:default/payments-db'],
        ['dependencyOf', 'component:default/ledger'],
      ],
      'Payments service',
    ),
    entity('API', 'payments-v1', 'group:default/platform', [
      ['apiProvidedBy', 'component:default/payments-service'],
      ['apiConsumedBy', 'component:default/checkout-web'],
      ['apiConsumedBy', 'component:default/billing-service'],
    ]),
    entity('API', 'payments-v2', 'group:default/platform', [
      ['apiProvidedBy', 'component:default/payments-service'],
      ['apiConsumedBy', 'component:default/refunds-worker'],
    ]),
    entity('Resource', 'payments-db', 'group:default/platform', [
      ['dependencyOf', 'component:default/payments-service'],
    ]),
    entity('Component', 'checkout-web', 'group:default/team-checkout', [
      ['consumesApi', 'api:default/payments-v1'],
    ]),
    entity('Component', 'billing-service', 'group:default/team-billing', [
      ['consumesApi', 'api:default/payments-v1'],
    ]),
    entity('Component', 'refunds-worker', 'group:default/team-checkout', [
      ['consumesApi', 'api:default/payments-v2'],
    ]),
    entity('Component', 'ledger', 'group:default/team-billing', [
      ['dependsOn', 'component:default/payments-service'],
    ]),
    entity('Component', 'search-web', 'group:default/team-search', []),
  ];
}

const byName = (name: string) => catalog().find(e => e.metadata.name === name)!;
const T0 = Date.parse('2026-11-21T10:05:00Z');
const MIN = 60_000;
const status = (state: SloAlertState, key = 'payments-availability') => ({
  key,
  name: key,
  displayName: 'Payments availability',
  state,
});

describe('nextIncident', () => {
  function run(states: SloAlertState[]) {
    let open: SloIncident | undefined;
    return states.map((state, i) => {
      const next = nextIncident(
        open,
        status(state),
        'component:default/payments-service',
        T0 + i * 5 * MIN,
      );
      open = next && next.endedAt === null ? next : undefined;
      return (
        next && {
          started: next.startedAt,
          ended: next.endedAt,
          state: next.state,
          since: next.stateSince,
        }
      );
    });
  }

  it('opens an incident on page or ticket, keeps it through ticket → page and no-data, and ends it on ok', () => {
    expect(
      run(['ok', 'ticket', 'page', 'no-data', 'page', 'ok', 'ok']),
    ).toEqual([
      null,
      {
        started: T0 + 5 * MIN,
        ended: null,
        state: 'ticket',
        since: T0 + 5 * MIN,
      },
      {
        started: T0 + 5 * MIN,
        ended: null,
        state: 'page',
        since: T0 + 10 * MIN,
      },
      {
        started: T0 + 5 * MIN,
        ended: null,
        state: 'no-data',
        since: T0 + 15 * MIN,
      },
      {
        started: T0 + 5 * MIN,
        ended: null,
        state: 'page',
        since: T0 + 20 * MIN,
      },
      {
        started: T0 + 5 * MIN,
        ended: T0 + 25 * MIN,
        state: 'ok',
        since: T0 + 25 * MIN,
      },
      null,
    ]);
  });

  it('keeps the time a state began while it lasts', () => {
    expect(run(['page', 'page', 'page']).map(r => r?.since)).toEqual([
      T0,
      T0,
      T0,
    ]);
  });

  it('does not open an incident on no-data', () => {
    expect(run(['no-data', 'no-data'])).toEqual([null, null]);
  });
});

describe.each(databases.eachSupportedId())(
  'SloBlastRadius on %p',
  databaseId => {
    async function setup(options: { optIn?: string[] } = {}) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const sent: NotificationSendOptions[] = [];
      const notifications = {
        send: jest.fn(async (n: NotificationSendOptions) => void sent.push(n)),
      };
      /** A new instance over the same database, as after a restart. */
      const create = async () =>
        new SloBlastRadius({
          catalog: catalogServiceMock({ entities: catalog() }),
          auth: mockServices.auth(),
          notifications,
          incidents: await DatabaseSloIncidentStore.create({ database }),
          logger: mockServices.logger.mock(),
          notifyConsumersOf: options.optIn ?? ['group:default/platform'],
        });
      return { create, sent, notifications };
    }

    it("shows a paging SLO on its consumers' summaries, with how they reach it", async () => {
      const { create } = await setup();
      const blast = await create();
      await blast.track(
        'component:default/payments-service',
        [status('page')],
        T0,
      );

      const checkout = await blast.withBlastRadius(
        sloFacetNotConfigured(),
        byName('checkout-web'),
        mockCredentials.user(),
      );
      expect(checkout).toEqual(
        expect.objectContaining({
          status: 'not-configured',
          burningDependencies: [
            {
              entityRef: 'component:default/payments-service',
              title: 'Payments service',
              slo: 'payments-availability',
              sloName: 'Payments availability',
              state: 'page',
              since: '2026-11-21T10:05:00.000Z',
              incidentStartedAt: '2026-11-21T10:05:00.000Z',
              evaluatedAt: '2026-11-21T10:05:00.000Z',
              via: ['api:default/payments-v1'],
            },
          ],
        }),
      );
      // A direct dependent, an API consumer of the other API, and one that
      // does not consume it at all.
      const ledger = await blast.burningDependenciesOf(
        byName('ledger'),
        mockCredentials.user(),
      );
      expect(ledger.map(d => [d.entityRef, d.via])).toEqual([
        ['component:default/payments-service', []],
      ]);
      const refunds = await blast.burningDependenciesOf(
        byName('refunds-worker'),
        mockCredentials.user(),
      );
      expect(refunds.map(d => d.via)).toEqual([['api:default/payments-v2']]);
      expect(
        await blast.burningDependenciesOf(
          byName('search-web'),
          mockCredentials.user(),
        ),
      ).toEqual([]);
      // What payments-service depends on is not its consumer.
      expect(
        await blast.burningDependenciesOf(
          byName('payments-db'),
          mockCredentials.user(),
        ),
      ).toEqual([]);

      // Back to ok: no longer shown.
      await blast.track(
        'component:default/payments-service',
        [status('ok')],
        T0 + 30 * MIN,
      );
      expect(
        await blast.burningDependenciesOf(
          byName('checkout-web'),
          mockCredentials.user(),
        ),
      ).toEqual([]);
    });

    it('lists the owners of the consumers as the internal customers affected', async () => {
      const { create } = await setup();
      const blast = await create();
      expect(
        await blast.internalCustomersAffected(
          byName('payments-service'),
          mockCredentials.user(),
        ),
      ).toEqual([
        {
          ownerRef: 'group:default/team-billing',
          consumers: [
            'component:default/billing-service',
            'component:default/ledger',
          ],
        },
        {
          ownerRef: 'group:default/team-checkout',
          consumers: [
            'component:default/checkout-web',
            'component:default/refunds-worker',
          ],
        },
      ]);
    });

    it('notifies the owners of consumers once per incident when the owner opted in, across restarts', async () => {
      const { create, sent } = await setup();
      const first = await create();
      const ref = 'component:default/payments-service';
      expect(await first.track(ref, [status('page')], T0)).toEqual({
        notifiedTeams: 2,
      });
      expect(
        sent.map(n => (n.recipients as { entityRef: string }).entityRef),
      ).toEqual(['group:default/team-billing', 'group:default/team-checkout']);
      expect(sent[1].payload).toEqual({
        title:
          'A dependency is burning its error budget: Payments service, page since 10:05 UTC',
        description:
          'SLO Payments availability of Payments service is in page (incident since 10:05 UTC). Your checkout-web, refunds-worker depend on it; 2 consuming teams are affected. Its owner group:default/platform was notified.',
        link: '/catalog/default/component/payments-service',
        severity: 'critical',
        topic: 'customer-impact-slo-blast-radius',
        scope: `customer-impact-slo-incident:${ref}:payments-availability:${T0}`,
      });

      // The same incident: still page, then ticket, then a no-data gap; and a restart.
      expect(await first.track(ref, [status('page')], T0 + 5 * MIN)).toEqual({
        notifiedTeams: 0,
      });
      expect(await first.track(ref, [status('ticket')], T0 + 10 * MIN)).toEqual(
        { notifiedTeams: 0 },
      );
      const restarted = await create();
      expect(
        await restarted.track(ref, [status('no-data')], T0 + 15 * MIN),
      ).toEqual({ notifiedTeams: 0 });
      expect(
        await restarted.track(ref, [status('page')], T0 + 20 * MIN),
      ).toEqual({ notifiedTeams: 0 });
      expect(sent).toHaveLength(2);

      // Back to ok ends it; the next page is a new incident.
      await restarted.track(ref, [status('ok')], T0 + 25 * MIN);
      expect(
        await restarted.track(ref, [status('page')], T0 + 60 * MIN),
      ).toEqual({ notifiedTeams: 2 });
      expect(sent).toHaveLength(4);
    });

    it('does not notify consumers when the owning team has not opted in, and still shows the incident', async () => {
      const { create, sent } = await setup({
        optIn: ['group:default/someone-else'],
      });
      const blast = await create();
      await blast.track(
        'component:default/payments-service',
        [status('page')],
        T0,
      );
      expect(sent).toEqual([]);
      expect(
        await blast.burningDependenciesOf(
          byName('billing-service'),
          mockCredentials.user(),
        ),
      ).toHaveLength(1);
    });

    it('ends the incidents of SLOs and entities that are gone', async () => {
      const { create } = await setup();
      const blast = await create();
      const ref = 'component:default/payments-service';
      await blast.track(
        ref,
        [status('page'), status('ticket', 'payments-latency')],
        T0,
      );
      expect(
        await blast.burningDependenciesOf(
          byName('ledger'),
          mockCredentials.user(),
        ),
      ).toHaveLength(2);
      // payments-latency is no longer defined.
      await blast.track(ref, [status('page')], T0 + 5 * MIN);
      expect(
        (
          await blast.burningDependenciesOf(
            byName('ledger'),
            mockCredentials.user(),
          )
        ).map(d => d.slo),
      ).toEqual(['payments-availability']);
      // The entity has no SLOs any more.
      expect(await blast.endIncidentsExcept([], T0 + 10 * MIN)).toBe(1);
      expect(
        await blast.burningDependenciesOf(
          byName('ledger'),
          mockCredentials.user(),
        ),
      ).toEqual([]);
    });
  },
);
