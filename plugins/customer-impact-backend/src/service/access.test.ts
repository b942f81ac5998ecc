import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readableEntities } from './access';

const component = (i: number): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `service-${String(i).padStart(5, '0')}`,
    namespace: 'default',
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/a' },
});

describe('readableEntities at the scale of a large group', () => {
  // 2,600 entities owned; the catalog has all but every 100th; the policy
  // denies every 7th of those it has.
  const all = Array.from({ length: 2600 }, (_, i) => component(i));
  const inCatalog = all.filter((_, i) => i % 100 !== 0);
  const refs = all.map(e => stringifyEntityRef(e));
  const denied = new Set(
    inCatalog.filter((_, i) => i % 7 === 0).map(e => stringifyEntityRef(e)),
  );

  it('reads the catalog in chunks of 1,000 and asks at most 250 decisions a request', async () => {
    const catalog = catalogServiceMock({ entities: inCatalog });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && denied.has(r.resourceRef as string)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });

    const readable = await readableEntities(
      { catalog, permissions },
      refs,
      mockCredentials.user(),
      { fields: ['kind', 'metadata.namespace', 'metadata.name'] },
    );

    // 2,600 refs: three catalog reads (1,000 + 1,000 + 600), with the fields.
    expect(
      getEntitiesByRefs.mock.calls.map(([req]) => [
        req.entityRefs.length,
        req.fields,
      ]),
    ).toEqual([
      [1000, ['kind', 'metadata.namespace', 'metadata.name']],
      [1000, ['kind', 'metadata.namespace', 'metadata.name']],
      [600, ['kind', 'metadata.namespace', 'metadata.name']],
    ]);
    // 2,574 in the catalog: eleven decision requests of at most 250.
    const sizes = permissions.authorize.mock.calls.map(([reqs]) => reqs.length);
    expect(sizes).toEqual([...Array(10).fill(250), 74]);
    // Exactly those in the catalog and allowed, in the order asked.
    expect(readable.map(e => stringifyEntityRef(e))).toEqual(
      inCatalog.map(e => stringifyEntityRef(e)).filter(ref => !denied.has(ref)),
    );
    expect(readable).toHaveLength(2574 - denied.size);
  });

  it('reads nothing and asks nothing for no refs', async () => {
    const catalog = catalogServiceMock({ entities: inCatalog });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const permissions = mockServices.permissions.mock();
    expect(
      await readableEntities(
        { catalog, permissions },
        [],
        mockCredentials.user(),
      ),
    ).toEqual([]);
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});
