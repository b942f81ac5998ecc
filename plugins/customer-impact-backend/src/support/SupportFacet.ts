import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SUPPORT_HOW_TO } from '@customer-impact/plugin-customer-impact-common';
import { SupportEventSource } from '@customer-impact/plugin-customer-impact-node';
import { KnownEntityRefs } from '../service/unknownEntities';
import { CustomerImpactFacet, FacetDeps, FacetTask } from '../facets';
import { GroupOwnershipSource } from './ownership';
import { createSupportRouter } from './router';
import { SupportPullTask } from './SupportPullTask';
import {
  SupportRetentionTask,
  readSupportRetentionMs,
} from './SupportRetentionTask';
import { SupportService } from './SupportService';
import { DatabaseSupportStore, SupportStore } from './SupportStore';

/**
 * The support-load facet: pushed and pulled tickets, pages, escalations and
 * manual exceptions; one pull task per installed source.
 */
export async function createSupportFacet(
  options: FacetDeps & {
    sources?: ReadonlyArray<SupportEventSource>;
    /** Replaces the database store (tests), or shares one with the journeys. */
    store?: SupportStore;
    now?: () => Date;
    /** The journeys' keyed hash of a person id, for events' `requester`. */
    hashRequester?: (requester: string) => string;
    /**
     * The group rollups' precomputed ownership, read by the internal-customers
     * ranking once built; without it the ranking walks the catalog.
     */
    ownership?: GroupOwnershipSource;
  },
): Promise<CustomerImpactFacet<'supportLoad'> & { service: SupportService }> {
  const store =
    options.store ??
    (await DatabaseSupportStore.create({ database: options.database }));
  const service = new SupportService({
    store,
    catalog: options.catalog,
    now: options.now,
    hashRequester: options.hashRequester,
  });
  const sources = options.sources ?? [];
  const retentionMs = readSupportRetentionMs(options.config);
  options.logger.info(
    `Support event sources installed: ${
      sources
        .map(s => s.id)
        .sort()
        .join(', ') || 'none'
    }`,
  );
  return supportFacet({
    service,
    auth: options.auth,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    catalog: options.catalog,
    knownEntities: options.knownEntities,
    ownership: options.ownership,
    tasks: [
      ...sources.map(
        source =>
          new SupportPullTask({
            config: options.config,
            source,
            store,
            catalog: options.catalog,
            auth: options.auth,
            logger: options.logger,
          }),
      ),
      ...(retentionMs === undefined
        ? []
        : [
            new SupportRetentionTask(options.config, {
              store,
              retentionMs,
              logger: options.logger,
              now: options.now,
            }),
          ]),
    ],
  });
}

/** The support-load facet around a built service (and its tasks). */
export function supportFacet(options: {
  service: SupportService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** See `FacetDeps.knownEntities`. */
  knownEntities?: KnownEntityRefs;
  /** See {@link createSupportFacet}. */
  ownership?: GroupOwnershipSource;
  tasks?: FacetTask[];
}): CustomerImpactFacet<'supportLoad'> & { service: SupportService } {
  const { service } = options;
  return {
    key: 'supportLoad',
    service,
    router: createSupportRouter({
      knownEntities: options.knownEntities,
      auth: options.auth,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      catalog: options.catalog,
      support: service,
      ownership: options.ownership,
    }),
    tasks: options.tasks ?? [],
    notConfigured: () => ({
      status: 'not-configured',
      howTo: SUPPORT_HOW_TO,
      lastUpdatedAt: null,
    }),
    prefetch: (entityRef, { now, scope }) =>
      service.prefetch(entityRef, now, scope),
    summarize: (entity, { now, credentials, scope }) =>
      service.getFacet(entity, now, credentials, scope),
    contribute: (entity, { window, scope }) =>
      service.getContribution(entity, window, scope),
    changedSince: since => service.changedSince(since),
  };
}
