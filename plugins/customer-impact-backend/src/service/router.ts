import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityCustomerImpactSummary,
  customerImpactEntityReadPermission,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import { DeprecationService } from '../deprecation/DeprecationService';

const validator = makeValidator();

/** Everything the router needs, injected by the plugin (or a test). */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  deprecation: DeprecationService;
  now?: () => Date;
}

function entityRefFromParams(params: {
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

/** The REST API of the Customer Impact backend, mounted at `/api/customer-impact`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, deprecation } = options;
  const now = options.now ?? (() => new Date());

  const router = Router();
  router.use(express.json({ limit: '10mb' }));

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = entityRefFromParams(req.params);
    const entityRef = stringifyEntityRef(ref);

    const [decision] = await permissions.authorize(
      [{ permission: customerImpactEntityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the customer impact of ${entityRef}`,
      );
    }

    // Read with the caller's credentials: catalog permission rules decide.
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }

    const summary: EntityCustomerImpactSummary = {
      entityRef: stringifyEntityRef(entity),
      generatedAt: now().toISOString(),
      deprecation: await deprecation.getFacet(entity, credentials),
    };
    res.json(summary);
  });

  return router;
}
