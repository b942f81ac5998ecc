import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SloFacetConfigured } from '@customer-impact/plugin-customer-impact-common';
import { promises as fs } from 'fs';
import knexFactory from 'knex';
import os from 'os';
import path from 'path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { SloNotifier } from './SloNotifier';
import { SloService } from './SloService';
import { createSloStores } from './stores';
import { SloBlastRadius } from './SloBlastRadius';
import { DatabaseSloIncidentStore } from './SloIncidentStore';
import { sloFacet } from './SloFacet';

jest.setTimeout(120_000);

// Figures are computed at 12:00 (the 5-minute grid below now).
const NOW = new Date('2026-11-21T12:02:30Z');
const GRID = Date.parse('2026-11-21T12:00:00Z');
const FIVE_MIN = 300_000;
const DAY = 86_400_000;

/** One 30-day, 99.9 % Occurrences SLO named `availability`. */
const SLO_FILE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: svc
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.999
  indicator:
    metadata:
      name: ok
    spec:
      ratioMetric:
        good:
          metricSource:
            spec:
              query: pushed
        total:
          metricSource:
            spec:
              query: pushed
`;

function component(name: string, owner: string, dir: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
        'customer-impact/openslo': './slo.yaml',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/**
 * 1,000 events per 5-minute bucket over 7 days before 12:00, with `bad(age)`
 * bad events in the bucket that starts `age` ms before 12:00.
 */
function samples(entityRef: string, bad: (age: number) => number) {
  const out = [];
  for (let start = GRID - 7 * DAY; start < GRID; start += FIVE_MIN) {
    out.push({
      entityRef,
      slo: 'availability',
      start: new Date(start).toISOString(),
      durationSeconds: 300,
      bad: bad(GRID - start),
      total: 1000,
    });
  }
  return out;
}

async function setUp() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-notify-'));
  await fs.writeFile(path.join(dir, 'slo.yaml'), SLO_FILE);
  const entities = [
    component('fast', 'group:default/platform', dir),
    component('slow', 'group:default/team-billing', dir),
    component('fine', 'group:default/team-checkout', dir),
  ];
  // A consumer of `fast` without SLOs of its own.
  entities[0].relations!.push({
    type: 'dependencyOf',
    targetRef: 'component:default/storefront',
  });
  const consumer: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'storefront', namespace: 'default', title: 'Storefront' },
    spec: {
      type: 'website',
      lifecycle: 'production',
      owner: 'group:default/team-search',
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-search' },
      { type: 'dependsOn', targetRef: 'component:default/fast' },
    ],
  };
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const catalog = catalogServiceMock({ entities: [...entities, consumer] });
  let now = NOW;
  const service = new SloService({
    ...(await createSloStores({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    })),
    urlReader: mockServices.urlReader.mock(),
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    sliSources: new Map(),
    fineRetentionDays: 35,
    now: () => now,
  });
  // The budget is 0.1 % = 1 bad event per 1,000.
  // fast: 20 bad per 1,000 in the last hour = burn rate 20 over 5 m and 1 h
  //   (> 14.4) → page.
  // slow: 3 bad per 1,000 for 3 days = burn rate 3 over 3 d and 6 h
  //   (> 1, < 6 and < 14.4) → ticket.
  // fine: 0.5 bad per 1,000 on average (1 bad every other bucket) → ok.
  await service.pushSamples({
    samples: [
      ...samples('component:default/fast', age => (age <= 3_600_000 ? 20 : 0)),
      ...samples('component:default/slow', age => (age <= 3 * DAY ? 3 : 0)),
      ...samples('component:default/fine', age =>
        (age / FIVE_MIN) % 2 === 0 ? 1 : 0,
      ),
    ],
  });
  for (const entity of entities) {
    await service.refreshEntity(entity);
  }
  const notifications = { send: jest.fn(async () => {}) };
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const blastRadius = async () =>
    new SloBlastRadius({
      catalog,
      auth: mockServices.auth(),
      notifications,
      incidents: await DatabaseSloIncidentStore.create({ database }),
      logger: mockServices.logger.mock(),
      notifyConsumersOf: ['group:default/platform'],
    });
  const notifier = (blast?: SloBlastRadius) =>
    new SloNotifier({
      service,
      catalog,
      auth: mockServices.auth(),
      notifications,
      logger: mockServices.logger.mock(),
      blastRadius: blast,
    });
  return {
    service,
    catalog,
    consumer,
    blastRadius,
    entities,
    notifications,
    notifier,
    setNow: (d: Date) => {
      now = d;
    },
  };
}

describe('SLO notifications', () => {
  it('computes page, ticket and ok from the pushed data', async () => {
    const { service, entities } = await setUp();
    const states = [];
    for (const entity of entities) {
      const facet = (await service.getFacet(entity)) as SloFacetConfigured;
      states.push(facet.slos[0].state);
    }
    expect(states).toEqual(['page', 'ticket', 'ok']);
  });

  it('notifies each owner once per transition, also across a restart', async () => {
    const { notifications, notifier, service, setNow } = await setUp();
    expect(await notifier().evaluateAll()).toEqual({ notified: 2 });
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/platform' },
      payload: expect.objectContaining({
        title: expect.stringContaining('(page)'),
        severity: 'critical',
        link: '/catalog/default/component/fast',
        topic: 'customer-impact-slo',
        scope: 'customer-impact-slo:component:default/fast:availability',
      }),
    });
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/team-billing' },
      payload: expect.objectContaining({
        title: expect.stringContaining('(ticket)'),
        severity: 'high',
      }),
    });

    // The same run again, and a new notifier (a restarted backend, reading
    // the stored states): nothing new.
    expect(await notifier().evaluateAll()).toEqual({ notified: 0 });
    expect(notifications.send).toHaveBeenCalledTimes(2);

    // Healthy buckets replace the last hour of `fast`: back to ok, no
    // notification; then the burn returns: a new transition, notified.
    const healthy = samples('component:default/fast', () => 0).slice(-12);
    await service.pushSamples({ samples: healthy });
    expect(await notifier().evaluateAll()).toEqual({ notified: 0 });
    await service.pushSamples({
      samples: healthy.map(s => ({ ...s, bad: 20 })),
    });
    setNow(new Date(NOW.getTime() + 1000));
    expect(await notifier().evaluateAll()).toEqual({ notified: 1 });
    expect(notifications.send).toHaveBeenCalledTimes(3);
  });
});

describe('SLO blast radius through the alert task', () => {
  it("shows the paging SLO on its consumer's summary, lists the consumer's owner on the SLO card, and tells that owner once per incident", async () => {
    const {
      notifications,
      notifier,
      service,
      catalog,
      consumer,
      entities,
      blastRadius,
    } = await setUp();
    const blast = await blastRadius();
    expect(await notifier(blast).evaluateAll()).toEqual({ notified: 2 });
    // The owners (platform, team-billing) and, since platform opted in, the
    // owner of fast's consumer: team-search.
    expect(notifications.send).toHaveBeenCalledTimes(3);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/team-search' },
      payload: expect.objectContaining({
        title:
          'A dependency is burning its error budget: fast, page since 12:00 UTC',
        topic: 'customer-impact-slo-blast-radius',
      }),
    });

    const facet = sloFacet({
      service,
      catalog,
      blastRadius: blast,
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
    });
    const context = { credentials: mockCredentials.user(), now: NOW };
    const consumerSummary = await facet.summarize(consumer, context);
    expect(consumerSummary).toEqual(
      expect.objectContaining({
        status: 'not-configured',
        burningDependencies: [
          expect.objectContaining({
            entityRef: 'component:default/fast',
            state: 'page',
            since: '2026-11-21T12:00:00.000Z',
          }),
        ],
      }),
    );
    const fast = (await facet.summarize(
      entities[0],
      context,
    )) as SloFacetConfigured;
    expect(fast.internalCustomersAffected).toEqual([
      {
        ownerRef: 'group:default/team-search',
        consumers: ['component:default/storefront'],
      },
    ]);
    // fine is ok: no internal customer is affected.
    const fine = (await facet.summarize(
      entities[2],
      context,
    )) as SloFacetConfigured;
    expect(fine.internalCustomersAffected).toEqual([]);

    // Another run, and a restarted backend: nothing more.
    expect(await notifier(blast).evaluateAll()).toEqual({ notified: 0 });
    expect(await notifier(await blastRadius()).evaluateAll()).toEqual({
      notified: 0,
    });
    expect(notifications.send).toHaveBeenCalledTimes(3);
  });
});

describe('SLO notifications by the SLO own rules', () => {
  const POLICY_FILE = `${SLO_FILE}  alertPolicies:
    - alertPolicyRef: paging
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: paging
spec:
  alertWhenResolved: true
  conditions:
    - kind: AlertCondition
      metadata:
        name: fast
      spec:
        severity: page
        condition:
          kind: burnrate
          op: gte
          threshold: 10
          lookbackWindow: 1h
          alertAfter: 5m
`;
  const SLOTH_FILE = (pageDisabled: boolean) => `version: prometheus/v1
service: svc
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: pushed
        total_query: pushed
    alerting:
      name: SvcHighErrorRate
      annotations:
        summary: Too many failed requests
      page_alert:
        disable: ${pageDisabled}
      ticket_alert:
        labels:
          severity: slack
`;

  async function setUpOwnRules() {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-own-rules-'));
    await fs.writeFile(path.join(dir, 'policy.yaml'), POLICY_FILE);
    await fs.writeFile(path.join(dir, 'sloth-quiet.yaml'), SLOTH_FILE(true));
    const entity = (name: string, file: string): Entity => ({
      ...component(name, `group:default/${name}-team`, dir),
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
          'customer-impact/openslo': `./${file}`,
        },
      },
    });
    const entities = [
      entity('policy', 'policy.yaml'),
      entity('quiet', 'sloth-quiet.yaml'),
      entity('slowsloth', 'sloth-quiet.yaml'),
    ];
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const catalog = catalogServiceMock({ entities });
    const service = new SloService({
      ...(await createSloStores({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      })),
      urlReader: mockServices.urlReader.mock(),
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      sliSources: new Map(),
      fineRetentionDays: 35,
      now: () => NOW,
    });
    const withKey = (slo: string, list: ReturnType<typeof samples>) =>
      list.map(s => ({ ...s, slo }));
    // policy: 20 bad per 1,000 in the last hour: burn rate 20 ≥ 10 over 1 h,
    //   now and 5 minutes ago → page (its own condition).
    // quiet (Sloth, page alert disabled): the same fast burn. Sloth's page
    //   rules would fire (20 > 14.4); the ticket rules do not (1 d: 240 /
    //   288,000 → 0.83 < 3; 3 d: 0.28 < 1) → no notification at all.
    // slowsloth: 3 bad per 1,000 for 3 days: 3 d / 6 h at 3 > 1 → ticket.
    await service.pushSamples({
      samples: [
        ...samples('component:default/policy', age =>
          age <= 3_600_000 ? 20 : 0,
        ),
        ...withKey(
          'svc-availability',
          samples('component:default/quiet', age =>
            age <= 3_600_000 ? 20 : 0,
          ),
        ),
        ...withKey(
          'svc-availability',
          samples('component:default/slowsloth', age =>
            age <= 3 * DAY ? 3 : 0,
          ),
        ),
      ],
    });
    for (const e of entities) {
      await service.refreshEntity(e);
    }
    const notifications = { send: jest.fn(async (_: unknown) => {}) };
    const notifier = new SloNotifier({
      service,
      catalog,
      auth: mockServices.auth(),
      notifications,
      logger: mockServices.logger.mock(),
    });
    return { service, notifications, notifier };
  }

  it('pages by the AlertPolicy, never pages a Sloth SLO whose page alert is disabled, and tickets with the Sloth labels and annotations', async () => {
    const { notifications, notifier } = await setUpOwnRules();
    expect(await notifier.evaluateAll()).toEqual({ notified: 2 });
    const sent = notifications.send.mock.calls.map(c => c[0] as any);
    expect(sent.map(n => n.recipients.entityRef)).toEqual([
      'group:default/policy-team',
      'group:default/slowsloth-team',
    ]);
    expect(sent[0].payload).toMatchObject({
      severity: 'critical',
      title:
        'SLO availability of policy is burning its error budget fast (page)',
      description: expect.stringContaining(
        'AlertPolicy paging, condition fast (severity page): burn rate 20.0× over 1h gte 10 for 5m.',
      ),
    });
    expect(sent[1].payload).toMatchObject({
      severity: 'high',
      title:
        'SvcHighErrorRate: SLO availability of slowsloth is burning its error budget (ticket)',
      description: expect.stringContaining(
        'Labels: severity=slack. summary: Too many failed requests',
      ),
    });
  });

  it('tells the owner when the alert resolves, as the policy asks', async () => {
    const { service, notifications, notifier } = await setUpOwnRules();
    await notifier.evaluateAll();
    // The last hour of `policy` turns healthy: back to ok → resolved.
    await service.pushSamples({
      samples: samples('component:default/policy', () => 0).slice(-12),
    });
    expect(await notifier.evaluateAll()).toEqual({ notified: 1 });
    expect(notifications.send).toHaveBeenLastCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/policy-team' },
      payload: expect.objectContaining({
        title: 'SLO availability of policy is ok again (resolved)',
        severity: 'normal',
      }),
    });
    expect(await notifier.evaluateAll()).toEqual({ notified: 0 });
  });
});
