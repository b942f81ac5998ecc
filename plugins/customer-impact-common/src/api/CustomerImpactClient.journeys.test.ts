import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CustomerImpactClient } from './CustomerImpactClient';

const baseUrl = 'http://backstage.test/api/customer-impact';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('CustomerImpactClient: journeys', () => {
  const discoveryApi = { getBaseUrl: async () => baseUrl };

  it('reads the figures of a journey by namespace and name (kind Journey by default)', async () => {
    let url: string | undefined;
    server.use(
      http.get(
        `${baseUrl}/v1/journeys/:namespace/:name/figures`,
        ({ request }) => {
          url = request.url;
          return HttpResponse.json({
            journeyRef: 'journey:onboarding/first-service',
          });
        },
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const report = await client.getJourneyFigures('onboarding/first-service');
    expect(report.journeyRef).toBe('journey:onboarding/first-service');
    expect(url).toBe(`${baseUrl}/v1/journeys/onboarding/first-service/figures`);
  });

  it('posts step feedback as JSON to the encoded step path', async () => {
    let seen: { url: string; body: unknown; type: string | null } | undefined;
    server.use(
      http.post(
        `${baseUrl}/v1/journeys/:namespace/:name/steps/:stepId/feedback`,
        async ({ request }) => {
          seen = {
            url: request.url,
            body: await request.json(),
            type: request.headers.get('content-type'),
          };
          return HttpResponse.json({ kind: 'stuck' }, { status: 201 });
        },
      ),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    await client.postJourneyStepFeedback(
      'journey:default/first-service',
      'first deploy',
      {
        kind: 'stuck',
        comment: 'queue',
        effort: 6,
      },
    );
    expect(seen).toEqual({
      url: `${baseUrl}/v1/journeys/default/first-service/steps/first%20deploy/feedback`,
      body: { kind: 'stuck', comment: 'queue', effort: 6 },
      type: 'application/json',
    });
  });

  it('pushes events and feedback batches', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${baseUrl}/v1/journey-events`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ inserted: 1, updated: 0, unchanged: 0 });
      }),
      http.post(`${baseUrl}/v1/journey-feedback`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ inserted: 0, updated: 0, unchanged: 1 });
      }),
    );
    const client = new CustomerImpactClient({ discoveryApi });
    const event = {
      eventId: 'e1',
      journeyRef: 'first-service',
      stepId: 'create',
      subject: 'ada',
      type: 'started' as const,
      at: '2026-11-01T09:00:00Z',
    };
    expect(await client.pushJourneyEvents({ events: [event] })).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    const answer = {
      feedbackId: 'f1',
      journeyRef: 'first-service',
      stepId: 'create',
      subject: 'ada',
      kind: 'done' as const,
      at: '2026-11-01T10:00:00Z',
    };
    expect(await client.pushJourneyFeedback({ feedback: [answer] })).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    expect(bodies).toEqual([{ events: [event] }, { feedback: [answer] }]);
  });
});
