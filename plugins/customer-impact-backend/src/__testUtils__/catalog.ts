import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

type Credentials = { principal: { type: string; userEntityRef?: string } };

/**
 * A catalog in memory that hides entities from some people, as catalog
 * permission rules do: `hidden[userEntityRef]` lists the refs that person
 * cannot see (they do not exist for them). Services see everything.
 */
export function catalogWithHiddenEntities(
  entities: Entity[],
  hidden: Record<string, string[]>,
): CatalogService {
  const base = catalogServiceMock({ entities });
  const hides = (options: unknown, ref: string) => {
    const credentials = (options as { credentials?: Credentials } | undefined)
      ?.credentials;
    const user = credentials?.principal.userEntityRef;
    return Boolean(
      user && hidden[user]?.includes(ref.toLocaleLowerCase('en-US')),
    );
  };
  const catalog: Partial<CatalogService> = {
    async getEntityByRef(
      ref: string | CompoundEntityRef,
      options: Parameters<CatalogService['getEntityByRef']>[1],
    ) {
      const entity = await base.getEntityByRef(ref, options);
      return entity && hides(options, stringifyEntityRef(entity))
        ? undefined
        : entity;
    },
    async getEntitiesByRefs(request, options) {
      const { items } = await base.getEntitiesByRefs(request, options);
      return {
        items: items.map(e =>
          e && hides(options, stringifyEntityRef(e)) ? undefined : e,
        ),
      };
    },
    async getEntities(request, options) {
      const { items } = await base.getEntities(request, options);
      return {
        items: items.filter(e => !hides(options, stringifyEntityRef(e))),
      };
    },
  };
  return Object.assign(Object.create(base), catalog) as CatalogService;
}

/** {@link catalogWithHiddenEntities} as the catalog service of a test backend. */
export function catalogWithHiddenEntitiesFactory(
  entities: Entity[],
  hidden: Record<string, string[]>,
) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalogWithHiddenEntities(entities, hidden),
  });
}
