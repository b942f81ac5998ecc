import express from 'express';
import { CustomerImpactFacet, FacetDeps, FacetTask } from '../facets';
import { PainIndexConfig, PainIndexService } from '../pain';
import { RollupBuilder } from './RollupBuilder';
import { createRollupRouter } from './router';
import { RollupService } from './RollupService';
import { DatabaseRollupStore, RollupStore } from './RollupStore';
import { RollupChangesTask, RollupRefreshTask } from './tasks';

/** The group rollups: a cross-facet view with its routes and tasks. */
export interface Rollups {
  router: express.Router;
  tasks: FacetTask[];
  builder: RollupBuilder;
  service: RollupService;
}

/**
 * Builds the group rollups over the facets: the store, the builder that
 * precomputes them, the read side, their routes and their two tasks.
 */
export async function createRollups(
  options: FacetDeps & {
    facets: ReadonlyArray<CustomerImpactFacet>;
    painIndex: PainIndexService;
    painConfig: PainIndexConfig;
    store?: RollupStore;
    now?: () => Date;
  },
): Promise<Rollups> {
  const store =
    options.store ??
    (await DatabaseRollupStore.create({ database: options.database }));
  const builder = new RollupBuilder({
    store,
    painIndex: options.painIndex,
    weights: options.painConfig.weights,
    facets: options.facets,
    catalog: options.catalog,
    auth: options.auth,
    logger: options.logger,
    kinds: options.config.getOptionalStringArray(
      'customerImpact.rollups.kinds',
    ),
    now: options.now,
  });
  const service = new RollupService({
    store,
    catalog: options.catalog,
    permissions: options.permissions,
    windowMs: options.painConfig.windowMs,
    now: options.now,
  });
  return {
    builder,
    service,
    router: createRollupRouter({
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      catalog: options.catalog,
      rollups: service,
      builder,
    }),
    tasks: [
      new RollupRefreshTask({
        config: options.config,
        builder,
        logger: options.logger,
      }),
      new RollupChangesTask({
        config: options.config,
        builder,
        logger: options.logger,
      }),
    ],
  };
}
