import { JOURNEY_DEFAULT_K } from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import { FacetDeps } from '../facets';
import { MIN_PEOPLE_KEY } from '../journey/JourneyService';
import { DatabaseJourneyStore } from '../journey/JourneyStore';
import { DEFAULT_FINE_RETENTION_DAYS } from '../slo/SloFacet';
import { createSloStores } from '../slo/stores';
import { DatabaseSupportStore } from '../support/SupportStore';
import { ChangeService } from './ChangeService';
import { ChangeStore, DatabaseChangeStore } from './ChangeStore';
import { ReliefService, ReliefSources } from './ReliefService';
import { createChangesRouter } from './router';

export { ChangeService } from './ChangeService';
export { DatabaseChangeStore } from './ChangeStore';
export type { ChangeStore } from './ChangeStore';
export { ReliefService } from './ReliefService';
export type { ReliefSources } from './ReliefService';
export { createChangesRouter } from './router';

/**
 * Recorded changes and their relief. Not a facet of the summary: its routes
 * are mounted beside the facets' (see `plugin.ts`). The relief reads the
 * support, SLO and journey stores directly (read-only), with the same
 * configuration the facets read (`customerImpact.slo.fineRetentionDays`,
 * `customerImpact.journeys.minPeople`).
 */
export async function createChanges(
  options: FacetDeps & {
    /** Replace the database stores (tests). */
    store?: ChangeStore;
    sources?: ReliefSources;
    now?: () => Date;
  },
): Promise<{ service: ChangeService; router: express.Router }> {
  const { config, database, catalog, permissions, httpAuth } = options;
  const store =
    options.store ?? (await DatabaseChangeStore.create({ database }));
  let sources = options.sources;
  if (!sources) {
    const slo = await createSloStores({ database });
    sources = {
      support: await DatabaseSupportStore.create({ database }),
      sloState: slo.stateStore,
      sloSamples: slo.sampleStore,
      fineRetentionDays:
        config.getOptionalNumber('customerImpact.slo.fineRetentionDays') ??
        DEFAULT_FINE_RETENTION_DAYS,
      journeys: await DatabaseJourneyStore.create({ database }),
      k: config.getOptionalNumber(MIN_PEOPLE_KEY) ?? JOURNEY_DEFAULT_K,
    };
  }
  const service = new ChangeService({
    store,
    relief: new ReliefService({ sources, catalog }),
    catalog,
    permissions,
    now: options.now,
  });
  return {
    service,
    router: createChangesRouter({
      httpAuth,
      permissions,
      catalog,
      changes: service,
    }),
  };
}
