import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GroupSupportConsumers } from '@customer-impact/plugin-customer-impact-common';
import { readableEntityRefs } from '../service/access';
import { SupportService } from './SupportService';

/**
 * Where the ranking may read a group's precomputed ownership: the group
 * rollups' tables (`RollupStore.ownershipOf`).
 */
export interface GroupOwnershipSource {
  /** Undefined when not precomputed for this group (never built). */
  ownershipOf(groupRef: string): Promise<
    | {
        entityRefs: string[];
        /** Epoch ms. */
        computedAt: number;
      }
    | undefined
  >;
}

/**
 * A {@link GroupOwnershipSource} whose answer for `groupRef` is already being
 * read (started now, e.g. while the group itself is read); other groups are
 * asked of `source` when wanted. A failed early read is reported to whoever
 * uses it, and to no one when it is never used.
 */
export function prefetchedOwnership(
  source: GroupOwnershipSource,
  groupRef: string,
): GroupOwnershipSource {
  const key = groupRef.toLocaleLowerCase('en-US');
  const started = source.ownershipOf(key);
  started.catch(() => undefined);
  return {
    ownershipOf: ref =>
      ref.toLocaleLowerCase('en-US') === key
        ? started
        : source.ownershipOf(ref),
  };
}

/**
 * The entities owned anywhere in the group's tree whose figures the caller
 * may read, and where the ownership came from:
 * - the rollups' precomputed tree and owners when they have been built for
 *   the group (one query, no catalog walk);
 * - otherwise a walk of the group tree through the catalog with the
 *   caller's credentials, as the ranking always did.
 * Visibility is decided by {@link readableEntityRefs}: one conditional
 * decision per permission, the per-entity path only for conditional ones.
 */
export async function ownedEntityRefsForCaller(
  options: {
    permissions: PermissionsService;
    catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
    ownership?: GroupOwnershipSource;
  },
  group: Entity,
  credentials: BackstageCredentials,
): Promise<{
  entityRefs: string[];
  ownership: GroupSupportConsumers['ownership'];
}> {
  const groupRef = stringifyEntityRef(group).toLocaleLowerCase('en-US');
  const precomputed = await options.ownership?.ownershipOf(groupRef);
  if (precomputed) {
    const entityRefs = await readableEntityRefs(
      options,
      precomputed.entityRefs,
      credentials,
      { inCatalog: true },
    );
    return {
      entityRefs,
      ownership: {
        source: 'rollup',
        computedAt: new Date(precomputed.computedAt).toISOString(),
      },
    };
  }
  return {
    entityRefs: await readableEntityRefs(
      options,
      await SupportService.ownedEntityRefsOfTree(
        group,
        options.catalog,
        credentials,
      ),
      credentials,
      // Relations may name entities the catalog no longer has.
      { inCatalog: false },
    ),
    ownership: { source: 'catalog', computedAt: null },
  };
}
