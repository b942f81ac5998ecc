import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
  ServerPermissionClient,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  customerImpactChangeCreatePermission,
  customerImpactEntityReadPermission,
  customerImpactReleaseGateReadPermission,
  customerImpactPermissions,
  customerImpactPushPermissions,
} from '@customer-impact/plugin-customer-impact-common';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import YAML from 'yaml';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import catalogModuleCustomerImpact from '@customer-impact/plugin-catalog-backend-module-customer-impact';
import customerImpactPlugin from '@customer-impact/plugin-customer-impact-backend';
import demoPolicyModule from './module';
import { CustomerImpactDemoPolicy } from './policy';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../../..');
const GUEST = 'user:default/guest'; // member of the platform team
const ADA = 'user:default/ada'; // member of team-checkout

/** What the catalog's sign-in resolver puts in a person's token (examples/org.yaml). */
const MEMBERSHIP: Record<string, string[]> = {
  [GUEST]: [GUEST, 'group:default/platform'],
  [ADA]: [ADA, 'group:default/team-checkout'],
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: MEMBERSHIP[ref] ?? [ref],
      };
    },
  }),
});

/**
 * The mock auth service, except that a plugin calling another plugin on
 * behalf of a person sends a token that names the calling plugin as the
 * actor, as Backstage's own auth service does. The permission backend and
 * the catalog's apply-conditions endpoint tell a direct user request from a
 * plugin's by it.
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    return Object.assign(Object.create(auth), {
      async getPluginRequestToken(options: {
        onBehalfOf: BackstageCredentials;
        targetPluginId: string;
      }) {
        const principal = options.onBehalfOf.principal as { type: string };
        if (principal.type === 'user') {
          return {
            token: mockCredentials.user.token(
              (principal as BackstageUserPrincipal).userEntityRef,
              { actor: { subject: `plugin:${pluginId}` } },
            ),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    }) as AuthService;
  },
});

/**
 * The demo's real permission wiring: the catalog (with the demo's example
 * files), the permission backend with the demo policy, and the Customer
 * Impact backend, on one test backend. Conditional decisions go from the
 * policy through the permission backend to the catalog, as in the demo.
 */
async function startDemoBackend(
  policyModule: BackendFeature = demoPolicyModule,
) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleCustomerImpact,
      permissionPlugin,
      policyModule,
      customerImpactPlugin,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          customerImpact: {
            journeys: { subjectHashSecret: 'a-test-secret-of-enough-length' },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                  'Journey',
                ],
              },
            ],
            locations: ['org.yaml', 'entities.yaml', 'journeys.yaml'].map(
              file => ({
                type: 'file',
                target: path.join(ROOT, 'examples', file),
              }),
            ),
          },
        },
      }),
      mockServices.database.factory(),
      userInfoFactory,
      authFactory,
    ],
  });

  const { server } = backend;
  // Wait until the catalog has read the examples.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/journey/default/first-service')
      .set('Authorization', mockCredentials.service.header());
    if (res.status === 200) {
      const group = await request(server)
        .get('/api/catalog/entities/by-name/group/default/platform')
        .set('Authorization', mockCredentials.service.header());
      if (group.body.relations?.some((r: any) => r.type === 'ownerOf')) {
        break;
      }
    }
    if (Date.now() > deadline) {
      throw new Error('The catalog never read the example files');
    }
    await new Promise(r => setTimeout(r, 250));
  }
  return backend;
}

describe('the demo permission policy, wired as in the demo backend', () => {
  let backend: Awaited<ReturnType<typeof startDemoBackend>>;
  let server: Awaited<ReturnType<typeof startDemoBackend>>['server'];
  beforeAll(async () => {
    backend = await startDemoBackend();
    server = backend.server;
  });
  afterAll(() => backend.stop());

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });

  it('lets people read the figures of what the catalog shows them, and other plugins work as before', async () => {
    for (const user of [GUEST, ADA]) {
      const summary = await request(server)
        .get(
          '/api/customer-impact/v1/entities/component/default/payments-service',
        )
        .set(as(user));
      expect({
        user,
        status: summary.status,
        body: summary.status === 200 ? undefined : summary.body,
      }).toEqual({ user, status: 200 });
      const figures = await request(server)
        .get('/api/customer-impact/v1/journeys/default/first-service/figures')
        .set(as(user));
      expect({ user, status: figures.status }).toEqual({ user, status: 200 });
      const group = await request(server)
        .get('/api/customer-impact/v1/groups/default/platform/consumers')
        .set(as(user));
      expect({ user, status: group.status }).toEqual({ user, status: 200 });
    }
    // The catalog (catalog.entity.read and friends) answers as with allow-all.
    const catalog = await request(server)
      .get('/api/catalog/entities/by-name/component/default/payments-service')
      .set(as(ADA));
    expect(catalog.status).toBe(200);
  });

  it('refuses every push from a person, with 403', async () => {
    const pushes: Array<[string, object]> = [
      ['/v1/slo-samples', { samples: [] }],
      ['/v1/support-events', { events: [] }],
      ['/v1/journey-events', { events: [] }],
      ['/v1/journey-feedback', { feedback: [] }],
      ['/v1/deprecation-burndown', { points: [] }],
    ];
    for (const [route, body] of pushes) {
      const res = await request(server)
        .post(`/api/customer-impact${route}`)
        .set(as(GUEST))
        .send(body);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
  });

  it("lets a backend plugin (the demo's seeder) push", async () => {
    const res = await request(server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          {
            source: 'jira',
            externalId: 'OPS-1',
            entityRef: 'component:default/payments-service',
            kind: 'ticket',
            openedAt: '2026-11-16T09:00:00Z',
          },
          {
            source: 'jira',
            externalId: 'OPS-2',
            entityRef: 'component:default/not-in-the-catalog',
            kind: 'ticket',
            openedAt: '2026-11-16T09:00:00Z',
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: ['component:default/not-in-the-catalog'],
    });
  });

  it('lets anyone who sees a journey give step feedback', async () => {
    for (const user of [GUEST, ADA]) {
      const res = await request(server)
        .post(
          '/api/customer-impact/v1/journeys/default/first-service/steps/first-deploy/feedback',
        )
        .set(as(user))
        .send({ kind: 'stuck', effort: 6 });
      expect({ user, status: res.status }).toEqual({ user, status: 201 });
    }
  });

  it('lets only the owning group refresh an entity: the catalog applies the conditional decision', async () => {
    const refresh = (user: string, entity: string) =>
      request(server)
        .post(
          `/api/customer-impact/v1/entities/component/default/${entity}/slos/refresh`,
        )
        .set(as(user));
    // payments-service is owned by the platform team, checkout-web by team-checkout.
    expect((await refresh(GUEST, 'payments-service')).status).toBe(200);
    expect((await refresh(ADA, 'payments-service')).status).toBe(403);
    expect((await refresh(ADA, 'checkout-web')).status).toBe(200);
    expect((await refresh(GUEST, 'checkout-web')).status).toBe(403);
  });

  it('answers customer-impact.change.create for the owning group only (asked through the permission backend)', async () => {
    const ask = async (user: string, resourceRef: string) => {
      const res = await request(server)
        .post('/api/permission/authorize')
        .set(as(user))
        .send({
          items: [
            {
              id: '1',
              permission: customerImpactChangeCreatePermission,
              resourceRef,
            },
          ],
        });
      expect({
        status: res.status,
        body: res.status === 200 ? undefined : res.body,
      }).toEqual({ status: 200 });
      return res.body.items[0].result;
    };
    expect(await ask(GUEST, 'component:default/payments-service')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await ask(ADA, 'component:default/payments-service')).toBe(
      AuthorizeResult.DENY,
    );
    expect(await ask(ADA, 'component:default/checkout-web')).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('lists every permission of the suite in the plugin metadata', async () => {
    const metadata = await request(server)
      .get('/api/customer-impact/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name).sort(),
    ).toEqual(customerImpactPermissions.map(p => p.name).sort());
  });
});

/**
 * A stricter policy than the demo's: people read the figures of the entities
 * their group owns (and group pages) only. The read permission is answered
 * with catalog conditions, which the catalog applies to each entity.
 */
class OwnersReadPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(query.permission, customerImpactEntityReadPermission)) {
      return createCatalogConditionalDecision(query.permission, {
        anyOf: [
          catalogConditions.isEntityOwner({
            claims: user?.info.ownershipEntityRefs ?? [],
          }),
          // Group pages: everyone, for the entities each may read.
          catalogConditions.isEntityKind({ kinds: ['Group'] }),
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

describe('a policy that lets people read only what their group owns', () => {
  let backend: Awaited<ReturnType<typeof startDemoBackend>>;
  beforeAll(async () => {
    backend = await startDemoBackend(
      createBackendModule({
        pluginId: 'permission',
        moduleId: 'owners-read',
        register(reg) {
          reg.registerInit({
            deps: { policy: policyExtensionPoint },
            async init({ policy }) {
              policy.setPolicy(new OwnersReadPolicy());
            },
          });
        },
      }),
    );
  });
  afterAll(() => backend.stop());

  it('applies the catalog condition to every entity read, one by one or in a view', async () => {
    const get = (user: string, route: string) =>
      request(backend.server)
        .get(`/api/customer-impact${route}`)
        .set('Authorization', mockCredentials.user.header(user));
    // Ada's team owns checkout-web, not payments-service.
    expect(
      (await get(ADA, '/v1/entities/component/default/checkout-web')).status,
    ).toBe(200);
    expect(
      (await get(ADA, '/v1/entities/component/default/payments-service'))
        .status,
    ).toBe(403);
    // The platform team's internal customers count only what the reader
    // may read: everything the platform owns for the guest, nothing for Ada.
    const push = await request(backend.server)
      .post('/api/customer-impact/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          {
            source: 'jira',
            externalId: 'OPS-9',
            entityRef: 'component:default/payments-service',
            consumerRef: 'group:default/team-checkout',
            kind: 'ticket',
            openedAt: new Date(Date.now() - 3600_000).toISOString(),
          },
        ],
      });
    expect(push.body.inserted).toBe(1);
    const guest = await get(GUEST, '/v1/groups/default/platform/consumers');
    expect(guest.status).toBe(200);
    expect(guest.body.ownedEntityRefs).toContain(
      'component:default/payments-service',
    );
    expect(guest.body.total).toBe(1);
    const ada = await get(ADA, '/v1/groups/default/platform/consumers');
    expect(ada.status).toBe(200);
    expect(ada.body.ownedEntityRefs).toEqual([]);
    expect(ada.body.total).toBe(0);
  });
});

describe('the policy on its own', () => {
  const policy = new CustomerImpactDemoPolicy();
  const user = {
    credentials: mockCredentials.user(GUEST),
    info: { userEntityRef: GUEST, ownershipEntityRefs: MEMBERSHIP[GUEST] },
  };

  it('denies every customer-impact permission it does not know, and without a user', async () => {
    const unknown = {
      type: 'basic' as const,
      name: 'customer-impact.something-new.create',
      attributes: { action: 'create' as const },
    };
    expect((await policy.handle({ permission: unknown }, user)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      (await policy.handle({ permission: customerImpactEntityReadPermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('answers every permission of the suite for a person', async () => {
    const answers = Object.fromEntries(
      await Promise.all(
        customerImpactPermissions.map(async p => [
          p.name,
          (await policy.handle({ permission: p }, user)).result,
        ]),
      ),
    );
    expect(answers).toEqual({
      'customer-impact.entity.read': AuthorizeResult.ALLOW,
      'customer-impact.release-gate.read': AuthorizeResult.ALLOW,
      'customer-impact.entity.refresh': AuthorizeResult.CONDITIONAL,
      'customer-impact.journey-feedback.create': AuthorizeResult.ALLOW,
      'customer-impact.change.create': AuthorizeResult.CONDITIONAL,
      'customer-impact.change.delete': AuthorizeResult.ALLOW,
      'customer-impact.rollup.refresh': AuthorizeResult.ALLOW,
      'customer-impact.deprecation-exemption.create':
        AuthorizeResult.CONDITIONAL,
      'customer-impact.slo-samples.create': AuthorizeResult.DENY,
      'customer-impact.support-events.create': AuthorizeResult.DENY,
      'customer-impact.journey-events.create': AuthorizeResult.DENY,
      'customer-impact.deprecation-burndown.create': AuthorizeResult.DENY,
    });
  });
});

describe("the demo's external-access token", () => {
  const appConfig = YAML.parse(
    fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
  );
  const [entry] = appConfig.backend.auth.externalAccess;
  const [restriction] = entry.accessRestrictions;

  it('is restricted to the pushes of the suite, recording changes and asking the release gate', () => {
    expect(restriction.plugin).toBe('customer-impact');
    expect([...restriction.permission].sort()).toEqual(
      [
        ...customerImpactPushPermissions.map(p => p.name),
        'customer-impact.change.create',
        'customer-impact.release-gate.read',
      ].sort(),
    );
  });

  it('may push and may not read: Backstage decides a service principal from its access restrictions', async () => {
    const client = ServerPermissionClient.fromConfig(
      new ConfigReader({ permission: { enabled: true } }),
      { auth: mockServices.auth(), discovery: mockServices.discovery() },
    );
    const credentials = mockCredentials.service(
      `external:${entry.options.subject}`,
      {
        permissionNames: restriction.permission,
      },
    );
    const decisions = await client.authorize(
      [
        ...customerImpactPushPermissions.map(permission => ({ permission })),
        {
          permission: customerImpactEntityReadPermission,
          resourceRef: 'component:default/payments-service',
        },
        {
          permission: customerImpactReleaseGateReadPermission,
          resourceRef: 'component:default/payments-service',
        },
      ],
      { credentials },
    );
    expect(decisions.map(d => d.result)).toEqual([
      ...customerImpactPushPermissions.map(() => AuthorizeResult.ALLOW),
      AuthorizeResult.DENY,
      AuthorizeResult.ALLOW,
    ]);
  });
});
