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
import { customerImpactEntityReadPermission } from '@customer-impact/plugin-customer-impact-common';

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

/**
 * Authorizes `customer-impact.entity.read` (or another resource permission on
 * `catalog-entity`) for an entity and reads it from the catalog with the
 * caller's credentials. Throws NotAllowedError / NotFoundError.
 */
export async function readEntityForCaller(
  options: { permissions: PermissionsService; catalog: CatalogService },
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
  permission: ResourcePermission<'catalog-entity'> = customerImpactEntityReadPermission,
): Promise<Entity> {
  const entityRef = stringifyEntityRef(ref);
  const [decision] = await options.permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed to read the customer impact of ${entityRef}`,
    );
  }
  // Read with the caller's credentials: catalog permission rules decide.
  const entity = await options.catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  return entity;
}

/**
 * Authorizes a basic permission (a push, a refresh) for the caller; throws
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
