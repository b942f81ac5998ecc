import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createHmac } from 'crypto';
import express from 'express';
import request from 'supertest';
import { deprecationFacet } from '../deprecation/DeprecationFacet';
import { journeysFacet } from './JourneysFacet';
import { demoCatalog } from '../__testUtils__/entities';
import { DeprecationService } from '../deprecation/DeprecationService';
import { createRouter } from '../service/router';
import { JourneyService } from './JourneyService';
import {
  JourneyRecords,
  JourneyStore,
  StoredJourneyEvent,
  StoredJourneyFeedback,
} from './JourneyStore';

const SECRET = 'test-secret-of-sixteen-chars';
const now = () => new Date('2026-11-21T12:00:00Z');

function journeyEntity(): Entity {
  return {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: {
      name: 'first-deploy',
      namespace: 'default',
      title: 'Ship your first service',
    },
    spec: {
      owner: 'group:default/platform',
      persona: 'new-hire',
      goldenPath: true,
      stages: [
        {
          name: 'Create',
          steps: [
            {
              id: 'create',
              title: 'Create a service',
              entityRef: 'billing',
              expectedDuration: 'PT1H',
            },
          ],
        },
        {
          name: 'Ship',
          steps: [
            {
              id: 'deploy',
              title: 'Deploy it',
              entityRef: 'checkout',
              expectedDuration: 'PT2H',
            },
          ],
        },
      ],
    },
    relations: [
      {
        type: 'customer-impact/journeyPassesThrough',
        targetRef: 'component:default/billing',
      },
      {
        type: 'customer-impact/journeyPassesThrough',
        targetRef: 'component:default/checkout',
      },
    ],
  };
}

function catalogEntities(): Entity[] {
  return demoCatalog()
    .map(e =>
      e.metadata.name === 'billing'
        ? {
            ...e,
            relations: [
              ...(e.relations ?? []),
              {
                type: 'customer-impact/journeyStepOf',
                targetRef: 'journey:default/first-deploy',
              },
            ],
          }
        : e,
    )
    .concat(journeyEntity());
}

/** A store in memory with the same replay semantics as the database one. */
class MemoryStore implements JourneyStore {
  events = new Map<string, StoredJourneyEvent>();
  feedback = new Map<string, StoredJourneyFeedback>();
  version = 0;
  async writeEvents(events: StoredJourneyEvent[]) {
    const r = { inserted: 0, updated: 0, unchanged: 0 };
    for (const e of events) {
      const old = this.events.get(e.eventId);
      if (!old) r.inserted += 1;
      else if (JSON.stringify(old) === JSON.stringify(e)) r.unchanged += 1;
      else r.updated += 1;
      this.events.set(e.eventId, e);
    }
    if (r.inserted + r.updated > 0) this.version += 1;
    return r;
  }
  async writeFeedback(items: StoredJourneyFeedback[]) {
    const r = { inserted: 0, updated: 0, unchanged: 0 };
    for (const f of items) {
      if (this.feedback.has(f.feedbackId)) r.unchanged += 1;
      else r.inserted += 1;
      this.feedback.set(f.feedbackId, f);
    }
    if (r.inserted > 0) this.version += 1;
    return r;
  }
  async writeVersion() {
    return String(this.version);
  }
  async changedSince() {
    // The routes never ask it (the rollups do); see JourneyStore.test.ts.
    return [];
  }
  async readJourney(ref: string): Promise<JourneyRecords> {
    return {
      events: [...this.events.values()]
        .filter(e => e.journeyRef === ref)
        .sort((a, b) => a.at.localeCompare(b.at)),
      feedback: [...this.feedback.values()]
        .filter(f => f.journeyRef === ref)
        .map(f => ({
          stepId: f.stepId,
          subjectHash: f.subjectHash,
          kind: f.kind,
          ...(f.effort === null ? {} : { effort: f.effort }),
          at: f.at,
        })),
      lastReceivedAt: this.events.size > 0 ? '2026-11-21T11:00:00.000Z' : null,
    };
  }
}

async function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
  secret?: string | undefined;
  k?: number;
}) {
  const catalog = catalogServiceMock({ entities: catalogEntities() });
  const store = new MemoryStore();
  const permissions =
    options?.permissions ??
    mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const journeys = new JourneyService({
    store,
    catalog,
    permissions,
    logger: mockServices.logger.mock(),
    subjectHashSecret: options && 'secret' in options ? options.secret : SECRET,
    k: options?.k ?? 5,
    now,
  });
  const httpAuth = options?.httpAuth ?? mockServices.httpAuth();
  const deprecation = new DeprecationService({
    catalog,
    store: {
      recordSnapshots: async () => {},
      importPoints: async () => ({ inserted: 0, updated: 0, unchanged: 0 }),
      getBurndown: async () => [],
    },
    logger: mockServices.logger.mock(),
    now,
  });
  const router = await createRouter({
    httpAuth,
    permissions,
    catalog,
    logger: mockServices.logger.mock(),
    facets: [
      deprecationFacet(deprecation),
      journeysFacet({
        service: journeys,
        auth: mockServices.auth(),
        httpAuth,
        permissions,
        catalog,
      }),
    ],
    now,
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    store,
    permissions,
  };
}

/**
 * Events for `people` people: person i starts "create" at 09:00 on 1 Nov 2026
 * and completes it (10 + i) minutes later.
 */
function createEvents(people: number, prefix = 'p') {
  return Array.from({ length: people }, (_, i) => [
    {
      eventId: `${prefix}${i}-start`,
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: `${prefix}${i}@example.com`,
      type: 'started',
      at: '2026-11-01T09:00:00Z',
    },
    {
      eventId: `${prefix}${i}-done`,
      journeyRef: 'first-deploy',
      stepId: 'create',
      subject: `${prefix}${i}@example.com`,
      type: 'completed',
      at: `2026-11-01T09:${String(10 + i).padStart(2, '0')}:00+00:00`,
    },
  ]).flat();
}

describe('POST /v1/journey-events', () => {
  it('stores events with the subject hashed, never the subject itself', async () => {
    const { app, store } = await createApp();
    const res = await request(app)
      .post('/v1/journey-events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events: createEvents(1) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });
    const stored = store.events.get('p0-start')!;
    expect(stored.subjectHash).toBe(
      createHmac('sha256', SECRET).update('p0@example.com').digest('hex'),
    );
    expect(JSON.stringify([...store.events.values()])).not.toContain(
      'example.com',
    );
    // Refs and times are normalised: default kind/namespace, UTC.
    expect(store.events.get('p0-done')).toEqual(
      expect.objectContaining({
        journeyRef: 'journey:default/first-deploy',
        at: '2026-11-01T09:10:00.000Z',
      }),
    );
  });

  it('changes nothing when the same batch is pushed again', async () => {
    const { app } = await createApp();
    const body = { events: createEvents(3) };
    const first = await request(app).post('/v1/journey-events').send(body);
    expect(first.body).toEqual({
      inserted: 6,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });
    const replay = await request(app).post('/v1/journey-events').send(body);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 6,
      unknownEntityRefs: [],
    });
  });

  it('answers 400 naming the item index and field, and writes nothing', async () => {
    const { app, store } = await createApp();
    const events = createEvents(2);
    events[3] = { ...events[3], type: 'finished' };
    events[1] = { ...events[1], at: 'yesterday' };
    const res = await request(app).post('/v1/journey-events').send({ events });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(
      'events[1].at: must be an ISO 8601 timestamp',
    );
    expect(res.body.error.message).toContain(
      'events[3].type: must be one of "started", "completed", "abandoned", got "finished"',
    );
    expect(store.events.size).toBe(0);
  });

  it('answers 400 for an event id sent twice and for a ref that is not a journey', async () => {
    const { app } = await createApp();
    const [a, b] = createEvents(1);
    const res = await request(app)
      .post('/v1/journey-events')
      .send({
        events: [
          a,
          { ...b, eventId: a.eventId },
          { ...b, eventId: 'x', journeyRef: 'component:default/billing' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'events[1].eventId: repeats events[0].eventId "p0-start"',
    );
    expect(res.body.error.message).toContain(
      'events[2].journeyRef: must be a Journey entity ref',
    );
  });

  it('answers 401 without credentials and 403 when the policy denies the push', async () => {
    const anonymous = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (
        await request(anonymous.app)
          .post('/v1/journey-events')
          .send({ events: createEvents(1) })
      ).status,
    ).toBe(401);

    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const denied = await createApp({ permissions });
    const res = await request(denied.app)
      .post('/v1/journey-events')
      .send({ events: createEvents(1) });
    expect(res.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.journey-events.create',
          }),
        },
      ],
      expect.anything(),
    );
    expect(denied.store.events.size).toBe(0);
  });

  it('answers 503 naming the config key when no hash secret is configured', async () => {
    const { app, store } = await createApp({ secret: undefined });
    const res = await request(app)
      .post('/v1/journey-events')
      .send({ events: createEvents(1) });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(
      'customerImpact.journeys.subjectHashSecret',
    );
    expect(store.events.size).toBe(0);
  });
});

describe('GET /v1/journeys/:namespace/:name/figures', () => {
  it('withholds figures over fewer than k people and shows them from k on', async () => {
    const { app } = await createApp({ k: 5 });
    await request(app)
      .post('/v1/journey-events')
      .send({ events: createEvents(4) });
    const four = await request(app).get(
      '/v1/journeys/default/first-deploy/figures',
    );
    expect(four.status).toBe(200);
    const create4 = four.body.steps[0];
    expect(create4.peopleStarted).toBe(4);
    expect(create4.medianSeconds).toEqual({
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    });

    // A fifth person: the step now covers k = 5 people.
    await request(app)
      .post('/v1/journey-events')
      .send({ events: createEvents(5) });
    const five = await request(app).get(
      '/v1/journeys/default/first-deploy/figures',
    );
    const create5 = five.body.steps[0];
    // Times taken are 10, 11, 12, 13, 14 min. Median: rank ceil(0.5 x 5) = 3
    // -> 12 min = 720 s. p90: rank ceil(0.9 x 5) = 5, the slowest person's
    // own 14 min: withheld.
    expect(create5.medianSeconds).toEqual({
      status: 'ok',
      value: 720,
      people: 5,
    });
    expect(create5.p90Seconds).toEqual({
      status: 'withheld',
      people: 5,
      k: 5,
      reason: "one person's extreme",
    });
    // Expected PT1H = 3600 s: 720 / 3600 = 0.2.
    expect(create5.timeVsExpected).toEqual({
      status: 'ok',
      value: 0.2,
      people: 5,
    });
    expect(create5.completionRate).toEqual({
      status: 'ok',
      value: 1,
      people: 5,
    });
    // Nobody has started "deploy": no data, never 0.
    expect(five.body.steps[1].medianSeconds).toEqual({ status: 'no-data' });
    expect(five.body.window).toEqual({
      description: 'all recorded events and answers',
      // the month of the first event (one person's time is not shown), to now
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-21T12:00:00.000Z',
    });
    expect(five.body.generatedAt).toBe('2026-11-21T12:00:00.000Z');
    // No hash and no subject anywhere in the answer.
    const text = JSON.stringify(five.body);
    expect(text).not.toContain('example.com');
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('answers 404 for a journey the catalog does not have', async () => {
    const { app } = await createApp();
    const res = await request(app).get('/v1/journeys/default/nope/figures');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity journey:default/nope in the catalog',
    );
  });

  it('answers 400 for a malformed name, 401 without credentials, 403 when denied', async () => {
    const { app } = await createApp();
    expect(
      (await request(app).get('/v1/journeys/default/has%20space/figures'))
        .status,
    ).toBe(400);
    const anonymous = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (
        await request(anonymous.app).get(
          '/v1/journeys/default/first-deploy/figures',
        )
      ).status,
    ).toBe(401);
    const denied = await createApp({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    expect(
      (
        await request(denied.app).get(
          '/v1/journeys/default/first-deploy/figures',
        )
      ).status,
    ).toBe(403);
  });
});

describe('POST /v1/journeys/:namespace/:name/steps/:stepId/feedback', () => {
  const path = '/v1/journeys/default/first-deploy/steps/create/feedback';

  it('refuses a body over its own 64 KB limit with 413, and stores nothing', async () => {
    const { app, store } = await createApp();
    const res = await request(app)
      .post(path)
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send({ kind: 'stuck', comment: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(store.feedback.size).toBe(0);
  });

  it('records each answer of the signed-in user, hashed, as history', async () => {
    const { app, store } = await createApp();
    const ada = mockCredentials.user.header('user:default/ada');
    const first = await request(app)
      .post(path)
      .set('Authorization', ada)
      .send({ kind: 'stuck', comment: 'the template fails', effort: 6 });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      kind: 'stuck',
      effort: 6,
      withComment: true,
      at: '2026-11-21T12:00:00.000Z',
    });
    await request(app)
      .post(path)
      .set('Authorization', ada)
      .send({ kind: 'done', effort: 3 });
    const answers = [...store.feedback.values()];
    expect(answers).toHaveLength(2);
    expect(answers.map(a => a.subjectHash)).toEqual([
      createHmac('sha256', SECRET).update('user:default/ada').digest('hex'),
      createHmac('sha256', SECRET).update('user:default/ada').digest('hex'),
    ]);
    expect(answers.map(a => a.kind)).toEqual(['stuck', 'done']);
  });

  it('shows stuck reports only from k people on', async () => {
    const { app } = await createApp({ k: 5 });
    const stuck = (n: number) =>
      request(app)
        .post(path)
        .set('Authorization', mockCredentials.user.header(`user:default/u${n}`))
        .send({ kind: 'stuck' });
    for (const n of [1, 2, 3, 4]) await stuck(n);
    let figures = await request(app).get(
      '/v1/journeys/default/first-deploy/figures',
    );
    expect(figures.body.steps[0].stuckReports).toEqual({
      status: 'withheld',
      people: 4,
      k: 5,
      reason: 'fewer than k people',
    });
    await stuck(5);
    await stuck(5); // the same person twice: 6 reports by 5 people
    figures = await request(app).get(
      '/v1/journeys/default/first-deploy/figures',
    );
    expect(figures.body.steps[0].stuckReports).toEqual({
      status: 'ok',
      value: 6,
      people: 5,
    });
    expect(figures.body.steps[0].peopleStuck).toEqual({
      status: 'ok',
      value: 5,
      people: 5,
    });
  });

  it('answers 400 for a bad answer, 404 for an unknown step, 403 for a service', async () => {
    const { app } = await createApp();
    const bad = await request(app)
      .post(path)
      .send({ kind: 'stuck', effort: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('effort: must be at most 7');
    const unknown = await request(app)
      .post('/v1/journeys/default/first-deploy/steps/nope/feedback')
      .send({ kind: 'done' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'journey:default/first-deploy has no step "nope"',
    );
    const service = await request(app)
      .post(path)
      .set('Authorization', mockCredentials.service.header())
      .send({ kind: 'done' });
    expect(service.status).toBe(403);
  });
});

describe('the journeys key of the summary', () => {
  it('lists the journeys through an entity with the figures of its steps', async () => {
    const { app } = await createApp();
    await request(app)
      .post('/v1/journey-events')
      .send({ events: createEvents(5) });
    const res = await request(app).get(
      '/v1/entities/component/default/billing',
    );
    expect(res.status).toBe(200);
    expect(res.body.journeys.status).toBe('ok');
    expect(res.body.journeys.view).toBe('passes-through');
    expect(res.body.journeys.journeys).toHaveLength(1);
    const [journey] = res.body.journeys.journeys;
    expect(journey).toEqual(
      expect.objectContaining({
        journeyRef: 'journey:default/first-deploy',
        title: 'Ship your first service',
        persona: 'new-hire',
        goldenPath: true,
        k: 5,
      }),
    );
    // Only the step at billing ("create"), not "deploy" at checkout.
    expect(journey.steps.map((s: { stepId: string }) => s.stepId)).toEqual([
      'create',
    ]);
    expect(journey.steps[0].expectedDuration).toBe('PT1H');
    expect(journey.steps[0].medianSeconds).toEqual({
      status: 'ok',
      value: 720,
      people: 5,
    });
  });

  it('says how to add a journey when none passes through', async () => {
    const { app } = await createApp();
    const res = await request(app).get('/v1/entities/api/default/payments-v2');
    expect(res.body.journeys.status).toBe('not-configured');
    expect(res.body.journeys.journeys).toEqual([]);
    expect(res.body.journeys.howTo.snippets[0].code).toContain(
      'entityRef: api:default/payments-v2',
    );
  });

  it("gives a journey's own figures on the journey's summary", async () => {
    const { app } = await createApp();
    const res = await request(app).get(
      '/v1/entities/journey/default/first-deploy',
    );
    expect(res.body.journeys.status).toBe('ok');
    expect(res.body.journeys.view).toBe('journey');
    expect(
      res.body.journeys.figures.steps.map((s: { stepId: string }) => s.stepId),
    ).toEqual(['create', 'deploy']);
  });
});
