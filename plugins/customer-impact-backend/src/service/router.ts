import {
  BackstageCredentials,
  HttpAuthService,
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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityCustomerImpactSummary,
  customerImpactEntityReadPermission,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import { DeprecationService } from '../deprecation/DeprecationService';
import { JOURNEYS_HOW_TO, JourneyService } from '../journey/JourneyService';
import { SUPPORT_HOW_TO, SupportService } from '../support/SupportService';
import { SloFacetProvider, sloFacetUnavailable } from '../slo/facet';

const validator = makeValidator();

/** The facets of the summary, each computed by its own service. */
type SummaryFacets = Omit<EntityCustomerImpactSummary, 'entityRef' | 'generatedAt'>;

/**
 * Everything the router needs, injected by the plugin (or a test). Each facet
 * contributes its part of the summary and, when it has any, its own routes.
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  deprecation: DeprecationService;
  /** The SLO facet; without it the summary says SLOs are not set up. */
  slos?: SloFacetProvider;
  /** The support-load facet; without it the summary says support load is not set up. */
  support?: Pick<SupportService, 'getFacet'>;
  /** The journeys facet; without it the summary says journeys are not set up. */
  journeys?: Pick<JourneyService, 'getFacet'>;
  /** Routes of the facets that have their own (pushes, lists), mounted under /v1. */
  facetRouters?: express.Router[];
  now?: () => Date;
}

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
 * Authorizes `customer-impact.entity.read` for an entity and reads it from the
 * catalog with the caller's credentials. Throws NotAllowedError / NotFoundError.
 */
export async function readEntityForCaller(
  options: Pick<RouterOptions, 'permissions' | 'catalog'>,
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
): Promise<Entity> {
  const entityRef = stringifyEntityRef(ref);
  const [decision] = await options.permissions.authorize(
    [{ permission: customerImpactEntityReadPermission, resourceRef: entityRef }],
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

/** The REST API of the Customer Impact backend, mounted at `/api/customer-impact`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, deprecation } = options;
  const now = options.now ?? (() => new Date());

  const router = Router();
  router.use(express.json({ limit: '10mb' }));

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await readEntityForCaller(
      options,
      entityRefFromParams(req.params),
      credentials,
    );

    const facets: SummaryFacets = {
      deprecation: await deprecation.getFacet(entity, credentials),
      journeys: options.journeys
        ? await options.journeys.getFacet(entity, credentials)
        : { status: 'not-configured', journeys: [], howTo: JOURNEYS_HOW_TO },
      supportLoad: options.support
        ? await options.support.getFacet(entity)
        : { status: 'not-configured', howTo: SUPPORT_HOW_TO },
      slos: options.slos
        ? await options.slos.getFacet(entity)
        : sloFacetUnavailable(),
    };
    const summary: EntityCustomerImpactSummary = {
      entityRef: stringifyEntityRef(entity),
      generatedAt: now().toISOString(),
      ...facets,
    };
    res.json(summary);
  });

  for (const facetRouter of options.facetRouters ?? []) {
    router.use(facetRouter);
  }

  return router;
}
