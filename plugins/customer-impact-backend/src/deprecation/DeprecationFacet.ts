import {
  DEPRECATION_HOW_TO,
  DeprecationFacet,
  DeprecationFigures,
} from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactFacet, FacetDeps, FacetTask } from '../facets';
import express from 'express';
import { DeprecationBurndownTask } from './DeprecationBurndownTask';
import { createDeprecationRouter } from './router';
import { DeprecationService } from './DeprecationService';
import { DatabaseDeprecationStore, DeprecationStore } from './DeprecationStore';

/** Deprecated dependencies whose sunset is this close count as "near". */
export const NEAR_SUNSET_DAYS = 90;

/** The figures of an entity that is neither deprecated nor exposed. */
const NOTHING_DEPRECATED: DeprecationFigures = {
  deprecated: false,
  replacedBy: null,
  sunset: null,
  daysToSunset: null,
  migrationGuide: null,
  reason: null,
  problems: [],
  dependents: [],
  exposure: [],
  burndown: [],
};

/** The facet's answer from its figures: `ok` when there is anything to show. */
export function deprecationFacetOf(
  figures: DeprecationFigures,
): DeprecationFacet {
  if (!figures.deprecated && figures.exposure.length === 0) {
    return {
      ...figures,
      status: 'not-configured',
      howTo: DEPRECATION_HOW_TO,
      lastUpdatedAt: null,
    };
  }
  const last = figures.burndown[figures.burndown.length - 1];
  return {
    ...figures,
    status: 'ok',
    lastUpdatedAt: last ? `${last.date}T00:00:00.000Z` : null,
  };
}

/**
 * The deprecation facet: replacement, sunset, dependents and their owners,
 * the entity's exposure to deprecated dependencies, and the burndown that
 * its hourly task records.
 */
export async function createDeprecationFacet(
  options: FacetDeps & {
    /** Replaces the database store (tests). */
    store?: DeprecationStore;
    now?: () => Date;
  },
): Promise<
  CustomerImpactFacet<'deprecation'> & { service: DeprecationService }
> {
  const store =
    options.store ??
    (await DatabaseDeprecationStore.create({ database: options.database }));
  const service = new DeprecationService({
    catalog: options.catalog,
    store,
    logger: options.logger,
    now: options.now,
  });
  return deprecationFacet(
    service,
    [
      new DeprecationBurndownTask({
        config: options.config,
        auth: options.auth,
        service,
      }),
    ],
    createDeprecationRouter({
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      catalog: options.catalog,
      auth: options.auth,
      service,
    }),
  );
}

/** The deprecation facet around a built service (and its tasks and routes). */
export function deprecationFacet(
  service: DeprecationService,
  tasks: FacetTask[] = [],
  router?: express.Router,
): CustomerImpactFacet<'deprecation'> & { service: DeprecationService } {
  return {
    router,
    key: 'deprecation',
    service,
    tasks,
    notConfigured: () => deprecationFacetOf(NOTHING_DEPRECATED),
    async summarize(entity, { credentials, now }) {
      return deprecationFacetOf(
        await service.getFigures(entity, credentials, now),
      );
    },
    async contribute(entity, { credentials, now, window }) {
      const figures = await service.getFigures(entity, credentials, now);
      const w = {
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      };
      if (!figures.deprecated && figures.exposure.length === 0) {
        return {
          facet: 'deprecation',
          status: 'not-configured',
          quantities: [],
          window: w,
        };
      }
      const quantities = [];
      if (figures.deprecated) {
        quantities.push({
          id: 'dependents-left',
          label: 'dependents still on this deprecated entity',
          quantity: figures.dependents.length,
          unit: 'count' as const,
        });
      }
      const near = figures.exposure.filter(
        e => e.daysToSunset !== null && e.daysToSunset <= NEAR_SUNSET_DAYS,
      );
      if (figures.exposure.length > 0) {
        quantities.push({
          id: 'deprecated-dependencies-near-sunset',
          label: `deprecated dependencies with a sunset within ${NEAR_SUNSET_DAYS} days`,
          quantity: near.length,
          unit: 'count' as const,
        });
      }
      return { facet: 'deprecation', status: 'ok', quantities, window: w };
    },
  };
}
