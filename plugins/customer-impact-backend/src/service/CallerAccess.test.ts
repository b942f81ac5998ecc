import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { conditionalOwnerDecision } from '../__testUtils__/decisions';
import { EntityAccess, readAccessCacheTtlMs } from './CallerAccess';
import { readableEntities } from './access';

const ADA = 'user:default/ada';
const BEN = 'user:default/ben';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:team' },
});

const CONDITIONAL: PolicyDecision = conditionalOwnerDecision();

/**
 * A catalog of three components, where `hidden` are not shown to Ada, and
 * a permission service answering `standing` for each permission name (asked
 * without a resource) and `perEntity` for resource decisions. Every call is
 * recorded with the principal it was made for.
 */
function world(options: {
  standing: Record<string, PolicyDecision>;
  perEntity?: (resourceRef: string) => AuthorizeResult;
  hidden?: string[];
  ttlMs?: number;
}) {
  const entities = ['a', 'b', 'c'].map(component);
  const calls: string[] = [];
  const principalOf = (c: BackstageCredentials) =>
    c.principal && 'userEntityRef' in (c.principal as object)
      ? (c.principal as { userEntityRef: string }).userEntityRef
      : (c.principal as { subject: string }).subject;
  const catalog = {
    getEntitiesByRefs: jest.fn(
      async (
        request: { entityRefs: string[] },
        { credentials }: { credentials: BackstageCredentials },
      ) => {
        const who = principalOf(credentials);
        calls.push(`catalog ${who} ${request.entityRefs.join(',')}`);
        return {
          items: request.entityRefs.map(ref => {
            if (who === ADA && options.hidden?.includes(ref)) {
              return undefined;
            }
            return entities.find(
              e => `component:default/${e.metadata.name}` === ref,
            );
          }),
        };
      },
    ),
  };
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      calls.push(
        `authorize ${principalOf(credentials)} ${requests
          .map(r => ('resourceRef' in r ? r.resourceRef : r.permission.name))
          .join(',')}`,
      );
      return requests.map(r => ({
        result:
          options.perEntity && 'resourceRef' in r && r.resourceRef
            ? options.perEntity(r.resourceRef)
            : AuthorizeResult.ALLOW,
      })) as never;
    },
    authorizeConditional: async (requests, { credentials }) => {
      calls.push(
        `standing ${principalOf(credentials)} ${requests
          .map(r => r.permission.name)
          .join(',')}`,
      );
      return requests.map(
        r => options.standing[r.permission.name] ?? { result: 'ALLOW' },
      ) as never;
    },
  });
  let now = 1_000_000;
  const access = new EntityAccess({
    permissions,
    catalog,
    auth: mockServices.auth(),
    ttlMs: options.ttlMs ?? 10_000,
    clock: () => now,
  });
  return {
    access,
    calls,
    tick: (ms: number) => {
      now += ms;
    },
  };
}

const ALLOW = { result: AuthorizeResult.ALLOW } as PolicyDecision;
const DENY = { result: AuthorizeResult.DENY } as PolicyDecision;
const ref = (name: string) => ({
  kind: 'component',
  namespace: 'default',
  name,
});

describe('EntityAccess', () => {
  it('asks a person’s standing once per TTL, and shares entities read with its own credentials between people', async () => {
    const { access, calls, tick } = world({
      standing: {
        'catalog.entity.read': ALLOW,
        'customer-impact.entity.read': ALLOW,
      },
    });
    const ada = await access.forCaller(mockCredentials.user(ADA));
    expect((await ada.readEntity(ref('a'))).metadata.name).toBe('a');
    expect(calls).toEqual([
      `standing ${ADA} catalog.entity.read,customer-impact.entity.read`,
      'catalog plugin:test component:default/a',
    ]);
    calls.length = 0;

    // Ada again, and Ben: Ben's standing is asked, the entity is shared.
    await (
      await access.forCaller(mockCredentials.user(ADA))
    ).readEntity(ref('a'));
    const ben = await access.forCaller(mockCredentials.user(BEN));
    await ben.readEntity(ref('a'));
    expect(calls).toEqual([
      `standing ${BEN} catalog.entity.read,customer-impact.entity.read`,
    ]);
    calls.length = 0;

    // Neighbours in one call; those read already are not read again.
    const { items } = await ben.getEntitiesByRefs({
      entityRefs: ['component:default/a', 'component:default/b'],
    });
    expect(items.map(e => e?.metadata.name)).toEqual(['a', 'b']);
    expect(calls).toEqual(['catalog plugin:test component:default/b']);
    calls.length = 0;

    // After the TTL both are asked and read again.
    tick(10_000);
    await (
      await access.forCaller(mockCredentials.user(ADA))
    ).readEntity(ref('a'));
    expect(calls).toEqual([
      `standing ${ADA} catalog.entity.read,customer-impact.entity.read`,
      'catalog plugin:test component:default/a',
    ]);
  });

  it('keeps no standing or entity past its TTL once it asks or reads anew', async () => {
    const { access, calls, tick } = world({
      standing: {
        'catalog.entity.read': ALLOW,
        'customer-impact.entity.read': ALLOW,
      },
    });
    const ada = await access.forCaller(mockCredentials.user(ADA));
    await ada.readEntity(ref('a'));
    await ada.readEntity(ref('b'));
    expect(access.sizes).toEqual({ standings: 1, entities: 2 });

    // Within the TTL Ben's standing and c join them.
    tick(5_000);
    const ben = await access.forCaller(mockCredentials.user(BEN));
    await ben.readEntity(ref('c'));
    expect(access.sizes).toEqual({ standings: 2, entities: 3 });

    // Past Ada's TTL (and a's and b's), not yet Ben's (nor c's): the next
    // read of the catalog drops a and b, the next standing asked drops Ada's.
    tick(5_000);
    calls.length = 0;
    await (
      await access.forCaller(mockCredentials.user(BEN))
    ).getEntitiesByRefs({ entityRefs: ['component:default/b'] });
    expect(calls).toEqual(['catalog plugin:test component:default/b']);
    expect(access.sizes).toEqual({ standings: 2, entities: 2 });
    await access.forCaller(mockCredentials.user('user:default/cy'));
    expect(access.sizes).toEqual({ standings: 2, entities: 2 });
    expect(access.hasFresh('component:default/c')).toBe(true);
    expect(access.hasFresh('component:default/a')).toBe(false);
  });

  it('reads with the caller’s credentials and decides per entity when the policy answers with conditions', async () => {
    const { access, calls } = world({
      standing: {
        'catalog.entity.read': CONDITIONAL,
        'customer-impact.entity.read': CONDITIONAL,
      },
      hidden: ['component:default/b'],
      perEntity: r =>
        r === 'component:default/c'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const ada = await access.forCaller(mockCredentials.user(ADA));
    expect((await ada.readEntity(ref('a'))).metadata.name).toBe('a');
    await expect(ada.readEntity(ref('b'))).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(ada.readEntity(ref('c'))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Not allowed to read the customer impact of component:default/c',
    });
    expect(calls).toEqual([
      `standing ${ADA} catalog.entity.read,customer-impact.entity.read`,
      `authorize ${ADA} component:default/a`,
      `catalog ${ADA} component:default/a`,
      `authorize ${ADA} component:default/b`,
      `catalog ${ADA} component:default/b`,
      `authorize ${ADA} component:default/c`,
      `catalog ${ADA} component:default/c`,
    ]);
    // The neighbours the facets read: as the catalog shows them to Ada,
    // and the figures of those the policy allows.
    expect(ada.customerImpactReadForAll).toBeUndefined();
    const readable = await readableEntities(
      { catalog: ada, permissions: access.permissions },
      ['component:default/a', 'component:default/b', 'component:default/c'],
      ada.credentials,
    );
    expect(readable.map(e => e.metadata.name)).toEqual(['a']);
  });

  it('reads the entities a summary will ask for next in the same catalog call, in the caller’s view', async () => {
    // Conditional: with Ada's credentials, b hidden from her.
    const conditional = world({
      standing: {
        'catalog.entity.read': CONDITIONAL,
        'customer-impact.entity.read': CONDITIONAL,
      },
      hidden: ['component:default/b'],
    });
    const ada = await conditional.access.forCaller(mockCredentials.user(ADA));
    const read = await ada.readEntityWith(ref('a'), [
      'Component:default/B',
      'component:default/c',
      'component:default/a',
    ]);
    expect(read.entity.metadata.name).toBe('a');
    expect([...read.alongside].map(([r, e]) => [r, e?.metadata.name])).toEqual([
      ['component:default/b', undefined],
      ['component:default/c', 'c'],
    ]);
    expect(conditional.calls).toEqual([
      `standing ${ADA} catalog.entity.read,customer-impact.entity.read`,
      `authorize ${ADA} component:default/a`,
      `catalog ${ADA} component:default/a,component:default/b,component:default/c`,
    ]);

    // Allowed every read: with the plugin's credentials, shared, so that
    // the summary's next read of them is no call at all.
    const allowed = world({
      standing: {
        'catalog.entity.read': ALLOW,
        'customer-impact.entity.read': ALLOW,
      },
    });
    const ben = await allowed.access.forCaller(mockCredentials.user(BEN));
    await ben.readEntityWith(ref('a'), ['component:default/b']);
    await ben.getEntitiesByRefs({ entityRefs: ['component:default/b'] });
    expect(allowed.calls).toEqual([
      `standing ${BEN} catalog.entity.read,customer-impact.entity.read`,
      'catalog plugin:test component:default/a,component:default/b',
    ]);
  });

  it('answers 403 for a person denied customer-impact.entity.read and 404 for one denied every catalog read', async () => {
    const denied = world({
      standing: {
        'catalog.entity.read': ALLOW,
        'customer-impact.entity.read': DENY,
      },
    });
    const ada = await denied.access.forCaller(mockCredentials.user(ADA));
    await expect(ada.readEntity(ref('a'))).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    expect(ada.customerImpactReadForAll).toBe(false);

    const blind = world({
      standing: {
        'catalog.entity.read': DENY,
        'customer-impact.entity.read': ALLOW,
      },
    });
    const ben = await blind.access.forCaller(mockCredentials.user(BEN));
    await expect(ben.readEntity(ref('a'))).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(
      (await ben.getEntitiesByRefs({ entityRefs: ['component:default/a'] }))
        .items,
    ).toEqual([undefined]);
    // Nothing was read from the catalog for Ben.
    expect(blind.calls.filter(c => c.startsWith('catalog'))).toEqual([]);
  });

  it('caches nothing with a TTL of 0, nor for services', async () => {
    const { access, calls } = world({
      standing: {
        'catalog.entity.read': ALLOW,
        'customer-impact.entity.read': ALLOW,
      },
      ttlMs: 0,
    });
    for (let i = 0; i < 2; i++) {
      await (
        await access.forCaller(mockCredentials.user(ADA))
      ).readEntity(ref('a'));
    }
    expect(calls).toEqual([
      `authorize ${ADA} component:default/a`,
      `catalog ${ADA} component:default/a`,
      `authorize ${ADA} component:default/a`,
      `catalog ${ADA} component:default/a`,
    ]);

    const cached = world({ standing: {} });
    const service = await cached.access.forCaller(mockCredentials.service());
    expect(service.standing).toBeUndefined();
    await service.readEntity(ref('a'));
    expect(cached.calls).toEqual([
      'authorize external:test-service component:default/a',
      'catalog external:test-service component:default/a',
    ]);
  });

  it('keeps neither a failed standing nor a failed read', async () => {
    const { access, calls } = world({
      standing: {
        'catalog.entity.read': ALLOW,
        'customer-impact.entity.read': ALLOW,
      },
    });
    const permissions = access.permissions as jest.Mocked<
      typeof access.permissions
    >;
    const original = permissions.authorizeConditional.getMockImplementation()!;
    permissions.authorizeConditional.mockImplementationOnce(async () => {
      throw new Error('permission backend down');
    });
    await expect(access.forCaller(mockCredentials.user(ADA))).rejects.toThrow(
      'permission backend down',
    );
    permissions.authorizeConditional.mockImplementation(original);
    const ada = await access.forCaller(mockCredentials.user(ADA));

    const catalog = access.catalog as { getEntitiesByRefs: jest.Mock };
    catalog.getEntitiesByRefs.mockRejectedValueOnce(new Error('catalog down'));
    await expect(ada.readEntity(ref('a'))).rejects.toThrow('catalog down');
    expect((await ada.readEntity(ref('a'))).metadata.name).toBe('a');
    expect(calls).toEqual([
      `standing ${ADA} catalog.entity.read,customer-impact.entity.read`,
      'catalog plugin:test component:default/a',
    ]);
  });

  it('reads its TTL from customerImpact.summaries.cacheTtl', () => {
    expect(readAccessCacheTtlMs(new ConfigReader({}))).toBe(10_000);
    expect(
      readAccessCacheTtlMs(
        new ConfigReader({
          customerImpact: { summaries: { cacheTtl: { seconds: 0 } } },
        }),
      ),
    ).toBe(0);
    expect(
      readAccessCacheTtlMs(
        new ConfigReader({
          customerImpact: { summaries: { cacheTtl: { minutes: 1 } } },
        }),
      ),
    ).toBe(60_000);
  });
});
