import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CustomerImpactClient } from './CustomerImpactClient';

const baseUrl = 'http://backstage.test/api/customer-impact';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('CustomerImpactClient', () => {
  const discoveryApi = { getBaseUrl: async () => baseUrl };

  it('requests the summary at the versioned, encoded path and sends the token', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, ({ request }) => {
        seen = { url: request.url, auth: request.headers.get('authorization') };
        return HttpResponse.json({ entityRef: 'api:default/payments-v1' });
      }),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const summary = await client.getEntitySummary('API:default/payments-v1', {
      token: 'abc',
    });
    expect(summary.entityRef).toBe('api:default/payments-v1');
    expect(seen).toEqual({
      url: `${baseUrl}/v1/entities/API/default/payments-v1`,
      auth: 'Bearer abc',
    });
  });

  it('accepts a compound ref', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/component/team-a/checkout`, () =>
        HttpResponse.json({ entityRef: 'component:team-a/checkout' }),
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    await expect(
      client.getEntitySummary({
        kind: 'component',
        namespace: 'team-a',
        name: 'checkout',
      }),
    ).resolves.toEqual({ entityRef: 'component:team-a/checkout' });
  });

  it('turns an error response into a ResponseError with the backend message', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No entity api:default/x' },
            request: { method: 'GET', url: '/v1/entities/api/default/x' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const error = await client.getEntitySummary('api:default/x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No entity api:default/x');
  });
});
