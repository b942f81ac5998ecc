import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { CustomerImpactFacet, NeighbourIndex, SummaryScope } from '../facets';
import { ConfigReader } from '@backstage/config';
import { PainIndexService, readPainIndexConfig } from '../pain';
import { entityRefFromParams, readEntityForCaller } from './access';
import { EntitySummaryService } from './EntitySummaryService';
import { EntityAccess } from './CallerAccess';

export { entityRefFromParams, readEntityForCaller } from './access';

/** Everything the router needs, injected by the plugin (or a test). */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  logger: LoggerService;
  /** The facets, in summary order; each contributes its key and its routes. */
  facets: ReadonlyArray<CustomerImpactFacet>;
  /** The pain index of the summary; default: the default weights and window. */
  painIndex?: PainIndexService;
  /** The summary of an entity; default: built from `facets` and `painIndex`. */
  summaries?: EntitySummaryService;
  /** Routers of cross-facet views (rollups, changes), mounted after the facets'. */
  routers?: ReadonlyArray<express.Router>;
  /**
   * How the summary decides access and reads entities (cached standings and
   * entities, see {@link EntityAccess}); without it, every request reads
   * the entity with the caller's credentials and asks for its decision.
   */
  access?: EntityAccess;
  /**
   * Where the summary finds an entity's neighbours before reading it (with
   * `access`), to read them in the same catalog call; without it, the
   * entity is read first and its neighbours after.
   */
  neighbours?: NeighbourIndex;
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
  const painIndex =
    options.painIndex ??
    new PainIndexService({
      facets,
      logger,
      config: readPainIndexConfig(new ConfigReader({})),
    });

  const summaries =
    options.summaries ??
    new EntitySummaryService({
      facets,
      painIndex,
      logger,
      catalog: options.catalog,
    });

  /** The neighbours as last seen; a failure to read them costs a catalog call, not the summary. */
  const knownNeighbours = async (entityRef: string) => {
    try {
      return await options.neighbours?.neighboursOf(entityRef);
    } catch (error) {
      logger.debug(`No neighbours known for ${entityRef}: ${error}`);
      return undefined;
    }
  };

  const router = Router();

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = entityRefFromParams(req.params);
    if (options.access) {
      const caller = await options.access.forCaller(credentials);
      const entityRef = stringifyEntityRef(ref);
      const at = now();
      // The facets' reads that need only the ref start now, beside the
      // catalog's round trip; their results are used only once the caller
      // may read the entity (`readEntityWith` throws otherwise).
      const scope = new SummaryScope(caller, credentials);
      summaries.prefetch(entityRef, { now: at, scope });
      // Its neighbours as last seen, read with it in one catalog call
      // (unless it is cached, and they most likely with it).
      const known = caller.hasFresh(entityRef)
        ? undefined
        : await knownNeighbours(entityRef);
      const { entity, alongside } = await caller.readEntityWith(
        ref,
        known ?? [],
      );
      res.json(
        await summaries.summarize(entity, {
          credentials,
          now: at,
          scope,
          read: alongside,
        }),
      );
      return;
    }
    const entity = await readEntityForCaller(options, ref, credentials);
    const summary = await summaries.summarize(entity, {
      credentials,
      now: now(),
    });
    res.json(summary);
  });

  for (const facet of facets) {
    if (facet.router) {
      router.use(facet.router);
    }
  }
  for (const view of options.routers ?? []) {
    router.use(view);
  }

  return router;
}
