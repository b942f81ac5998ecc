import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { demoCatalog } from '../__testUtils__/entities';
import { customerImpactPlugin } from '../plugin';

jest.setTimeout(60_000);

const SECRET = 'actions-test-secret-of-16+';

/** The demo catalog, a platform group owning payments, and a golden path. */
function catalog(): Entity[] {
  const journey: Entity = {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: {
      name: 'first-service',
      namespace: 'default',
      title: 'Ship your first service',
      description: 'From nothing to production.',
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
              id: 'scaffold',
              title: 'Create the service',
              templateRef: 'service-template',
              docs: ['https://docs.example.com/a'],
              concepts: ['template'],
              expectedDuration: 'PT1H',
            },
          ],
        },
        {
          name: 'Ship',
          steps: [
            {
              id: 'deploy',
              title: 'First deploy',
              entityRef: 'billing',
              expectedDuration: 'PT2H',
            },
          ],
        },
      ],
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
  };
  const other: Entity = {
    ...journey,
    metadata: { name: 'on-call', namespace: 'default', title: 'Go on call' },
    spec: { ...journey.spec, persona: 'on-call', goldenPath: false },
  };
  return [
    ...demoCatalog().map(e =>
      e.metadata.name === 'billing'
        ? {
            ...e,
            relations: [
              ...(e.relations ?? []),
              {
                type: 'customer-impact/journeyStepOf',
                targetRef: 'journey:default/first-service',
              },
            ],
          }
        : e,
    ),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [
        { type: 'ownerOf', targetRef: 'api:default/payments-v1' },
        { type: 'ownerOf', targetRef: 'api:default/payments-v2' },
        { type: 'ownerOf', targetRef: 'component:default/legacy-runner' },
      ],
    },
    journey,
    other,
  ];
}

/**
 * Three people completed the path; each step took them the times below
 * (with two, every median would be one person's own time: withheld).
 */
function journeyEvents() {
  const events = [];
  // person p1: scaffold 09:00 → 10:00 (1 h), deploy 10:00 → 14:00 (4 h)
  // person p2: scaffold 09:00 → 11:00 (2 h), deploy 11:00 → 13:00 (2 h)
  // person p3: scaffold 09:00 → 12:00 (3 h), deploy 12:00 → 15:00 (3 h)
  const plan = [
    ['p1', 'scaffold', '09:00', '10:00'],
    ['p1', 'deploy', '10:00', '14:00'],
    ['p2', 'scaffold', '09:00', '11:00'],
    ['p2', 'deploy', '11:00', '13:00'],
    ['p3', 'scaffold', '09:00', '12:00'],
    ['p3', 'deploy', '12:00', '15:00'],
  ];
  for (const [subject, stepId, from, to] of plan) {
    for (const [type, time] of [
      ['started', from],
      ['completed', to],
    ]) {
      events.push({
        eventId: `${subject}-${stepId}-${type}`,
        journeyRef: 'journey:default/first-service',
        stepId,
        subject,
        type,
        at: `2026-11-02T${time}:00Z`,
      });
    }
  }
  return events;
}

async function start(
  options: {
    decide?: (
      permission: string,
    ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const registry = actionsRegistryServiceMock();
  const features = [
    customerImpactPlugin,
    catalogServiceMock.factory({ entities: catalog() }),
    mockServices.database.factory(),
    mockServices.rootConfig.factory({
      data: {
        customerImpact: {
          journeys: { subjectHashSecret: SECRET, minPeople: 2 },
        },
      },
    }),
    createServiceFactory({
      service: actionsRegistryServiceRef,
      deps: {},
      factory: () => registry,
    }),
  ];
  if (options.decide) {
    const decide = options.decide;
    features.push(
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: decide(r.permission.name),
          })) as PolicyDecision[] as never,
        authorizeConditional: async requests =>
          requests.map(r => ({
            result: decide(r.permission.name),
          })) as never,
      }).factory,
    );
  }
  const { server } = await startTestBackend({ features });
  return { registry, server };
}

describe('the Customer Impact actions', () => {
  it('are registered read-only, with JSON schemas for their input and output', async () => {
    const { registry } = await start();
    const { actions } = await registry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'get-entity-customer-impact',
      'get-group-customer-impact-rollup',
      'list-golden-paths',
    ]);
    for (const action of actions) {
      expect(action.attributes).toEqual({
        readOnly: true,
        destructive: false,
        idempotent: true,
      });
      expect(action.schema.output).toMatchObject({ type: 'object' });
    }
    const entity = actions.find(a => a.name === 'get-entity-customer-impact')!;
    expect(entity.schema.input).toMatchObject({
      required: ['entityRef'],
      properties: { entityRef: { type: 'string' } },
    });
    expect(entity.schema.output).toMatchObject({
      required: expect.arrayContaining([
        'painIndex',
        'deprecation',
        'slos',
        'supportLoad',
        'journeys',
      ]),
    });
  });

  it("answers an entity's customer impact to a signed-in user, validated against the output schema", async () => {
    const { registry } = await start();
    const { output } = (await registry.invoke({
      id: 'test:get-entity-customer-impact',
      input: { entityRef: 'api:default/payments-v1' },
      credentials: mockCredentials.user(),
    })) as { output: any };
    expect(output.entityRef).toBe('api:default/payments-v1');
    expect(output.ownerRef).toBe('group:default/platform');
    // Deprecated, sunset 2027-03-31, consumed by checkout and billing.
    expect(output.deprecation).toMatchObject({
      status: 'ok',
      deprecated: true,
      replacedBy: 'api:default/payments-v2',
      sunset: '2027-03-31',
      migrationGuide: 'https://docs.example.com/migrate',
      deprecationReason: 'v2 has idempotency keys',
      dependents: 2,
      dependentOwners: [
        'group:default/team-billing',
        'group:default/team-checkout',
      ],
    });
    expect(output.painIndex).toEqual(
      expect.objectContaining({
        window: { from: expect.any(String), to: expect.any(String) },
        terms: expect.any(Array),
        noData: expect.any(Array),
      }),
    );
    expect(output.painIndex).toHaveProperty('value');
    // Nothing measured is said so, not 0.
    expect(output.supportLoad).toMatchObject({
      status: 'not-configured',
      thisWeek: null,
      weeklyMedian: null,
    });
    expect(output.slos).toMatchObject({ status: 'not-configured', slos: [] });
  });

  it('a short ref means a Component in the default namespace; the journeys through it come along', async () => {
    const { registry, server } = await start();
    const push = await request(server)
      .post('/api/customer-impact/v1/journey-events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events: journeyEvents() });
    expect(push.status).toBe(200);

    const { output } = (await registry.invoke({
      id: 'test:get-entity-customer-impact',
      input: { entityRef: 'billing' },
      credentials: mockCredentials.user(),
    })) as { output: any };
    expect(output.entityRef).toBe('component:default/billing');
    expect(output.deprecation.exposure).toEqual([
      expect.objectContaining({ entityRef: 'api:default/payments-v1' }),
    ]);
    expect(output.journeys.status).toBe('ok');
    const [journey] = output.journeys.journeys;
    expect(journey).toMatchObject({
      journeyRef: 'journey:default/first-service',
      goldenPath: true,
      k: 2,
    });
    // Only the step at billing: deploy took 4 h, 2 h and 3 h; the
    // nearest-rank median of [2 h, 3 h, 4 h] is the 2nd value
    // (ceil(0.5 × 3) = 2): 3 h = 10800 s; against 2 h expected that is 1.5×.
    expect(journey.steps).toEqual([
      expect.objectContaining({
        stepId: 'deploy',
        entityRef: 'component:default/billing',
        medianSeconds: { status: 'ok', value: 10800, people: 3 },
        timeVsExpected: { status: 'ok', value: 1.5, people: 3 },
      }),
    ]);
  });

  it('refuses a caller without credentials, and one the policy denies', async () => {
    const { registry } = await start();
    await expect(
      registry.invoke({
        id: 'test:get-entity-customer-impact',
        input: { entityRef: 'api:default/payments-v1' },
        credentials: mockCredentials.none(),
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/credentials of a user or a service/),
    });
    for (const id of [
      'test:get-group-customer-impact-rollup',
      'test:list-golden-paths',
    ]) {
      await expect(
        registry.invoke({
          id,
          input: id.endsWith('rollup') ? { groupRef: 'platform' } : {},
          credentials: mockCredentials.none(),
        }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    }

    const denied = await start({
      decide: name =>
        name === 'customer-impact.entity.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    await expect(
      denied.registry.invoke({
        id: 'test:get-entity-customer-impact',
        input: { entityRef: 'api:default/payments-v1' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Not allowed to read the customer impact of api:default/payments-v1',
    });
    await expect(
      denied.registry.invoke({
        id: 'test:get-group-customer-impact-rollup',
        input: { groupRef: 'group:default/platform' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    // Golden paths the caller may not read are left out, not an error.
    await expect(
      denied.registry.invoke({
        id: 'test:list-golden-paths',
        input: {},
        credentials: mockCredentials.user(),
      }),
    ).resolves.toEqual({ output: { goldenPaths: [] } });
  });

  it('says which field is wrong: a malformed ref, an unknown entity, a group ref of another kind', async () => {
    const { registry } = await start();
    await expect(
      registry.invoke({
        id: 'test:get-entity-customer-impact',
        input: { entityRef: 'component:default/no-such' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(
      registry.invoke({
        id: 'test:get-entity-customer-impact',
        input: { entityRef: 'a:b:c/d' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^entityRef: /),
    });
    await expect(
      registry.invoke({
        id: 'test:get-group-customer-impact-rollup',
        input: { groupRef: 'component:default/billing' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'groupRef: must name a Group, got kind "component"',
    });
    // The registry validates the input against the schema first.
    await expect(
      registry.invoke({
        id: 'test:get-group-customer-impact-rollup',
        input: { groupRef: 'platform', limit: 0 },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it("answers a group's rollup from the same service as the REST route", async () => {
    const { registry, server } = await start();
    const refreshed = await request(server)
      .post('/api/customer-impact/v1/groups/default/platform/rollup/refresh')
      .set('Authorization', mockCredentials.user.header());
    expect(refreshed.status).toBe(200);
    const rest = await request(server)
      .get('/api/customer-impact/v1/groups/default/platform/rollup?limit=2')
      .set('Authorization', mockCredentials.user.header());

    const { output } = (await registry.invoke({
      id: 'test:get-group-customer-impact-rollup',
      input: { groupRef: 'platform', limit: 2 },
      credentials: mockCredentials.user(),
    })) as { output: any };
    expect(output).toEqual(rest.body);
    expect(output.groupRef).toBe('group:default/platform');
    expect(output.page).toMatchObject({ limit: 2, total: 3 });
    expect(output.entities).toHaveLength(2);
    // The deprecated entities of the tree: payments-v1 and legacy-runner.
    expect(output.deprecations.map((d: any) => d.entityRef).sort()).toEqual([
      'api:default/payments-v1',
      'component:default/legacy-runner',
    ]);

    // The next page through the cursor.
    const next = (await registry.invoke({
      id: 'test:get-group-customer-impact-rollup',
      input: {
        groupRef: 'group:default/platform',
        limit: 2,
        cursor: output.page.nextCursor,
      },
      credentials: mockCredentials.user(),
    })) as { output: any };
    expect(next.output.entities).toHaveLength(1);
    expect(next.output.page.nextCursor).toBeNull();
  });

  it('lists the golden paths with their figures, and only golden paths', async () => {
    const { registry, server } = await start();
    await request(server)
      .post('/api/customer-impact/v1/journey-events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events: journeyEvents() })
      .expect(200);

    const { output } = (await registry.invoke({
      id: 'test:list-golden-paths',
      input: {},
      credentials: mockCredentials.user(),
    })) as { output: any };
    expect(output.goldenPaths).toHaveLength(1);
    const [path] = output.goldenPaths;
    expect(path).toMatchObject({
      journeyRef: 'journey:default/first-service',
      title: 'Ship your first service',
      description: 'From nothing to production.',
      persona: 'new-hire',
      ownerRef: 'group:default/platform',
      k: 2,
    });
    // Time to first success: p1 09:00 → 14:00 (5 h), p2 09:00 → 13:00
    // (4 h), p3 09:00 → 15:00 (6 h); nearest-rank median of [4 h, 5 h, 6 h]
    // = 5 h = 18000 s; expected 1 h + 2 h = 3 h, so 5/3 ≈ 1.667×.
    expect(path.journey.timeToFirstSuccessSeconds).toEqual({
      status: 'ok',
      value: 18000,
      people: 3,
    });
    expect(path.journey.timeVsExpected.value).toBeCloseTo(5 / 3, 10);
    expect(path.journey.completionRate).toEqual({
      status: 'ok',
      value: 1,
      people: 3,
    });
    expect(
      path.steps.map((s: any) => [s.stepId, s.entityRef, s.templateRef]),
    ).toEqual([
      ['scaffold', null, 'template:default/service-template'],
      ['deploy', 'component:default/billing', null],
    ]);
    // Nobody gave feedback: no data, not 0 people stuck.
    expect(path.journey.peopleStuck).toEqual({ status: 'no-data' });
    // Nobody asked for help: 3 of 3 on their own; the cohort of Nov 2026.
    expect(path.journey.selfServiceRate).toEqual({
      status: 'ok',
      value: 1,
      people: 3,
    });
    expect(path.cohorts).toEqual([
      {
        month: '2026-11',
        peopleStarted: 3,
        timeToFirstSuccessSeconds: { status: 'ok', value: 18000, people: 3 },
        selfServiceRate: { status: 'ok', value: 1, people: 3 },
      },
    ]);
    // scaffold reads docs a (1) and concept template (1); deploy adds none.
    expect(
      path.steps.map((s: any) => [s.docsUpToHere, s.conceptsUpToHere]),
    ).toEqual([
      [1, 1],
      [1, 1],
    ]);

    const onCall = (await registry.invoke({
      id: 'test:list-golden-paths',
      input: { persona: 'on-call' },
      credentials: mockCredentials.user(),
    })) as { output: any };
    expect(onCall.output.goldenPaths).toEqual([]);
  });

  it('are served over HTTP by the actions registry, with the caller authenticated', async () => {
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        actionsRegistryServiceFactory,
        catalogServiceMock.factory({ entities: catalog() }),
        mockServices.database.factory(),
      ],
    });
    const path =
      '/api/customer-impact/.backstage/actions/v1/actions/customer-impact:get-entity-customer-impact/invoke';
    const ok = await request(server)
      .post(path)
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRef: 'api:default/payments-v1' });
    expect(ok.status).toBe(200);
    expect(ok.body.output.deprecation.dependents).toBe(2);

    const anonymous = await request(server)
      .post(path)
      .set('Authorization', mockCredentials.none.header())
      .send({ entityRef: 'api:default/payments-v1' });
    expect(anonymous.status).toBe(401);
    const badToken = await request(server)
      .post(path)
      .set('Authorization', 'Bearer not-a-valid-token')
      .send({ entityRef: 'api:default/payments-v1' });
    expect(badToken.status).toBe(401);

    const listed = await request(server)
      .get('/api/customer-impact/.backstage/actions/v1/actions')
      .set('Authorization', mockCredentials.service.header());
    expect(listed.body.actions.map((a: any) => a.id).sort()).toEqual([
      'customer-impact:get-entity-customer-impact',
      'customer-impact:get-group-customer-impact-rollup',
      'customer-impact:list-golden-paths',
    ]);
  });
});
