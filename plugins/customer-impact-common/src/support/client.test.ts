import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CustomerImpactClient } from '../api/CustomerImpactClient';

const baseUrl = 'http://backstage.test/api/customer-impact';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('CustomerImpactClient, support load', () => {
  const client = new CustomerImpactClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
  });

  it('pushes a batch as JSON and returns the counts', async () => {
    let body: unknown;
    let type: string | null = null;
    server.use(
      http.post(`${baseUrl}/v1/support-events`, async ({ request }) => {
        body = await request.json();
        type = request.headers.get('content-type');
        return HttpResponse.json({ inserted: 1, updated: 0, unchanged: 0 });
      }),
    );
    const batch = {
      events: [
        {
          source: 'jira',
          externalId: 'OPS-1',
          entityRef: 'component:default/payments-service',
          kind: 'ticket' as const,
          openedAt: '2026-11-16T09:00:00Z',
        },
      ],
    };
    await expect(
      client.pushSupportEvents(batch, { token: 't' }),
    ).resolves.toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(body).toEqual(batch);
    expect(type).toBe('application/json');
  });

  it('surfaces the 400 that names the index and field', async () => {
    server.use(
      http.post(`${baseUrl}/v1/support-events`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'events[1].openedAt: must be an ISO 8601 timestamp',
            },
            request: { method: 'POST', url: '/v1/support-events' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client.pushSupportEvents({ events: [] }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toContain('events[1].openedAt');
  });

  it('asks for the recent events of an entity with a limit', async () => {
    let url = '';
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name/support-events`,
        ({ request }) => {
          url = request.url;
          return HttpResponse.json({
            entityRef: 'component:default/x',
            events: [],
            total: 0,
          });
        },
      ),
    );
    await client.getEntitySupportEvents('component:default/x', { limit: 20 });
    expect(url).toBe(
      `${baseUrl}/v1/entities/component/default/x/support-events?limit=20`,
    );
  });

  it("asks for a group's consumers by namespace and name, group kind by default, with limit and cursor", async () => {
    const urls: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/groups/:namespace/:name/consumers`,
        ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json({
            groupRef: 'group:default/platform',
            consumers: [],
          });
        },
      ),
    );
    await client.getGroupSupportConsumers('platform');
    await client.getGroupSupportConsumers({
      kind: 'group',
      namespace: 'ops',
      name: 'sre',
    });
    await client.getGroupSupportConsumers('platform', {
      limit: 5,
      cursor: 'WzQsImdyb3VwOmRlZmF1bHQvYSJd',
    });
    expect(urls).toEqual([
      `${baseUrl}/v1/groups/default/platform/consumers`,
      `${baseUrl}/v1/groups/ops/sre/consumers`,
      `${baseUrl}/v1/groups/default/platform/consumers?limit=5&cursor=WzQsImdyb3VwOmRlZmF1bHQvYSJd`,
    ]);
  });
});
