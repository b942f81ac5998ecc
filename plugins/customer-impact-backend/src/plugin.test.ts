import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { FACET_STATUSES } from '@customer-impact/plugin-customer-impact-common';
import request from 'supertest';
import { demoCatalog } from './__testUtils__/entities';
import { customerImpactPlugin } from './plugin';

jest.setTimeout(60_000);

function sourceModule(moduleId: string, type: string) {
  return createBackendModule({
    pluginId: 'customer-impact',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { sources: customerImpactSourcesExtensionPoint },
        async init({ sources }) {
          sources.addSliSource({ type, fetchCounts: async () => [] });
        },
      });
    },
  });
}

describe('customerImpactPlugin', () => {
  it('serves the summary at /api/customer-impact with the real HTTP wiring', async () => {
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        catalogServiceMock.factory({ entities: demoCatalog() }),
        mockServices.database.factory(),
      ],
    });
    const ok = await request(server)
      .get('/api/customer-impact/v1/entities/component/default/checkout')
      .set('Authorization', mockCredentials.user.header());
    expect(ok.status).toBe(200);
    expect(ok.body.deprecation.exposure).toHaveLength(2);

    // The default auth policy of the HTTP router rejects unauthenticated calls.
    const denied = await request(server)
      .get('/api/customer-impact/v1/entities/component/default/checkout')
      .set('Authorization', 'Bearer not-a-valid-token');
    expect(denied.status).toBe(401);

    // The permission integration router lists the plugin's permissions.
    const metadata = await request(server).get(
      '/api/customer-impact/.well-known/backstage/permissions/metadata',
    );
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name),
    ).toContain('customer-impact.entity.read');
  });

  it('answers every facet in the one envelope: a status from the vocabulary, lastUpdatedAt, and a how-to when not set up', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        catalogServiceMock.factory({ entities: demoCatalog() }),
        mockServices.database.factory(),
        logger.factory,
      ],
    });
    for (const path of [
      'component/default/checkout',
      'api/default/payments-v2',
    ]) {
      const res = await request(server)
        .get(`/api/customer-impact/v1/entities/${path}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual([
        'deprecation',
        'entityRef',
        'generatedAt',
        'journeys',
        'painIndex',
        'slos',
        'supportLoad',
      ]);
      // The pain index rides along, with its window of 4 weeks by default.
      expect(
        Date.parse(res.body.painIndex.window.to) -
          Date.parse(res.body.painIndex.window.from),
      ).toBe(28 * 86_400_000);
      expect(res.body.painIndex).toHaveProperty('value');
      for (const key of ['deprecation', 'journeys', 'slos', 'supportLoad']) {
        const facet = res.body[key];
        expect({ key, status: FACET_STATUSES.includes(facet.status) }).toEqual({
          key,
          status: true,
        });
        expect(facet).toHaveProperty('lastUpdatedAt');
      }
      const notSetUp = Object.values(res.body).filter(
        (f: any) => f?.status === 'not-configured',
      ) as any[];
      // checkout has no SLOs, no support events, ...; payments-v2 is not deprecated.
      expect(notSetUp.length).toBeGreaterThan(0);
      expect(notSetUp.map(f => f.howTo)).toEqual(
        notSetUp.map(() =>
          expect.objectContaining({
            text: expect.any(String),
            snippets: expect.arrayContaining([
              expect.objectContaining({ code: expect.any(String) }),
            ]),
            docsUrl: expect.stringMatching(/^https:\/\//),
          }),
        ),
      );
    }
    // Every facet's tasks, the rollups' two and the clean-up are scheduled through the one list.
    expect(logger.info).toHaveBeenCalledWith(
      'Scheduled tasks: customer-impact-deprecation-burndown, customer-impact-deprecation-notices, customer-impact-slo-definitions, customer-impact-slo-alerts, customer-impact-slo-retention, customer-impact-slo-facets, customer-impact-rollups, customer-impact-rollups-changes, customer-impact-orphans',
    );
  });

  it('leaves the SLO facets uncomputed ahead when the config says so', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        customerImpactPlugin,
        catalogServiceMock.factory({ entities: demoCatalog() }),
        mockServices.database.factory(),
        mockServices.rootConfig.factory({
          data: { customerImpact: { slo: { precomputeFacets: false } } },
        }),
        logger.factory,
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Scheduled tasks: customer-impact-deprecation-burndown, customer-impact-deprecation-notices, customer-impact-slo-definitions, customer-impact-slo-alerts, customer-impact-slo-retention, customer-impact-rollups, customer-impact-rollups-changes, customer-impact-orphans',
    );
  });

  it('accepts an SLI source module through the extension point', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        customerImpactPlugin,
        sourceModule('prom', 'prometheus'),
        catalogServiceMock.factory(),
        mockServices.database.factory(),
        logger.factory,
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      'SLI sources installed: prometheus',
    );
  });

  it('refuses two modules for the same DataSource type', async () => {
    await expect(
      startTestBackend({
        features: [
          customerImpactPlugin,
          sourceModule('a', 'prometheus'),
          sourceModule('b', 'prometheus'),
          catalogServiceMock.factory(),
          mockServices.database.factory(),
        ],
      }),
    ).rejects.toThrow(/already installed/);
  });
});
