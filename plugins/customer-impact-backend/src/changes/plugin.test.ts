import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { demoCatalog } from '../__testUtils__/entities';
import { customerImpactPlugin } from '../plugin';

jest.setTimeout(60_000);

describe('recorded changes in the plugin', () => {
  it('mounts the changes routes beside the facets and registers their permissions', async () => {
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        catalogServiceMock.factory({ entities: demoCatalog() }),
        mockServices.database.factory(),
      ],
    });
    const pushed = await request(server)
      .post('/api/customer-impact/v1/changes')
      .set('Authorization', mockCredentials.user.header())
      .send({
        changes: [
          {
            id: 'PLAT-1',
            title: 'Self-service API keys',
            at: '2026-11-02T10:00:00Z',
            entityRefs: ['api:default/payments-v2'],
          },
        ],
      });
    expect(pushed.status).toBe(200);
    expect(pushed.body).toEqual({ inserted: 1, updated: 0, unchanged: 0 });

    const listed = await request(server)
      .get('/api/customer-impact/v1/changes?entityRef=api:default/payments-v2')
      .set('Authorization', mockCredentials.user.header());
    expect(listed.body.changes.map((c: { id: string }) => c.id)).toEqual([
      'PLAT-1',
    ]);

    const relief = await request(server)
      .get('/api/customer-impact/v1/changes/PLAT-1/relief')
      .set('Authorization', mockCredentials.user.header());
    expect(relief.status).toBe(200);
    expect(relief.body.change.id).toBe('PLAT-1');

    // the HTTP router's default auth policy
    const anonymous = await request(server)
      .get('/api/customer-impact/v1/changes')
      .set('Authorization', 'Bearer not-a-valid-token');
    expect(anonymous.status).toBe(401);

    const metadata = await request(server).get(
      '/api/customer-impact/.well-known/backstage/permissions/metadata',
    );
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name),
    ).toEqual(
      expect.arrayContaining([
        'customer-impact.change.create',
        'customer-impact.change.delete',
      ]),
    );
  });
});
