import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  mockSupportPullRequest,
  pullAndValidate,
} from '@customer-impact/plugin-customer-impact-node/testUtils';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { PagerDutySupportSource } from './PagerDutySupportSource';

const BASE = 'https://api.pagerduty.com';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = new Date('2026-11-21T12:00:00Z');
const SINCE = new Date('2026-11-14T00:00:00Z');

function component(name: string, serviceId?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: serviceId ? { 'pagerduty.com/service-id': serviceId } : {},
    },
    spec: { type: 'service', owner: 'group:platform', lifecycle: 'production' },
  };
}

/** An incident as GET /incidents returns it (REST API v2), trimmed of fields we do not read. */
function incident(id: string, fields: Record<string, unknown>) {
  return {
    id,
    type: 'incident',
    summary: `[#${fields.incident_number}] ${fields.title}`,
    self: `${BASE}/incidents/${id}`,
    html_url: `https://acme.pagerduty.com/incidents/${id}`,
    incident_key: `key-${id}`,
    urgency: 'high',
    priority: null,
    responder_requests: [],
    assignments: [],
    escalation_policy: {
      id: 'PEP1',
      type: 'escalation_policy_reference',
      summary: 'Payments',
    },
    service: {
      id: 'PXPAY01',
      type: 'service_reference',
      summary: 'Payments',
      self: `${BASE}/services/PXPAY01`,
      html_url: 'https://acme.pagerduty.com/service-directory/PXPAY01',
    },
    ...fields,
  };
}

function request() {
  return mockSupportPullRequest({
    entities: [
      component('payments-service', 'PXPAY01'),
      component('quiet'),
      component('ledger', 'PLEDG02'),
    ],
    since: SINCE,
    logger: mockServices.logger.mock(),
  });
}

describe('PagerDutySupportSource', () => {
  it('reads every page of incidents of the annotated services and maps them to pages and escalations', async () => {
    const seen: URL[] = [];
    const auth: Array<string | null> = [];
    server.use(
      http.get(`${BASE}/incidents`, ({ request: req }) => {
        const url = new URL(req.url);
        seen.push(url);
        auth.push(req.headers.get('authorization'));
        if (url.searchParams.get('offset') === '0') {
          return HttpResponse.json({
            incidents: [
              incident('Q1', {
                incident_number: 101,
                title: 'Error rate above 2 %',
                status: 'resolved',
                created_at: '2026-11-16T02:00:00Z',
                resolved_at: '2026-11-16T02:40:00Z',
                last_status_change_at: '2026-11-16T02:40:00Z',
              }),
              incident('Q2', {
                incident_number: 102,
                title: 'Checkout failing',
                status: 'acknowledged',
                created_at: '2026-11-18T03:00:00Z',
                priority: { id: 'PP1', type: 'priority', summary: 'P1' },
              }),
            ],
            limit: 2,
            offset: 0,
            total: null,
            more: true,
          });
        }
        return HttpResponse.json({
          incidents: [
            incident('Q3', {
              incident_number: 103,
              title: 'Ledger lagging',
              status: 'triggered',
              created_at: '2026-11-17T09:00:00Z',
              urgency: 'low',
              service: {
                id: 'PLEDG02',
                type: 'service_reference',
                summary: 'Ledger',
              },
              responder_requests: [
                {
                  requester: { id: 'PU1' },
                  requested_at: '2026-11-17T09:10:00Z',
                },
              ],
            }),
            incident('Q4', {
              incident_number: 104,
              title: 'Old resolved (no resolved_at field)',
              status: 'resolved',
              created_at: '2026-11-15T09:00:00Z',
              last_status_change_at: '2026-11-15T10:00:00Z',
            }),
          ],
          limit: 2,
          offset: 2,
          total: null,
          more: false,
        });
      }),
    );
    const source = new PagerDutySupportSource({
      token: 'pd-secret',
      now: () => NOW,
    });
    const result = await pullAndValidate(source, request());

    expect(seen).toHaveLength(2);
    expect(seen[0].searchParams.getAll('service_ids[]')).toEqual([
      'PLEDG02',
      'PXPAY01',
    ]);
    expect(seen[0].searchParams.get('since')).toBe('2026-11-14T00:00:00.000Z');
    expect(seen[0].searchParams.get('until')).toBe('2026-11-21T12:00:00.000Z');
    expect(seen[0].searchParams.get('limit')).toBe('100');
    expect(seen.map(u => u.searchParams.get('offset'))).toEqual(['0', '2']);
    expect(auth).toEqual(['Token token=pd-secret', 'Token token=pd-secret']);

    expect(result.events).toEqual([
      {
        source: 'pagerduty',
        externalId: 'Q1',
        entityRef: 'component:default/payments-service',
        kind: 'page',
        openedAt: '2026-11-16T02:00:00Z',
        resolvedAt: '2026-11-16T02:40:00Z',
        severity: 'high',
        title: '#101 Error rate above 2 %',
        url: 'https://acme.pagerduty.com/incidents/Q1',
      },
      // priority P1: an escalation
      expect.objectContaining({
        externalId: 'Q2',
        kind: 'escalation',
        severity: 'P1',
      }),
      // responders requested: an escalation, on the ledger entity
      expect.objectContaining({
        externalId: 'Q3',
        kind: 'escalation',
        entityRef: 'component:default/ledger',
        severity: 'low',
      }),
      expect.objectContaining({
        externalId: 'Q4',
        kind: 'page',
        resolvedAt: '2026-11-15T10:00:00Z',
      }),
    ]);
    expect(result.events[1].resolvedAt).toBeUndefined();
    // Q2 (18 Nov) and Q3 (17 Nov) are open: the next pull starts at the older.
    expect(result.cursor).toBe('2026-11-17T09:00:00.000Z');
  });

  it('waits as long as the 429 answer says, then retries', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/incidents`, () => {
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json(
            { error: { message: 'Rate Limit Exceeded', code: 2020 } },
            {
              status: 429,
              headers: {
                'ratelimit-limit': '960',
                'ratelimit-remaining': '0',
                'ratelimit-reset': '7',
              },
            },
          );
        }
        return HttpResponse.json({
          incidents: [],
          limit: 100,
          offset: 0,
          more: false,
        });
      }),
    );
    const sleep = jest.fn(async () => {});
    const source = new PagerDutySupportSource({
      token: 't',
      sleep,
      now: () => NOW,
    });
    const result = await source.pull(request());
    expect(calls).toBe(2);
    expect(sleep).toHaveBeenCalledWith(7000, expect.anything());
    // nothing open: the next pull starts where this one ended
    expect(result).toEqual({ events: [], cursor: '2026-11-21T12:00:00.000Z' });
  });

  it('backs off 1, 2, 4 s without a reset header and gives up after maxRetries', async () => {
    server.use(
      http.get(`${BASE}/incidents`, () =>
        HttpResponse.json(
          { error: { message: 'Rate Limit Exceeded', code: 2020 } },
          { status: 429 },
        ),
      ),
    );
    const sleep = jest.fn(async () => {});
    const source = new PagerDutySupportSource({
      token: 't',
      sleep,
      maxRetries: 3,
      now: () => NOW,
    });
    await expect(source.pull(request())).rejects.toThrow(
      'PagerDuty GET /incidents answered 429: Rate Limit Exceeded (code 2020)',
    );
    expect(sleep.mock.calls.map(c => (c as unknown[])[0])).toEqual([
      1000, 2000, 4000,
    ]);
  });

  it("fails with PagerDuty's own message on an error answer", async () => {
    server.use(
      http.get(`${BASE}/incidents`, () =>
        HttpResponse.json(
          { error: { message: 'Unauthorized', code: 2006 } },
          { status: 401 },
        ),
      ),
    );
    const source = new PagerDutySupportSource({
      token: 'wrong',
      now: () => NOW,
    });
    await expect(source.pull(request())).rejects.toThrow(
      'PagerDuty GET /incidents answered 401: Unauthorized (code 2006)',
    );
  });

  it('names the invalid parameters of a 400', async () => {
    server.use(
      http.get(`${BASE}/incidents`, () =>
        HttpResponse.json(
          {
            error: {
              message: 'Invalid Input Provided',
              code: 2001,
              errors: ['Since must be before until.'],
            },
          },
          { status: 400 },
        ),
      ),
    );
    const source = new PagerDutySupportSource({ token: 't', now: () => NOW });
    await expect(source.pull(request())).rejects.toThrow(
      'answered 400: Invalid Input Provided (code 2001): Since must be before until.',
    );
  });

  it('asks nothing when no entity has the annotation', async () => {
    const source = new PagerDutySupportSource({ token: 't', now: () => NOW });
    const result = await source.pull({
      ...request(),
      entities: [component('quiet')],
    });
    // onUnhandledRequest: 'error' would have failed any request
    expect(result).toEqual({ events: [], cursor: '2026-11-21T12:00:00.000Z' });
  });

  it('retries a temporary server error (5xx) with the same backoff', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/incidents`, () => {
        calls += 1;
        if (calls <= 2) {
          return HttpResponse.json(
            { error: { message: 'Service Unavailable', code: 5001 } },
            { status: calls === 1 ? 503 : 502 },
          );
        }
        return HttpResponse.json({
          incidents: [],
          limit: 100,
          offset: 0,
          more: false,
        });
      }),
    );
    const sleep = jest.fn(async () => {});
    const req = request();
    const source = new PagerDutySupportSource({
      token: 't',
      sleep,
      now: () => NOW,
    });
    await expect(source.pull(req)).resolves.toEqual({
      events: [],
      cursor: '2026-11-21T12:00:00.000Z',
    });
    expect(calls).toBe(3);
    expect(sleep.mock.calls.map(c => (c as unknown[])[0])).toEqual([
      1000, 2000,
    ]);
    expect(req.logger.warn).toHaveBeenCalledWith(
      'PagerDuty answered 503; retrying in 1 s',
    );
  });

  it('stops when the pull is aborted while waiting', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/incidents`, () => {
        calls += 1;
        return HttpResponse.json(
          { error: { message: 'Rate Limit Exceeded', code: 2020 } },
          { status: 429, headers: { 'ratelimit-reset': '60' } },
        );
      }),
    );
    const controller = new AbortController();
    const source = new PagerDutySupportSource({ token: 't', now: () => NOW });
    const pulling = source.pull({ ...request(), signal: controller.signal });
    await new Promise(resolve => setTimeout(resolve, 100));
    controller.abort();
    await expect(pulling).rejects.toThrow('PagerDuty pull aborted');
    expect(calls).toBe(1);
  });
});
