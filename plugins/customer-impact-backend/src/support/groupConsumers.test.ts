import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { catalogWithHiddenEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { conditionalOwnerDecision } from '../__testUtils__/decisions';
import { CustomerImpactFacet, FacetKey } from '../facets';
import { PainIndexService } from '../pain';
import { RollupBuilder } from '../rollup/RollupBuilder';
import { DatabaseRollupStore } from '../rollup/RollupStore';
import { createSupportRouter } from './router';
import { supportFacet } from './SupportFacet';
import { SupportService } from './SupportService';
import { DatabaseSupportStore } from './SupportStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Wednesday 25 Nov 2026; the support window reaches back to Monday 31 Aug. */
const NOW = new Date('2026-11-25T12:00:00Z');
const now = () => NOW;
const ADA = 'user:default/ada';

/**
 * platform ⊃ infra ⊃ databases (3 levels), and "other" beside it. The
 * catalog's relations both ways: `ownedBy` on the entities (the rollups read
 * them) and `ownerOf` / `parentOf` on the groups (the catalog walk reads them).
 */
function group(name: string, children: string[], owns: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    relations: [
      ...children.map(c => ({
        type: 'parentOf',
        targetRef: `group:default/${c}`,
      })),
      ...owns.map(targetRef => ({ type: 'ownerOf', targetRef })),
    ],
  };
}

function owned(kind: string, name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const DB_OPERATOR = 'component:default/db-operator';
const QUIET = 'component:default/quiet';
const CI_RUNNER = 'component:default/ci-runner';
const OLD_API = 'api:default/old-api';
const OUTSIDER = 'component:default/outsider';

const entities: Entity[] = [
  group('platform', ['infra'], [OLD_API]),
  group('infra', ['databases'], [CI_RUNNER]),
  group('databases', [], [DB_OPERATOR, QUIET]),
  group('other', [], [OUTSIDER]),
  owned('Component', 'db-operator', 'databases'),
  owned('Component', 'quiet', 'databases'),
  owned('Component', 'ci-runner', 'infra'),
  owned('API', 'old-api', 'platform'),
  owned('Component', 'outsider', 'other'),
];

function event(id: string, entityRef: string, consumer: string, kind: string) {
  return {
    source: 'jira',
    externalId: id,
    entityRef,
    consumerRef: `group:default/${consumer}`,
    kind,
    openedAt: '2026-11-18T09:00:00Z',
  };
}

/**
 * On platform's tree: team-a 3 tickets on db-operator and 1 on ci-runner
 * (4), team-b 2 pages on db-operator and 1 ticket on old-api (3), team-c 1
 * ticket on ci-runner (1). Outsider (another tree's) has 5 pages of team-c.
 */
const EVENTS = [
  event('A-1', DB_OPERATOR, 'team-a', 'ticket'),
  event('A-2', DB_OPERATOR, 'team-a', 'ticket'),
  event('A-3', DB_OPERATOR, 'team-a', 'ticket'),
  event('A-4', CI_RUNNER, 'team-a', 'ticket'),
  event('B-1', DB_OPERATOR, 'team-b', 'page'),
  event('B-2', DB_OPERATOR, 'team-b', 'page'),
  event('B-3', OLD_API, 'team-b', 'ticket'),
  event('C-1', CI_RUNNER, 'team-c', 'ticket'),
  ...[1, 2, 3, 4, 5].map(i => event(`O-${i}`, OUTSIDER, 'team-c', 'page')),
];

/** A catalog condition, as a policy using `isEntityOwner` answers. */
function conditional(pluginId: string): ConditionalPolicyDecision {
  return conditionalOwnerDecision({ pluginId });
}

/**
 * The policy: `decide(permissionName)` answers the conditional decision
 * (no resource); `denied` lists the refs denied when asked one by one.
 */
function policy(options: {
  decide?: (permission: string) => PolicyDecision;
  denied?: string[];
}) {
  const authorize = jest.fn(async (requests: any[]) =>
    requests.map(r => ({
      result: options.denied?.includes(r.resourceRef)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  const authorizeConditional = jest.fn(async (requests: any[]) =>
    requests.map(
      r =>
        options.decide?.(r.permission.name) ?? {
          result: AuthorizeResult.ALLOW,
        },
    ),
  );
  return {
    permissions: mockServices.permissions.mock({
      authorize: authorize as any,
      authorizeConditional: authorizeConditional as any,
    }),
    authorize,
    authorizeConditional,
  };
}

async function setUp(
  databaseId: Parameters<typeof databases.init>[0],
  options: { hiddenFromAda?: string[] } = {},
) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const supportStore = await DatabaseSupportStore.create({ database });
  const support = new SupportService({ store: supportStore, now });
  await support.push({ events: EVENTS });
  const catalog = catalogWithHiddenEntities(entities, {
    [ADA]: options.hiddenFromAda ?? [],
  });
  const facets = [
    supportFacet({
      service: support,
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog,
    }),
  ] as CustomerImpactFacet<FacetKey>[];
  const store = await DatabaseRollupStore.create({ database });
  const builder = new RollupBuilder({
    store,
    painIndex: new PainIndexService({
      facets,
      config: { windowMs: 28 * 86_400_000, weights: {} },
      logger: mockServices.logger.mock(),
    }),
    weights: {},
    facets,
    // The builder reads with the plugin's own credentials: it sees everything.
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    now,
  });
  const app = (permissions: ReturnType<typeof policy>['permissions']) =>
    express()
      .use(
        createSupportRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.user(ADA),
          }),
          permissions,
          catalog,
          auth: mockServices.auth(),
          support,
          ownership: store,
        }),
      )
      .use(mockErrorHandler());
  return { app, builder, catalog };
}

const ranking = (body: any) =>
  body.consumers.map((c: { consumerRef: string; total: number }) => [
    c.consumerRef,
    c.total,
  ]);

const PLATFORM_TREE = [OLD_API, CI_RUNNER, DB_OPERATOR, QUIET].sort();

describe.each(databases.eachSupportedId())(
  "a group's internal customers on %p",
  databaseId => {
    it("walks the catalog before the rollups' first whole pass, then reads their ownership: the same answer, without reading or authorizing each entity", async () => {
      const { app, builder, catalog } = await setUp(databaseId);
      const { permissions, authorize, authorizeConditional } = policy({});

      const walked = await request(app(permissions)).get(
        '/v1/groups/default/platform/consumers',
      );
      expect(walked.status).toBe(200);
      expect(walked.body.ownership).toEqual({
        source: 'catalog',
        computedAt: null,
      });
      expect(walked.body.ownedEntityRefs).toEqual(PLATFORM_TREE);
      expect(walked.body.total).toBe(8);
      expect(ranking(walked.body)).toEqual([
        ['group:default/team-a', 4],
        ['group:default/team-b', 3],
        ['group:default/team-c', 1],
      ]);

      await builder.refreshAll();
      const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
      authorize.mockClear();
      authorizeConditional.mockClear();

      const precomputed = await request(app(permissions)).get(
        '/v1/groups/default/platform/consumers',
      );
      expect(precomputed.status).toBe(200);
      expect(precomputed.body.ownership).toEqual({
        source: 'rollup',
        computedAt: NOW.toISOString(),
      });
      const { ownership: _a, ...rest } = precomputed.body;
      const { ownership: _b, ...before } = walked.body;
      expect(rest).toEqual(before);
      // One decision for the group, one conditional request for the two
      // permissions, and no catalog read of the owned entities.
      expect(
        authorize.mock.calls.flatMap(([reqs]) => reqs.map(r => r.resourceRef)),
      ).toEqual(['group:default/platform']);
      expect(authorizeConditional).toHaveBeenCalledTimes(1);
      expect(
        authorizeConditional.mock.calls[0][0].map(r => r.permission.name),
      ).toEqual(['catalog.entity.read', 'customer-impact.entity.read']);
      expect(getEntitiesByRefs).not.toHaveBeenCalled();

      // The middle of the tree: its own subtree only.
      const infra = await request(app(permissions)).get(
        '/v1/groups/default/infra/consumers',
      );
      expect(infra.body.ownedEntityRefs).toEqual(
        [CI_RUNNER, DB_OPERATOR, QUIET].sort(),
      );
      expect(ranking(infra.body)).toEqual([
        ['group:default/team-a', 4],
        ['group:default/team-b', 2],
        ['group:default/team-c', 1],
      ]);
    });

    it("reads the rollups' ownership of a group whose tree was refreshed on its own (and of the groups below it), and walks the catalog for the others", async () => {
      const { app, builder } = await setUp(databaseId);
      const { permissions } = policy({});
      await builder.refreshTree('group:default/infra');
      const infra = await request(app(permissions)).get(
        '/v1/groups/default/infra/consumers',
      );
      expect(infra.body.ownership).toEqual({
        source: 'rollup',
        computedAt: NOW.toISOString(),
      });
      expect(infra.body.ownedEntityRefs).toEqual(
        [CI_RUNNER, DB_OPERATOR, QUIET].sort(),
      );
      // A group below it was computed too.
      const below = await request(app(permissions)).get(
        '/v1/groups/default/databases/consumers',
      );
      expect(below.body.ownership.source).toBe('rollup');
      expect(below.body.ownedEntityRefs).toEqual([DB_OPERATOR, QUIET]);
      const platform = await request(app(permissions)).get(
        '/v1/groups/default/platform/consumers',
      );
      expect(platform.body.ownership.source).toBe('catalog');
      expect(platform.body.ownedEntityRefs).toEqual(PLATFORM_TREE);
    });

    describe.each([
      ['before the first whole pass (catalog walk)', false],
      ['after it (rollup ownership)', true],
    ])('%s', (_, built) => {
      it('with a conditional catalog read, leaves out the entities the catalog hides from the caller', async () => {
        const { app, builder } = await setUp(databaseId, {
          hiddenFromAda: [DB_OPERATOR],
        });
        if (built) {
          await builder.refreshAll();
        }
        const { permissions } = policy({
          decide: name =>
            name === 'catalog.entity.read'
              ? conditional('catalog')
              : { result: AuthorizeResult.ALLOW },
        });
        const res = await request(app(permissions)).get(
          '/v1/groups/default/platform/consumers',
        );
        expect(res.status).toBe(200);
        expect(res.body.ownership.source).toBe(built ? 'rollup' : 'catalog');
        expect(res.body.ownedEntityRefs).toEqual([OLD_API, CI_RUNNER, QUIET]);
        expect(res.body.total).toBe(3);
        expect(ranking(res.body)).toEqual([
          ['group:default/team-a', 1],
          ['group:default/team-b', 1],
          ['group:default/team-c', 1],
        ]);
        expect(JSON.stringify(res.body)).not.toContain('db-operator');
      });

      it('with a conditional customer-impact.entity.read, asks per entity and leaves out the denied ones', async () => {
        const { app, builder } = await setUp(databaseId);
        if (built) {
          await builder.refreshAll();
        }
        const { permissions, authorize } = policy({
          decide: name =>
            name === 'customer-impact.entity.read'
              ? conditional('customer-impact')
              : { result: AuthorizeResult.ALLOW },
          denied: [CI_RUNNER],
        });
        const res = await request(app(permissions)).get(
          '/v1/groups/default/platform/consumers',
        );
        expect(res.status).toBe(200);
        expect(res.body.ownedEntityRefs).toEqual([OLD_API, DB_OPERATOR, QUIET]);
        expect(res.body.total).toBe(6);
        expect(ranking(res.body)).toEqual([
          ['group:default/team-a', 3],
          ['group:default/team-b', 3],
        ]);
        expect(
          authorize.mock.calls
            .flatMap(([reqs]) => reqs.map(r => r.resourceRef))
            .sort(),
        ).toEqual(['group:default/platform', ...PLATFORM_TREE].sort());
      });

      it('with either permission denied outright, counts nothing', async () => {
        const { app, builder } = await setUp(databaseId);
        if (built) {
          await builder.refreshAll();
        }
        const { permissions } = policy({
          decide: name =>
            name === 'customer-impact.entity.read'
              ? { result: AuthorizeResult.DENY }
              : { result: AuthorizeResult.ALLOW },
        });
        const res = await request(app(permissions)).get(
          '/v1/groups/default/platform/consumers',
        );
        expect(res.status).toBe(200);
        expect(res.body.ownedEntityRefs).toEqual([]);
        expect(res.body.total).toBe(0);
        expect(res.body.consumers).toEqual([]);
        expect(res.body.page).toEqual({
          limit: 20,
          nextCursor: null,
          total: 0,
        });
      });
    });

    it('pages the teams with an opaque cursor, each once, in rank order', async () => {
      const { app, builder } = await setUp(databaseId);
      await builder.refreshAll();
      const { permissions } = policy({});
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await request(app(permissions))
          .get('/v1/groups/default/platform/consumers')
          .query(cursor ? { limit: 2, cursor } : { limit: 2 });
        expect(res.status).toBe(200);
        expect(res.body.page.limit).toBe(2);
        expect(res.body.page.total).toBe(3);
        // Every page says the whole ranking's events and shares.
        expect(res.body.total).toBe(8);
        seen.push(
          ...res.body.consumers.map(
            (c: { consumerRef: string; share: number }) =>
              `${c.consumerRef} ${c.share}`,
          ),
        );
        cursor = res.body.page.nextCursor;
        pages += 1;
      } while (cursor && pages < 5);
      expect(pages).toBe(2);
      expect(seen).toEqual([
        `group:default/team-a ${4 / 8}`,
        `group:default/team-b ${3 / 8}`,
        `group:default/team-c ${1 / 8}`,
      ]);
    });

    it('answers 400 naming the field for a bad limit or cursor', async () => {
      const { app } = await setUp(databaseId);
      const { permissions } = policy({});
      for (const [query, field] of [
        [{ limit: '0' }, 'limit'],
        [{ limit: '101' }, 'limit'],
        [{ limit: 'ten' }, 'limit'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ cursor: Buffer.from('[-1,"x"]').toString('base64url') }, 'cursor'],
      ] as const) {
        const res = await request(app(permissions))
          .get('/v1/groups/default/platform/consumers')
          .query(query);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
      }
    });
  },
);
