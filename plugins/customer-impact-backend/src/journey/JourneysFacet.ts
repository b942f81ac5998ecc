import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FacetQuantity,
  JOURNEYS_HOW_TO,
} from '@customer-impact/plugin-customer-impact-common';
import { KnownEntityRefs } from '../service/unknownEntities';
import { CustomerImpactFacet, FacetDeps } from '../facets';
import { createJourneyRouter } from './router';
import { JourneyService, JourneySupportEventReader } from './JourneyService';
import { DatabaseJourneyStore, JourneyStore } from './JourneyStore';

/**
 * The journeys facet: journey events and step feedback (pushed, or given in
 * the portal), and k-anonymous friction figures per step. Reads
 * `customerImpact.journeys` (subject hash secret, k).
 */
export async function createJourneysFacet(
  options: FacetDeps & {
    /** Replaces the database store (tests). */
    store?: JourneyStore;
    /** The support events naming journey steps (the support facet's store). */
    supportEvents?: JourneySupportEventReader;
  },
): Promise<CustomerImpactFacet<'journeys'> & { service: JourneyService }> {
  const store =
    options.store ??
    (await DatabaseJourneyStore.create({ database: options.database }));
  const service = JourneyService.fromConfig(options.config, {
    store,
    catalog: options.catalog,
    permissions: options.permissions,
    logger: options.logger,
    supportEvents: options.supportEvents,
  });
  return journeysFacet({
    service,
    auth: options.auth,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    catalog: options.catalog,
    knownEntities: options.knownEntities,
  });
}

/** The journeys facet around a built service. */
export function journeysFacet(options: {
  service: JourneyService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** See `FacetDeps.knownEntities`. */
  knownEntities?: KnownEntityRefs;
}): CustomerImpactFacet<'journeys'> & { service: JourneyService } {
  const { service, auth } = options;
  return {
    key: 'journeys',
    // For the rollups: journeys read with the plugin's own credentials.
    changedSince: async (since: Date) =>
      service.changedSince(since, await auth.getOwnServiceCredentials()),
    service,
    router: createJourneyRouter({
      knownEntities: options.knownEntities,
      auth: options.auth,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      catalog: options.catalog,
      journeys: service,
    }),
    tasks: [],
    notConfigured: () => ({
      status: 'not-configured',
      journeys: [],
      howTo: JOURNEYS_HOW_TO,
      lastUpdatedAt: null,
    }),
    summarize: (entity, { credentials, scope }) =>
      service.getFacet(entity, credentials, scope),
    async contribute(entity, { credentials, window, scope }) {
      const w = {
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      };
      const facet = await service.getFacetOverWindow(
        entity,
        credentials,
        window,
        scope,
      );
      if (facet.status !== 'ok' || facet.view !== 'passes-through') {
        return {
          facet: 'journeys',
          status: 'not-configured',
          quantities: [],
          window: w,
        };
      }
      // Figures over the events and answers recorded in the window;
      // withheld figures (< k people) and figures without data contribute
      // nothing.
      const quantities: FacetQuantity[] = [];
      for (const journey of facet.journeys) {
        for (const step of journey.steps) {
          if (step.stuckReports.status === 'ok') {
            quantities.push({
              id: 'stuck-reports',
              label: `stuck reports at '${step.title}'`,
              quantity: step.stuckReports.value,
              unit: 'count',
              detail: `${journey.journeyRef}#${step.stepId}`,
            });
          }
          if (step.timeVsExpected.status === 'ok') {
            // The median time beyond the expected one, in expected times:
            // a step at 2.5× its expected time is 1.5× over; on time is 0.
            quantities.push({
              id: 'time-over-expected',
              label: `over the expected time at '${step.title}'`,
              quantity: Math.max(0, step.timeVsExpected.value - 1),
              unit: 'times',
              detail: `${journey.journeyRef}#${step.stepId}`,
            });
          }
        }
      }
      return {
        facet: 'journeys',
        status: quantities.length > 0 ? 'ok' : 'no-data',
        quantities,
        window: w,
        ...(quantities.length === 0
          ? {
              reason:
                'No step at this entity has figures over at least k people.',
            }
          : {}),
      };
    },
  };
}
