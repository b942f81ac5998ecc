import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { customerImpactEntityReadPermission } from '@customer-impact/plugin-customer-impact-common';
import { sortedLowerCaseRefs } from './refs';

const validator = makeValidator();

/** Validates the `{kind}/{namespace}/{name}` path parameters. */
export function entityRefFromParams(params: {
  kind: string;
  namespace: string;
  name: string;
}): CompoundEntityRef {
  const { kind, namespace, name } = params;
  if (!validator.isValidKind(kind)) {
    throw new InputError(`Invalid entity kind "${kind}" in the path`);
  }
  if (!validator.isValidNamespace(namespace)) {
    throw new InputError(`Invalid entity namespace "${namespace}" in the path`);
  }
  if (!validator.isValidEntityName(name)) {
    throw new InputError(`Invalid entity name "${name}" in the path`);
  }
  return { kind, namespace, name };
}

/** What the access helpers need. */
export interface AccessOptions {
  permissions: PermissionsService;
  catalog: CatalogService;
}

/** A caller's standing for one resource permission on catalog entities. */
export type Standing =
  | AuthorizeResult.ALLOW
  | AuthorizeResult.DENY
  | 'conditional';

/**
 * What a caller may do with catalog entities, decided once per caller (not
 * per entity): `catalog.entity.read` and `customer-impact.entity.read` asked
 * without a resource. A policy that answers unconditionally (allow or deny)
 * decides every entity at once; one that answers with conditions (or not at
 * all) leaves each entity to be decided on its own.
 */
export interface CallerStanding {
  catalogRead: Standing;
  customerImpactRead: Standing;
}

/** Asks the caller's {@link CallerStanding} in one `authorizeConditional` request. */
export async function askStanding(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<CallerStanding> {
  const decisions =
    (await permissions.authorizeConditional(
      [
        { permission: catalogEntityReadPermission },
        { permission: customerImpactEntityReadPermission },
      ],
      { credentials },
    )) ?? [];
  const standingOf = (result: AuthorizeResult | undefined): Standing =>
    result === AuthorizeResult.ALLOW || result === AuthorizeResult.DENY
      ? result
      : 'conditional';
  return {
    catalogRead: standingOf(decisions[0]?.result),
    customerImpactRead: standingOf(decisions[1]?.result),
  };
}

/**
 * Authorizes a resource permission on one catalog entity (by its ref) and
 * throws NotAllowedError "Not allowed to <what>" unless the answer is ALLOW.
 *
 * The decision is asked with the entity ref as `resourceRef`: when the policy
 * answers with catalog conditions (`createCatalogConditionalDecision`, e.g.
 * `isEntityOwner`), the permission backend has the catalog apply them to the
 * entity and returns a definitive ALLOW or DENY.
 */
export async function authorizeEntity(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
  what: string,
) {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed to ${what}`);
  }
}

/**
 * Authorizes a resource permission for several entities in one request;
 * NotAllowedError "Not allowed to <what> <entity>" naming the first one the
 * policy denies.
 */
export async function authorizeEntities(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRefs: string[],
  credentials: BackstageCredentials,
  what: string,
) {
  if (entityRefs.length === 0) {
    return;
  }
  const decisions = await permissions.authorize(
    entityRefs.map(resourceRef => ({ permission, resourceRef })),
    { credentials },
  );
  const denied = entityRefs.find(
    (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (denied) {
    throw new NotAllowedError(`Not allowed to ${what} ${denied}`);
  }
}

/**
 * Authorizes `customer-impact.entity.read` (or another resource permission on
 * `catalog-entity`) for an entity and reads it from the catalog with the
 * caller's credentials. Throws NotAllowedError / NotFoundError.
 */
export async function readEntityForCaller(
  options: AccessOptions,
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
  permission: ResourcePermission<'catalog-entity'> = customerImpactEntityReadPermission,
): Promise<Entity> {
  const entityRef = stringifyEntityRef(ref);
  // The decision and the read at once: one round trip's wait instead of two.
  // The read is the caller's own (catalog permission rules decide), and
  // nothing of it is used unless the decision allows.
  const [decision, read] = await Promise.allSettled([
    authorizeEntity(
      options.permissions,
      permission,
      entityRef,
      credentials,
      `read the customer impact of ${entityRef}`,
    ),
    options.catalog.getEntityByRef(ref, { credentials }),
  ]);
  if (decision.status === 'rejected') {
    throw decision.reason;
  }
  if (read.status === 'rejected') {
    throw read.reason;
  }
  const entity = read.value;
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  return entity;
}

/** Entity refs per catalog read (the catalog's by-refs body stays small). */
const CATALOG_CHUNK = 1000;
/** Resource decisions per request to the permission backend. */
const DECISION_CHUNK = 250;
/** Decision requests in flight at once. */
const PARALLEL_DECISIONS = 4;

/**
 * The entities among `entityRefs` whose figures the caller may read: those the
 * catalog shows them (read with their credentials) and for which
 * `customer-impact.entity.read` is allowed. Every view that shows figures of
 * entities other than the one in the path (a group's internal customers, the
 * journeys through an entity, roll-ups) goes through here, never through the
 * plugin's own credentials.
 *
 * At any scale: the catalog is read in chunks of 1,000 refs (only `fields`
 * when given), and the decisions are asked 250 a request (4 requests at a
 * time), so that a group owning 10,000 entities stays within the catalog's
 * and the permission backend's body limits.
 */
export async function readableEntities(
  options: {
    permissions: PermissionsService;
    catalog: Pick<CatalogService, 'getEntitiesByRefs'> & {
      /** When set, `customer-impact.entity.read` is decided for all at once. */
      readonly customerImpactReadForAll?: boolean;
    };
  },
  entityRefs: readonly string[],
  credentials: BackstageCredentials,
  read: { fields?: string[] } = {},
): Promise<Entity[]> {
  const refs = [...new Set(entityRefs)];
  if (refs.length === 0) {
    return [];
  }
  const visible: Entity[] = [];
  for (let i = 0; i < refs.length; i += CATALOG_CHUNK) {
    const { items } = await options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs.slice(i, i + CATALOG_CHUNK),
        ...(read.fields ? { fields: read.fields } : {}),
      },
      { credentials },
    );
    for (const item of items) {
      if (item) {
        visible.push(item);
      }
    }
  }
  if (visible.length === 0) {
    return [];
  }
  // A caller's standing known already (the summary's reader): no
  // decision per entity.
  const forAll = options.catalog.customerImpactReadForAll;
  if (forAll !== undefined) {
    return forAll ? visible : [];
  }
  // Resource decisions, a chunk a request, a few requests at a time.
  const chunks: Entity[][] = [];
  for (let i = 0; i < visible.length; i += DECISION_CHUNK) {
    chunks.push(visible.slice(i, i + DECISION_CHUNK));
  }
  const allowed: boolean[][] = [];
  for (let i = 0; i < chunks.length; i += PARALLEL_DECISIONS) {
    const batch = chunks.slice(i, i + PARALLEL_DECISIONS);
    const decided = await Promise.all(
      batch.map(chunk =>
        options.permissions.authorize(
          chunk.map(e => ({
            permission: customerImpactEntityReadPermission,
            resourceRef: stringifyEntityRef(e),
          })),
          { credentials },
        ),
      ),
    );
    decided.forEach(d =>
      allowed.push(d.map(x => x?.result === AuthorizeResult.ALLOW)),
    );
  }
  return chunks.flatMap((chunk, i) => chunk.filter((_, j) => allowed[i][j]));
}

/**
 * The refs among `entityRefs` whose figures the caller may read, with the
 * same meaning as {@link readableEntities} (the catalog shows them the entity
 * AND `customer-impact.entity.read` allows it), decided with as few requests
 * as the policy allows: one conditional decision per permission, without a
 * resource, asked in one request.
 *
 * - both ALLOW: every ref (no catalog read, no per-entity decision) —
 *   unless `inCatalog` is false, when the refs are read from the catalog to
 *   drop those it does not have;
 * - either DENY: none;
 * - `catalog.entity.read` CONDITIONAL: the refs are read from the catalog
 *   with the caller's credentials (1,000 a request) and those it does not
 *   return are dropped;
 * - `customer-impact.entity.read` CONDITIONAL (or any answer other than
 *   ALLOW and DENY): one decision per remaining ref, as readableEntities does.
 *
 * Returns the refs lower case, sorted, without duplicates.
 */
export async function readableEntityRefs(
  options: {
    permissions: PermissionsService;
    catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
  },
  entityRefs: readonly string[],
  credentials: BackstageCredentials,
  read: {
    /** Whether every ref is known to be in the catalog (the rollups' rows). */
    inCatalog: boolean;
  },
): Promise<string[]> {
  let refs = sortedLowerCaseRefs(entityRefs);
  if (refs.length === 0) {
    return [];
  }
  const { catalogRead, customerImpactRead: figuresRead } = await askStanding(
    options.permissions,
    credentials,
  );
  if (
    catalogRead === AuthorizeResult.DENY ||
    figuresRead === AuthorizeResult.DENY
  ) {
    return [];
  }
  if (catalogRead !== AuthorizeResult.ALLOW || !read.inCatalog) {
    const shown: string[] = [];
    for (let i = 0; i < refs.length; i += CATALOG_CHUNK) {
      const chunk = refs.slice(i, i + CATALOG_CHUNK);
      const { items } = await options.catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((item, j) => {
        if (item) {
          shown.push(chunk[j]);
        }
      });
    }
    refs = shown;
  }
  if (figuresRead !== AuthorizeResult.ALLOW && refs.length > 0) {
    refs = await allowedRefs(options.permissions, refs, credentials);
  }
  return refs;
}

/** The refs for which `customer-impact.entity.read` is allowed, one decision each. */
async function allowedRefs(
  permissions: PermissionsService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<string[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < refs.length; i += DECISION_CHUNK) {
    chunks.push(refs.slice(i, i + DECISION_CHUNK));
  }
  const allowed: string[] = [];
  for (let i = 0; i < chunks.length; i += PARALLEL_DECISIONS) {
    const batch = chunks.slice(i, i + PARALLEL_DECISIONS);
    const decided = await Promise.all(
      batch.map(chunk =>
        permissions.authorize(
          chunk.map(resourceRef => ({
            permission: customerImpactEntityReadPermission,
            resourceRef,
          })),
          { credentials },
        ),
      ),
    );
    decided.forEach((d, k) =>
      batch[k].forEach((ref, j) => {
        if (d[j]?.result === AuthorizeResult.ALLOW) {
          allowed.push(ref);
        }
      }),
    );
  }
  return allowed;
}

/**
 * Authorizes a basic permission (a push) for the caller; throws
 * NotAllowedError "Not allowed to <what>" when the policy denies it.
 */
export async function authorizeBasic(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
  what: string,
) {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed to ${what}`);
  }
}
