import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CustomerImpactClient } from './CustomerImpactClient';

const baseUrl = 'http://backstage.test/api/customer-impact';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('CustomerImpactClient: changes', () => {
  const discoveryApi = { getBaseUrl: async () => baseUrl };
  const client = new CustomerImpactClient({ discoveryApi });

  it('records changes as a JSON batch with the token', async () => {
    let seen:
      | { body: unknown; auth: string | null; type: string | null }
      | undefined;
    server.use(
      http.post(`${baseUrl}/v1/changes`, async ({ request }) => {
        seen = {
          body: await request.json(),
          auth: request.headers.get('authorization'),
          type: request.headers.get('content-type'),
        };
        return HttpResponse.json({ inserted: 1, updated: 0, unchanged: 0 });
      }),
    );
    const batch = {
      changes: [
        {
          id: 'PLAT-42',
          title: 'Self-service API keys',
          at: '2027-03-03T10:00:00Z',
          entityRefs: ['api:default/payments-v2'],
        },
      ],
    };
    await expect(client.recordChanges(batch, { token: 'ci' })).resolves.toEqual(
      {
        inserted: 1,
        updated: 0,
        unchanged: 0,
      },
    );
    expect(seen).toEqual({
      body: batch,
      auth: 'Bearer ci',
      type: 'application/json',
    });
  });

  it('lists changes with repeated entityRef, limit and cursor in the query', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${baseUrl}/v1/changes`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ changes: [], nextCursor: 'abc' });
      }),
    );
    const page = await client.listChanges({
      entityRef: [
        'api:default/payments-v2',
        { kind: 'Component', namespace: 'default', name: 'payments-service' },
      ],
      limit: 5,
      cursor: 'x/y=',
    });
    expect(page).toEqual({ changes: [], nextCursor: 'abc' });
    expect(url?.searchParams.getAll('entityRef')).toEqual([
      'api:default/payments-v2',
      'component:default/payments-service',
    ]);
    expect(url?.searchParams.get('limit')).toBe('5');
    expect(url?.searchParams.get('cursor')).toBe('x/y=');

    await client.listChanges();
    expect(url?.search).toBe('');
  });

  it('deletes a change (204, no body) at its encoded path', async () => {
    let url: string | undefined;
    server.use(
      http.delete(`${baseUrl}/v1/changes/:id`, ({ request }) => {
        url = request.url;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(
      client.deleteChange('deploy:2027.03'),
    ).resolves.toBeUndefined();
    expect(url).toBe(`${baseUrl}/v1/changes/deploy%3A2027.03`);
  });

  it('reads the relief with the weeks asked for, and turns a 400 into a ResponseError', async () => {
    let url: string | undefined;
    server.use(
      http.get(`${baseUrl}/v1/changes/:id/relief`, ({ request }) => {
        url = request.url;
        if (new URL(request.url).searchParams.get('weeks') === '0') {
          return HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'weeks: must be a whole number from 1 to 26, got "0"',
              },
              request: { method: 'GET', url: '/v1/changes/PLAT-42/relief' },
              response: { statusCode: 400 },
            },
            { status: 400 },
          );
        }
        return HttpResponse.json({ weeks: 6, teams: [] });
      }),
    );
    const relief = await client.getChangeRelief('PLAT-42', { weeks: 6 });
    expect(relief).toEqual({ weeks: 6, teams: [] });
    expect(url).toBe(`${baseUrl}/v1/changes/PLAT-42/relief?weeks=6`);

    const error = await client
      .getChangeRelief('PLAT-42', { weeks: 0 })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toBe(
      'weeks: must be a whole number from 1 to 26, got "0"',
    );
  });
});
