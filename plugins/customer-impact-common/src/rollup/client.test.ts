import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CustomerImpactClient } from '../api/CustomerImpactClient';
import { GroupRollup } from './types';

const baseUrl = 'http://backstage.test/api/customer-impact';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const rollup: GroupRollup = {
  groupRef: 'group:default/platform',
  groups: ['group:default/platform'],
  window: { from: '2026-10-28T12:00:00.000Z', to: '2026-11-25T12:00:00.000Z' },
  entities: [],
  page: { limit: 5, nextCursor: null, total: 0 },
  consumers: [],
  deprecations: [],
  trend: [],
  computedAt: null,
};

describe('CustomerImpactClient, group rollups', () => {
  const client = new CustomerImpactClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
  });

  it('asks for one page of a group rollup, with limit and cursor', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${baseUrl}/v1/groups/default/platform/rollup`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(rollup);
        },
      ),
    );
    await expect(
      client.getGroupRollup('group:default/platform', {
        limit: 5,
        cursor: 'WzEsIngiXQ',
      }),
    ).resolves.toEqual(rollup);
    expect(url?.searchParams.get('limit')).toBe('5');
    expect(url?.searchParams.get('cursor')).toBe('WzEsIngiXQ');
  });

  it('takes a bare group name and refreshes with POST', async () => {
    let method: string | undefined;
    server.use(
      http.post(
        `${baseUrl}/v1/groups/default/platform/rollup/refresh`,
        ({ request }) => {
          method = request.method;
          return HttpResponse.json(rollup);
        },
      ),
    );
    await expect(client.refreshGroupRollup('platform')).resolves.toEqual(
      rollup,
    );
    expect(method).toBe('POST');
  });

  it('surfaces a 403 as a ResponseError with the message', async () => {
    server.use(
      http.post(`${baseUrl}/v1/groups/default/platform/rollup/refresh`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to refresh rollups',
            },
            request: { method: 'POST', url: '/' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client
      .refreshGroupRollup('group:default/platform')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe('Not allowed to refresh rollups');
    expect(error.response.status).toBe(403);
  });
});
