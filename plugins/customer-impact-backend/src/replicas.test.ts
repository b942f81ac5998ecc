import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { customerImpactPlugin } from './plugin';

jest.setTimeout(120_000);

/**
 * Two replicas of the backend on one PostgreSQL database, with Backstage's
 * real scheduler: every task of the plugin is global, so each runs once per
 * interval across the replicas, not once per replica.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const DAY = 86_400_000;
const today = new Date();
const inDays = (n: number) =>
  new Date(today.getTime() + n * DAY).toISOString().slice(0, 10);

function entities(): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-checkout', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'old-api',
        namespace: 'default',
        // Sunset in 5 days: inside the 7-day notice of the campaign.
        annotations: { 'customer-impact/sunset': inDays(5) },
      },
      spec: { type: 'openapi', lifecycle: 'deprecated', owner: 'platform' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        { type: 'apiConsumedBy', targetRef: 'component:default/checkout' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-checkout',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        { type: 'consumesApi', targetRef: 'api:default/old-api' },
      ],
    },
  ];
}

/** Every task once at start, then hourly: one run in the test's time. */
const onceThenHourly = {
  frequency: { hours: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 0 },
};
const config = {
  customerImpact: {
    deprecation: {
      burndownSchedule: onceThenHourly,
      noticeSchedule: onceThenHourly,
    },
    slo: {
      definitionsSchedule: onceThenHourly,
      alertSchedule: onceThenHourly,
      retentionSchedule: onceThenHourly,
    },
    support: { retention: { weeks: 26 }, retentionSchedule: onceThenHourly },
    rollups: { schedule: onceThenHourly, changesSchedule: onceThenHourly },
    orphans: { schedule: onceThenHourly },
    journeys: { subjectHashSecret: 'a-test-secret-of-enough-length' },
  },
};
const TASKS = [
  'customer-impact-deprecation-burndown',
  'customer-impact-deprecation-notices',
  'customer-impact-slo-definitions',
  'customer-impact-slo-alerts',
  'customer-impact-slo-retention',
  'customer-impact-support-retention',
  'customer-impact-rollups',
  'customer-impact-rollups-changes',
  'customer-impact-orphans',
];

/** A second connection to the same database as `knex`. */
function sameDatabase(knex: Knex): Knex {
  return knexFactory({
    client: 'pg',
    connection: (knex.client as { config: Knex.Config }).config.connection,
  });
}

describe('two replicas on one PostgreSQL', () => {
  const started: Array<{ stop: () => Promise<void> }> = [];
  const extraKnex: Knex[] = [];
  afterAll(async () => {
    for (const backend of started) await backend.stop();
    for (const knex of extraKnex) await knex.destroy();
  });

  it('run every scheduled task once, not once each; serve the same figures; send a notice once', async () => {
    if (!databases.eachSupportedId().length) {
      throw new Error('PostgreSQL is needed for this test');
    }
    const knex = await databases.init('POSTGRES_15');
    const other = sameDatabase(knex);
    extraKnex.push(other);
    const send = jest.fn(async (_: unknown) => {});
    const notifications = createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send }),
    });
    const replica = async (db: Knex) => {
      const logger = mockServices.logger.mock();
      const backend = await startTestBackend({
        features: [
          customerImpactPlugin,
          catalogServiceMock.factory({ entities: entities() }),
          mockServices.database.factory({ knex: db }),
          mockServices.rootConfig.factory({ data: config }),
          schedulerServiceFactory,
          notifications,
          logger.factory,
        ],
      });
      started.push(backend);
      return { ...backend, logger };
    };
    const a = await replica(knex);
    const b = await replica(other);

    const runs = () => {
      const counts = Object.fromEntries(TASKS.map(id => [id, 0]));
      for (const { logger } of [a, b]) {
        for (const [message] of logger.debug.mock.calls) {
          const m = /^Scheduled task (\S+) ran$/.exec(String(message));
          if (m) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
        }
      }
      return counts;
    };
    // Wait until every task has run once somewhere ...
    const deadline = Date.now() + 90_000;
    while (Object.values(runs()).some(n => n === 0) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
    }
    // ... then give both replicas' workers (they look every 5 s) time to
    // run any task a second time, which they must not.
    await new Promise(r => setTimeout(r, 7_000));
    expect(runs()).toEqual(Object.fromEntries(TASKS.map(id => [id, 1])));
    // The campaign told the dependent's owner once, not once per replica.
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/team-checkout',
        },
      }),
    );

    // Data pushed through one replica is served by both, the same.
    const push = await request(a.server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          {
            source: 'jira',
            externalId: 'OPS-1',
            entityRef: 'component:default/checkout',
            kind: 'ticket',
            openedAt: new Date(today.getTime() - DAY).toISOString(),
          },
        ],
      });
    expect(push.status).toBe(200);
    const summaries = await Promise.all(
      [a, b].map(
        async ({ server }) =>
          (
            await request(server)
              .get(
                '/api/customer-impact/v1/entities/component/default/checkout',
              )
              .set('Authorization', mockCredentials.user.header())
          ).body,
      ),
    );
    const figures = (s: any) => ({
      support: s.supportLoad.thisWeek,
      pain: s.painIndex.terms.map((t: any) => [t.id, t.points]),
    });
    expect(figures(summaries[1])).toEqual(figures(summaries[0]));
    expect(summaries[0].supportLoad.status).toBe('ok');
  });
});
