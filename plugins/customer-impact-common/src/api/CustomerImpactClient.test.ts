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
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name`,
        ({ request }) => {
          seen = {
            url: request.url,
            auth: request.headers.get('authorization'),
          };
          return HttpResponse.json({ entityRef: 'api:default/payments-v1' });
        },
      ),
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
            error: {
              name: 'NotFoundError',
              message: 'No entity api:default/x',
            },
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

describe('CustomerImpactClient SLO methods', () => {
  const discoveryApi = { getBaseUrl: async () => baseUrl };

  it('reads one SLO with its burndown, encoding the SLO key', async () => {
    let url: string | undefined;
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name/slos/:slo`,
        ({ request }) => {
          url = request.url;
          return HttpResponse.json({
            entityRef: 'component:default/checkout',
            burndown: [],
          });
        },
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const detail = await client.getEntitySlo(
      'component:default/checkout',
      'latency:fast',
      {
        points: 60,
      },
    );
    expect(detail.entityRef).toBe('component:default/checkout');
    expect(url).toBe(
      `${baseUrl}/v1/entities/component/default/checkout/slos/latency%3Afast?points=60`,
    );
  });

  it("asks an entity's release gate, with the token (as a CI job does)", async () => {
    let seen: { url: string; auth: string | null } | undefined;
    server.use(
      http.get(
        `${baseUrl}/v1/entities/component/default/checkout/release-gate`,
        ({ request }) => {
          seen = {
            url: request.url,
            auth: request.headers.get('authorization'),
          };
          return HttpResponse.json({
            entityRef: 'component:default/checkout',
            allowed: false,
            reasons: ['SLO availability is in page state'],
          });
        },
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const gate = await client.getReleaseGate(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      { token: 'ci-token' },
    );
    expect(gate.allowed).toBe(false);
    expect(gate.reasons).toEqual(['SLO availability is in page state']);
    expect(seen).toEqual({
      url: `${baseUrl}/v1/entities/component/default/checkout/release-gate`,
      auth: 'Bearer ci-token',
    });
  });

  it('asks for a refresh with a POST', async () => {
    server.use(
      http.post(
        `${baseUrl}/v1/entities/component/default/checkout/slos/refresh`,
        () => HttpResponse.json({ status: 'ok', slos: [] }),
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    await expect(
      client.refreshEntitySlos('component:default/checkout'),
    ).resolves.toEqual({
      status: 'ok',
      slos: [],
    });
  });

  it('pushes samples as JSON and returns the counts', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${baseUrl}/v1/slo-samples`, async ({ request }) => {
        body = await request.json();
        contentType = request.headers.get('content-type');
        return HttpResponse.json({ inserted: 1, updated: 0, unchanged: 0 });
      }),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const sample = {
      entityRef: 'component:default/checkout',
      slo: 'availability',
      start: '2026-11-21T10:05:00Z',
      durationSeconds: 300,
      good: 99,
      total: 100,
    };
    await expect(
      client.pushSloSamples({ samples: [sample] }, { token: 't' }),
    ).resolves.toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(body).toEqual({ samples: [sample] });
    expect(contentType).toBe('application/json');
  });
});

describe('CustomerImpactClient deprecation exemptions', () => {
  const discoveryApi = { getBaseUrl: async () => baseUrl };

  it('posts an exemption to the deprecated entity and lists them', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${baseUrl}/v1/entities/api/default/payments-v1/deprecation-exemptions`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(
            { id: '1', until: '2027-06-30' },
            { status: 201 },
          );
        },
      ),
      http.get(
        `${baseUrl}/v1/entities/api/default/payments-v1/deprecation-exemptions`,
        () =>
          HttpResponse.json({
            entityRef: 'api:default/payments-v1',
            exemptions: [],
          }),
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const request = {
      dependentRef: 'component:default/billing-service',
      reason: 'Quarter-end freeze',
      until: '2027-06-30',
    };
    await expect(
      client.recordDeprecationExemption('api:default/payments-v1', request),
    ).resolves.toEqual({ id: '1', until: '2027-06-30' });
    expect(body).toEqual(request);
    await expect(
      client.getDeprecationExemptions('api:default/payments-v1'),
    ).resolves.toEqual({
      entityRef: 'api:default/payments-v1',
      exemptions: [],
    });
  });
});
