import {
  AuthService,
  HttpAuthService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  FacetQuantity,
  normaliseEntityRef,
  SLO_DATA_RESOLUTION_SECONDS,
  fixedDurationSeconds,
  parseSloDuration,
} from '@customer-impact/plugin-customer-impact-common';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';
import { KnownEntityRefs } from '../service/unknownEntities';
import { CustomerImpactFacet, FacetDeps, FacetTask } from '../facets';
import { sloFacetNotConfigured } from './facet';
import { createSloRouter } from './router';
import { SloCollector } from './SloCollector';
import { SloNotifier } from './SloNotifier';
import { SloBlastRadius } from './SloBlastRadius';
import { DatabaseSloIncidentStore } from './SloIncidentStore';
import { SloService } from './SloService';
import { createSloStores } from './stores';
import {
  SloAlertsTask,
  SloFacetsTask,
  SloDefinitionsTask,
  SloPullTask,
  SloRetentionTask,
} from './tasks';

/** Config key: owners whose SLO incidents are also sent to the owners of their consumers. */
export const NOTIFY_CONSUMERS_OWNERS_KEY =
  'customerImpact.slo.notifyConsumers.owners';

/** The opted-in owners from config, as group refs; throws naming the key and index when one is not an entity ref. */
export function readNotifyConsumersOwners(
  config: FacetDeps['config'],
): string[] {
  const owners =
    config.getOptionalStringArray(NOTIFY_CONSUMERS_OWNERS_KEY) ?? [];
  return owners.map((raw, i) => {
    const ref = normaliseEntityRef(raw, { defaultKind: 'group' });
    if (!ref) {
      throw new Error(
        `${NOTIFY_CONSUMERS_OWNERS_KEY}[${i}] must be an entity ref such as "group:default/platform", got ${JSON.stringify(
          raw,
        )}`,
      );
    }
    return ref;
  });
}

/** Sloth's own default SLO period (its `--default-slo-period`). */
export const DEFAULT_SLOTH_PERIOD = '30d';

/** Default days kept in 5-minute buckets: a 30-day window plus margin. */
export const DEFAULT_FINE_RETENTION_DAYS = 35;

/**
 * The SLO facet: OpenSLO (or Sloth) definitions read from the entity's
 * `customer-impact/openslo` file, SLI counts pushed or pulled from installed
 * sources, error budgets and burn rates, and notifications on page/ticket.
 * Its tasks: reading definitions, pulling (when a source is installed),
 * evaluating alert states, roll-up and retention.
 */
export async function createSloFacet(
  options: FacetDeps & {
    urlReader: UrlReaderService;
    notifications: NotificationService;
    sliSources: ReadonlyMap<string, SliSource>;
  },
): Promise<
  CustomerImpactFacet<'slos'> & {
    service: SloService;
    collector?: SloCollector;
  }
> {
  const { config, logger, catalog, auth } = options;
  const fineRetentionDays =
    config.getOptionalNumber('customerImpact.slo.fineRetentionDays') ??
    DEFAULT_FINE_RETENTION_DAYS;
  if (!(fineRetentionDays >= 4)) {
    // Burn rates look back 3 days: those must stay in fine buckets.
    throw new Error(
      `customerImpact.slo.fineRetentionDays must be at least 4 (days), got ${fineRetentionDays}`,
    );
  }
  const slothPeriod =
    config.getOptionalString('customerImpact.slo.slothPeriod') ??
    DEFAULT_SLOTH_PERIOD;
  const period = parseSloDuration(slothPeriod);
  const periodSeconds = period ? fixedDurationSeconds(period) : null;
  if (
    periodSeconds === null ||
    periodSeconds % SLO_DATA_RESOLUTION_SECONDS !== 0
  ) {
    throw new Error(
      `customerImpact.slo.slothPeriod must be a fixed duration of whole 5-minute buckets such as 30d or 28d, got "${slothPeriod}"`,
    );
  }
  logger.info(
    `SLI sources installed: ${
      [...options.sliSources.keys()].sort().join(', ') || 'none'
    }`,
  );
  const precomputedFacets =
    config.getOptionalBoolean('customerImpact.slo.precomputeFacets') ?? true;
  const service = new SloService({
    ...(await createSloStores({ database: options.database })),
    urlReader: options.urlReader,
    catalog,
    auth,
    logger,
    sliSources: options.sliSources,
    fineRetentionDays,
    minEvents: config.getOptionalNumber('customerImpact.slo.minEvents'),
    slothPeriod,
    precomputedFacets,
  });
  const collector = new SloCollector(service, logger);
  const blastRadius = new SloBlastRadius({
    catalog,
    auth,
    notifications: options.notifications,
    incidents: await DatabaseSloIncidentStore.create({
      database: options.database,
    }),
    logger,
    notifyConsumersOf: readNotifyConsumersOwners(config),
  });
  const notifier = new SloNotifier({
    service,
    catalog,
    auth,
    notifications: options.notifications,
    logger,
    blastRadius,
  });

  const tasks: FacetTask[] = [
    new SloDefinitionsTask(config, logger, service),
    ...(options.sliSources.size > 0
      ? [new SloPullTask(config, logger, collector)]
      : []),
    new SloAlertsTask(config, notifier),
    new SloRetentionTask(config, logger, service),
    ...(precomputedFacets ? [new SloFacetsTask(config, logger, service)] : []),
  ];

  return sloFacet({
    service,
    collector,
    blastRadius,
    auth,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    catalog,
    knownEntities: options.knownEntities,
    tasks,
  });
}

/** The SLO facet around a built service (and its collector and tasks). */
export function sloFacet(options: {
  service: SloService;
  collector?: SloCollector;
  /** Burning dependencies and internal customers affected; without it both are empty. */
  blastRadius?: Pick<SloBlastRadius, 'withBlastRadius'>;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** See `FacetDeps.knownEntities`. */
  knownEntities?: KnownEntityRefs;
  tasks?: FacetTask[];
}): CustomerImpactFacet<'slos'> & {
  service: SloService;
  collector?: SloCollector;
} {
  const { service, collector, catalog } = options;
  return {
    key: 'slos',
    service,
    collector,
    router: createSloRouter({
      knownEntities: options.knownEntities,
      auth: options.auth,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      catalog,
      slos: service,
      collector,
      blastRadius: options.blastRadius,
    }),
    tasks: options.tasks ?? [],
    notConfigured: sloFacetNotConfigured,
    prefetch: (entityRef, { scope }) => service.prefetch(entityRef, scope),
    async summarize(entity, { credentials, scope }) {
      const facet = service.getFacet(entity, undefined, scope);
      return options.blastRadius
        ? options.blastRadius.withBlastRadius(facet, entity, credentials, scope)
        : facet;
    },
    async contribute(entity, { window, now, summarized }) {
      const w = {
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      };
      // The SLOs as they stood at `now`, each over its own window (e.g.
      // rolling 30 days) ending then.
      const facet = summarized ?? (await service.getFacet(entity, now));
      if (facet.status === 'not-configured') {
        return {
          facet: 'slos',
          status: 'not-configured',
          quantities: [],
          window: w,
        };
      }
      if (!('slos' in facet)) {
        return {
          facet: 'slos',
          status: 'error',
          quantities: [],
          window: w,
          reason: facet.reason,
        };
      }
      // Each SLO's figures cover its own window (e.g. rolling 30 days);
      // SLOs without data contribute nothing.
      const measured = facet.slos.filter(s => s.budgetConsumed !== null);
      if (measured.length === 0) {
        return {
          facet: 'slos',
          status: 'no-data',
          quantities: [],
          window: w,
          reason: 'No SLO of this entity has data in its window.',
        };
      }
      const quantities: FacetQuantity[] = [
        {
          id: 'slos-in-page',
          label: 'SLOs in page',
          quantity: measured.filter(s => s.state === 'page').length,
          unit: 'count',
        },
        {
          id: 'slos-in-ticket',
          label: 'SLOs in ticket',
          quantity: measured.filter(s => s.state === 'ticket').length,
          unit: 'count',
        },
        {
          // Budget consumed beyond what the elapsed part of the window
          // allows (C − e, at least 0), summed over the SLOs.
          id: 'budget-beyond-plan',
          label: 'of the error budget burnt beyond plan',
          quantity: measured.reduce(
            (sum, s) =>
              sum + Math.max(0, s.budgetConsumed! - s.elapsedFraction),
            0,
          ),
          unit: 'fraction',
        },
      ];
      return { facet: 'slos', status: 'ok', quantities, window: w };
    },
  };
}
