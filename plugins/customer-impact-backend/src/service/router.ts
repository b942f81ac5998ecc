import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityCustomerImpactSummary } from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import { CustomerImpactFacet, summarizeFacets } from '../facets';
import { entityRefFromParams, readEntityForCaller } from './access';

export { entityRefFromParams, readEntityForCaller } from './access';

/** Everything the router needs, injected by the plugin (or a test). */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  logger: LoggerService;
  /** The facets, in summary order; each contributes its key and its routes. */
  facets: ReadonlyArray<CustomerImpactFacet>;
  now?: () => Date;
}

/**
 * The REST API of the Customer Impact backend, mounted at
 * `/api/customer-impact`: the entity summary, which runs every facet
 * concurrently, and each facet's own routes. Body parsers (and their size
 * limits) are set per route by the facets; this router parses no body.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, facets, logger } = options;
  const now = options.now ?? (() => new Date());

  const router = Router();

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await readEntityForCaller(
      options,
      entityRefFromParams(req.params),
      credentials,
    );
    const at = now();
    const parts = await summarizeFacets(
      facets,
      entity,
      { credentials, now: at },
      logger,
    );
    const summary = {
      entityRef: stringifyEntityRef(entity),
      generatedAt: at.toISOString(),
      ...parts,
    } as EntityCustomerImpactSummary;
    res.json(summary);
  });

  for (const facet of facets) {
    if (facet.router) {
      router.use(facet.router);
    }
  }

  return router;
}
