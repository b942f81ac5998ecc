import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { customerImpactPlugin } from '../plugin';
import { demoCatalog } from './entities';

/** The secret the journeys facet hashes people's ids with, in tests. */
export const TEST_SUBJECT_HASH_SECRET = 'a-test-secret-of-enough-length';

/**
 * The demo catalog of `entities.ts`, plus what the routes of every facet need:
 * the platform group (owner of payments-service, legacy-runner and
 * payments-v1), payments-service, and a Journey through billing and checkout.
 */
export function routeTestCatalog(): Entity[] {
  const journeyRelation = {
    type: 'customer-impact/journeyStepOf',
    targetRef: 'journey:default/first-deploy',
  };
  return [
    ...demoCatalog().map(e =>
      ['billing', 'checkout'].includes(e.metadata.name)
        ? { ...e, relations: [...(e.relations ?? []), journeyRelation] }
        : e,
    ),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-service', namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:platform',
      },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [
        { type: 'ownerOf', targetRef: 'component:default/payments-service' },
        { type: 'ownerOf', targetRef: 'component:default/legacy-runner' },
        { type: 'ownerOf', targetRef: 'api:default/payments-v1' },
      ],
    },
    {
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
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        {
          type: 'customer-impact/journeyPassesThrough',
          targetRef: 'component:default/billing',
        },
        {
          type: 'customer-impact/journeyPassesThrough',
          targetRef: 'component:default/checkout',
        },
      ],
    },
  ];
}

/**
 * The plugin as the backend wires it (every facet, on an SQLite database in
 * memory), with its REST router taken out of the HTTP router service and
 * mounted on a bare express app with Backstage's error handler. Requests
 * without an `Authorization` header have no credentials; permissions are
 * decided by `permissions` (a `mockServices.permissions.mock()`; default:
 * allow everything).
 */
export async function startPluginRouter(options?: {
  entities?: Entity[];
  /** Replaces the catalog of `entities` (e.g. `catalogWithHiddenEntitiesFactory`). */
  catalog?: ServiceFactory;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
  config?: object;
  /** The plugin's database (default: SQLite in memory). */
  database?: ServiceFactory;
}) {
  const permissions =
    options?.permissions ??
    mockServices.permissions.mock({
      authorize: async requests =>
        requests.map((): { result: AuthorizeResult.ALLOW } => ({
          result: AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })) as never,
    });
  const httpRouter = mockServices.httpRouter.mock();
  const backend = await startTestBackend({
    features: [
      customerImpactPlugin,
      options?.catalog ??
        catalogServiceMock.factory({
          entities: options?.entities ?? routeTestCatalog(),
        }),
      options?.database ?? mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          customerImpact: {
            journeys: {
              subjectHashSecret: TEST_SUBJECT_HASH_SECRET,
              minPeople: 5,
            },
          },
          ...options?.config,
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissions.factory,
      httpRouter.factory,
    ],
  });
  // The plugin's REST router is the one with the /v1 routes (the permission
  // registry mounts its own /.well-known router on the same service).
  const router = httpRouter.use.mock.calls
    .map(([handler]) => handler as express.Router)
    .find(handler => routesOf(handler).some(r => r.includes(' /v1/')));
  if (!router) {
    throw new Error('The plugin mounted no router with /v1 routes');
  }
  const app = express().use(router).use(mockErrorHandler());
  return { app, router, permissions, backend };
}

type Layer = {
  name?: string;
  route?: {
    path: string;
    methods: Record<string, boolean>;
    stack?: Layer[];
  };
  handle?: { stack?: Layer[] };
};

/**
 * Every route of an express router, nested routers included, as
 * `METHOD /path` (`GET /v1/entities/:kind/:namespace/:name`).
 */
export function routesOf(router: unknown): string[] {
  const stack = (router as { stack?: Layer[] }).stack ?? [];
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        routes.push(`${method.toUpperCase()} ${layer.route.path}`);
      }
    } else if (layer.handle?.stack) {
      routes.push(...routesOf(layer.handle));
    }
  }
  return routes;
}

/**
 * The routes of an express router that parse a JSON body (`express.json`
 * in their own stack), as `METHOD /path`.
 */
export function bodyRoutesOf(router: unknown): string[] {
  const stack = (router as { stack?: Layer[] }).stack ?? [];
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      if ((layer.route.stack ?? []).some(l => l.name === 'jsonParser')) {
        for (const method of Object.keys(layer.route.methods)) {
          routes.push(`${method.toUpperCase()} ${layer.route.path}`);
        }
      }
    } else if (layer.handle?.stack) {
      routes.push(...bodyRoutesOf(layer.handle));
    }
  }
  return routes;
}

/** Whether a concrete path is one of a route's (`/v1/journeys/:namespace/...`). */
export function matchesRoute(route: string, method: string, path: string) {
  const [routeMethod, pattern] = route.split(' ');
  const regex = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return routeMethod === method && regex.test(path);
}
