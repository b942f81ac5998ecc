import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { conditionalOwnerDecision } from '../__testUtils__/decisions';
import { EntityAccess } from './CallerAccess';
import { EntityCopy, createEntityCopy } from './EntityCopy';

const component = (name: string, owner = 'group:default/team'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});

/**
 * A catalog whose `queryEntities` answers in pages of two (as the catalog's
 * cursor does), from `entities` as they are at each call; every call
 * recorded.
 */
function pagedCatalog(entities: Entity[]) {
  const queries: string[] = [];
  const reads: string[][] = [];
  let failing = false;
  const catalog = {
    queryEntities: jest.fn(async (request: { cursor?: string }) => {
      if (failing) {
        throw new Error('catalog unreachable');
      }
      const from = request.cursor ? Number(request.cursor) : 0;
      queries.push(`page from ${from}`);
      const next = from + 2 < entities.length ? String(from + 2) : undefined;
      return {
        items: entities.slice(from, from + 2),
        pageInfo: { nextCursor: next },
        totalItems: entities.length,
      };
    }),
    getEntitiesByRefs: jest.fn(async (request: { entityRefs: string[] }) => {
      reads.push(request.entityRefs);
      return {
        items: request.entityRefs.map(ref =>
          entities.find(e => `component:default/${e.metadata.name}` === ref),
        ),
      };
    }),
  };
  return {
    catalog,
    queries,
    reads,
    fail: (value: boolean) => {
      failing = value;
    },
  };
}

describe('EntityCopy', () => {
  it('reads every page, serves by ref in any case, and nothing once older than maxAge', async () => {
    const entities = ['a', 'b', 'c', 'd', 'e'].map(n => component(n));
    const { catalog, queries, fail } = pagedCatalog(entities);
    let now = 1_000_000;
    const copy = new EntityCopy({
      catalog: catalog as any,
      auth: mockServices.auth(),
      maxAgeMs: 180_000,
      clock: () => now,
    });
    // Nothing read yet: it serves nothing.
    expect(copy.fresh).toBe(false);
    expect(copy.get('component:default/a')).toBeUndefined();

    await copy.refresh();
    expect(queries).toEqual(['page from 0', 'page from 2', 'page from 4']);
    expect(copy.size).toBe(5);
    expect(copy.get('Component:default/C')).toBe(entities[2]);
    expect(copy.get('component:default/z')).toBeUndefined();

    // A failed refresh keeps the copy it has, until maxAge after its read.
    now += 179_999;
    fail(true);
    await expect(copy.refresh()).rejects.toThrow('catalog unreachable');
    expect(copy.get('component:default/c')).toBe(entities[2]);
    now += 1;
    expect(copy.fresh).toBe(false);
    expect(copy.get('component:default/c')).toBeUndefined();

    // A whole read replaces it: a removed entity is gone, a changed one new.
    fail(false);
    entities.splice(0, 1);
    entities[0] = component('b', 'group:default/other-team');
    await copy.refresh();
    expect(copy.size).toBe(4);
    expect(copy.get('component:default/a')).toBeUndefined();
    expect(copy.get('component:default/b')?.spec?.owner).toBe(
      'group:default/other-team',
    );
  });
});

describe('EntityAccess with an entity copy', () => {
  const ADA = 'user:default/ada';

  async function access(options: { conditional?: boolean }) {
    const entities = ['a', 'b', 'c'].map(n => component(n));
    const paged = pagedCatalog(entities);
    let now = 1_000_000;
    const copy = new EntityCopy({
      catalog: paged.catalog as any,
      auth: mockServices.auth(),
      maxAgeMs: 180_000,
      clock: () => now,
    });
    await copy.refresh();
    // Entity d is registered after the copy was read.
    entities.push(component('d'));
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async requests =>
        requests.map(() =>
          options.conditional
            ? conditionalOwnerDecision()
            : { result: AuthorizeResult.ALLOW },
        ),
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const entityAccess = new EntityAccess({
      permissions,
      catalog: paged.catalog as any,
      auth: mockServices.auth(),
      ttlMs: 10_000,
      clock: () => now,
      copy,
    });
    const caller = await entityAccess.forCaller(mockCredentials.user(ADA));
    return {
      caller,
      entityAccess,
      reads: paged.reads,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('reads the entities of a person allowed every read from the copy, and only those missing from it from the catalog', async () => {
    const { caller, entityAccess, reads, advance } = await access({});
    expect(caller.hasFresh('component:default/a')).toBe(true);
    const { items } = await caller.getEntitiesByRefs({
      entityRefs: ['component:default/a', 'component:default/d'],
    });
    expect(items.map(e => e?.metadata.name)).toEqual(['a', 'd']);
    // One catalog call, for d alone.
    expect(reads).toEqual([['component:default/d']]);
    expect(entityAccess.counts.entityReads).toBe(1);

    // Once the copy is older than maxAge, every entity comes from the catalog.
    advance(180_000);
    expect(caller.hasFresh('component:default/b')).toBe(false);
    await caller.getEntitiesByRefs({ entityRefs: ['component:default/b'] });
    expect(reads).toEqual([['component:default/d'], ['component:default/b']]);
  });

  it('never serves a person whose standing is conditional from the copy', async () => {
    const { caller, reads } = await access({ conditional: true });
    expect(caller.hasFresh('component:default/a')).toBe(false);
    await caller.getEntitiesByRefs({ entityRefs: ['component:default/a'] });
    expect(reads).toEqual([['component:default/a']]);
  });
});

describe('createEntityCopy', () => {
  it('is off unless enabled, and refreshes on every replica when it is', async () => {
    const scheduler = mockServices.scheduler.mock();
    const deps = {
      catalog: pagedCatalog([]).catalog as any,
      auth: mockServices.auth(),
      scheduler,
      logger: mockServices.logger.mock(),
    };
    expect(
      await createEntityCopy({
        ...deps,
        config: mockServices.rootConfig({ data: {} }),
      }),
    ).toBeUndefined();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();

    const copy = await createEntityCopy({
      ...deps,
      config: mockServices.rootConfig({
        data: {
          customerImpact: {
            summaries: {
              entityCopy: {
                enabled: true,
                schedule: {
                  frequency: { seconds: 30 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
        },
      }),
    });
    expect(copy).toBeInstanceOf(EntityCopy);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'customer-impact-entity-copy',
        scope: 'local',
        frequency: { seconds: 30 },
        timeout: { minutes: 1 },
      }),
    );
  });
});
