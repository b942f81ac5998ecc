import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import request from 'supertest';
import { demoCatalog } from '../__testUtils__/entities';
import { customerImpactPlugin } from '../plugin';

jest.setTimeout(60_000);

function supportModule(moduleId: string, sourceId: string) {
  return createBackendModule({
    pluginId: 'customer-impact',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { sources: customerImpactSourcesExtensionPoint },
        async init({ sources }) {
          sources.addSupportEventSource({
            id: sourceId,
            pull: async () => ({ events: [] }),
          });
        },
      });
    },
  });
}

describe('the support facet in the plugin', () => {
  it('pushes and reads support events through the real HTTP wiring', async () => {
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        catalogServiceMock.factory({ entities: demoCatalog() }),
        mockServices.database.factory(),
      ],
    });
    const push = await request(server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          {
            source: 'jira',
            externalId: 'OPS-1',
            entityRef: 'component:default/checkout',
            kind: 'ticket',
            openedAt: '2026-11-16T09:00:00Z',
          },
        ],
      });
    expect(push.status).toBe(200);
    expect(push.body).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });

    const list = await request(server)
      .get(
        '/api/customer-impact/v1/entities/component/default/checkout/support-events',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(list.body.total).toBe(1);

    const metadata = await request(server).get(
      '/api/customer-impact/.well-known/backstage/permissions/metadata',
    );
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name),
    ).toContain('customer-impact.support-events.create');
  });

  it('accepts support event sources through the extension point and schedules them', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        customerImpactPlugin,
        supportModule('pd', 'pagerduty'),
        supportModule('gh', 'github'),
        catalogServiceMock.factory(),
        mockServices.database.factory(),
        logger.factory,
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Support event sources installed: github, pagerduty',
    );
  });

  it('refuses two support sources with the same id', async () => {
    await expect(
      startTestBackend({
        features: [
          customerImpactPlugin,
          supportModule('a', 'pagerduty'),
          supportModule('b', 'pagerduty'),
          catalogServiceMock.factory(),
          mockServices.database.factory(),
        ],
      }),
    ).rejects.toThrow(
      'A support event source with id "pagerduty" is already installed',
    );
  });
});
