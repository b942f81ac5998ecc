import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { customerImpactPlugin } from '../plugin';

jest.setTimeout(60_000);

const journey: Entity = {
  apiVersion: 'customer-impact/v1alpha1',
  kind: 'Journey',
  metadata: { name: 'first-service', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    persona: 'new-hire',
    goldenPath: true,
    stages: [
      {
        name: 'Ship',
        steps: [
          {
            id: 'deploy',
            title: 'First deploy',
            entityRef: 'build-runner',
            docs: ['https://docs.example.com/deploy'],
            concepts: ['pipeline'],
            expectedDuration: 'PT1H',
          },
        ],
      },
    ],
  },
};
const runner: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'build-runner', namespace: 'default' },
  spec: { type: 'service', owner: 'platform', lifecycle: 'production' },
  relations: [
    {
      type: 'customer-impact/journeyStepOf',
      targetRef: 'journey:default/first-service',
    },
  ],
};

async function start(secret?: string) {
  const { server } = await startTestBackend({
    features: [
      customerImpactPlugin,
      catalogServiceMock.factory({ entities: [journey, runner] }),
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          customerImpact: {
            journeys: secret ? { subjectHashSecret: secret, minPeople: 2 } : {},
          },
        },
      }),
    ],
  });
  return server;
}

/** p1, p2, p3 each deploy in one hour on 2026-11-02. */
function journeyEvents() {
  return ['p1', 'p2', 'p3'].flatMap(subject =>
    (
      [
        ['started', '09:00'],
        ['completed', '10:00'],
      ] as const
    ).map(([type, time]) => ({
      eventId: `${subject}-${type}`,
      journeyRef: 'journey:default/first-service',
      stepId: 'deploy',
      subject,
      type,
      at: `2026-11-02T${time}:00Z`,
    })),
  );
}

function ticket(extra: Record<string, unknown>) {
  return {
    source: 'jira',
    externalId: 'OPS-1',
    entityRef: 'component:default/build-runner',
    kind: 'ticket',
    openedAt: '2026-11-02T09:30:00Z',
    title: 'Deploy fails on the runner',
    ...extra,
  };
}

describe('self-service rate through the API', () => {
  it('a ticket a new hire opened naming the step counts against its self-service rate', async () => {
    const server = await start('self-service-test-secret');
    const auth = mockCredentials.service.header();
    await request(server)
      .post('/api/customer-impact/v1/journey-events')
      .set('Authorization', auth)
      .send({ events: journeyEvents() })
      .expect(200);

    const before = await request(server)
      .get('/api/customer-impact/v1/journeys/default/first-service/figures')
      .set('Authorization', mockCredentials.user.header());
    // 3 completed, nobody asked for help: 3 / 3.
    expect(before.body.steps[0].selfServiceRate).toEqual({
      status: 'ok',
      value: 1,
      people: 3,
    });
    expect(before.body.steps[0]).toMatchObject({
      docsUpToHere: 1,
      conceptsUpToHere: 1,
    });

    // p2 opened a ticket naming the step, on the step's entity, at 09:30,
    // before finishing at 10:00.
    const push = await request(server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', auth)
      .send({
        events: [
          ticket({
            requester: 'p2',
            journeyRef: 'journey:default/first-service',
            journeyStepId: 'deploy',
          }),
        ],
      });
    expect(push.body).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });

    const after = await request(server)
      .get('/api/customer-impact/v1/journeys/default/first-service/figures')
      .set('Authorization', mockCredentials.user.header());
    // p1 and p3 on their own: 2 / 3.
    expect(after.body.steps[0].selfServiceRate).toEqual({
      status: 'ok',
      value: 2 / 3,
      people: 3,
    });
    expect(after.body.journey.selfServiceRate.value).toBeCloseTo(2 / 3, 12);
    expect(after.body.ignored.supportEvents).toBe(0);

    // The requester never comes back, in any form.
    const listed = await request(server)
      .get(
        '/api/customer-impact/v1/entities/component/default/build-runner/support-events',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(listed.body.events).toEqual([
      expect.objectContaining({
        externalId: 'OPS-1',
        journeyRef: 'journey:default/first-service',
        journeyStepId: 'deploy',
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toMatch(/requester|p2/);
  });

  it('refuses a requester without the subject hash secret, and a journey without its step', async () => {
    const server = await start();
    const auth = mockCredentials.service.header();
    const refused = await request(server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', auth)
      .send({ events: [ticket({ requester: 'p2' })] });
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(
      /customerImpact\.journeys\.subjectHashSecret/,
    );
    // Without a requester the same event is fine.
    await request(server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', auth)
      .send({ events: [ticket({})] })
      .expect(200);

    const half = await request(server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', auth)
      .send({
        events: [ticket({ journeyRef: 'journey:default/first-service' })],
      });
    expect(half.status).toBe(400);
    expect(half.body.error.message).toMatch(
      /events\[0\]\.journeyStepId: is required with journeyRef/,
    );
  });
});
