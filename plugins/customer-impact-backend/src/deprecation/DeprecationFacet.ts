import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DEFAULT_DEPRECATION_NOTICE_DAYS,
  DEPRECATION_HOW_TO,
  DeprecationFacet,
  DeprecationFigures,
  validateDeprecationNoticeDays,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import { CustomerImpactFacet, FacetDeps, FacetTask } from '../facets';
import { DeprecationBurndownTask } from './DeprecationBurndownTask';
import { DeprecationCampaign } from './DeprecationCampaign';
import {
  DatabaseDeprecationCampaignStore,
  DeprecationCampaignStore,
} from './DeprecationCampaignStore';
import { DeprecationNoticeTask } from './DeprecationNoticeTask';
import { createDeprecationRouter } from './router';
import { DeprecationService } from './DeprecationService';
import { DatabaseDeprecationStore, DeprecationStore } from './DeprecationStore';

/** Config key of the days before a sunset at which dependents' owners are told. */
export const DEPRECATION_NOTICE_DAYS_KEY =
  'customerImpact.deprecation.noticeDays';

/** The notice days from config (default 90, 30, 7); throws naming the key when invalid. */
export function readNoticeDays(config: FacetDeps['config']): number[] {
  const raw = config.getOptional<unknown>(DEPRECATION_NOTICE_DAYS_KEY);
  if (raw === undefined) {
    return [...DEFAULT_DEPRECATION_NOTICE_DAYS];
  }
  const checked = Array.isArray(raw)
    ? validateDeprecationNoticeDays(raw)
    : { error: ` must be a list of days, got ${JSON.stringify(raw)}` };
  if ('error' in checked) {
    throw new Error(`${DEPRECATION_NOTICE_DAYS_KEY}${checked.error}`);
  }
  return checked.days;
}

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
  progress: null,
  exemptions: [],
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
    notifications: NotificationService;
    /** Replaces the database store (tests). */
    store?: DeprecationStore;
    /** Replaces the database campaign store (tests). */
    campaigns?: DeprecationCampaignStore;
    now?: () => Date;
  },
): Promise<
  CustomerImpactFacet<'deprecation'> & { service: DeprecationService }
> {
  const store =
    options.store ??
    (await DatabaseDeprecationStore.create({ database: options.database }));
  const campaigns =
    options.campaigns ??
    (await DatabaseDeprecationCampaignStore.create({
      database: options.database,
    }));
  const service = new DeprecationService({
    catalog: options.catalog,
    store,
    campaigns,
    logger: options.logger,
    now: options.now,
  });
  const campaign = new DeprecationCampaign({
    catalog: options.catalog,
    auth: options.auth,
    notifications: options.notifications,
    store: campaigns,
    logger: options.logger,
    noticeDays: readNoticeDays(options.config),
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
      new DeprecationNoticeTask(options.config, options.logger, campaign),
    ],
    createDeprecationRouter({
      knownEntities: options.knownEntities,
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
    async summarize(entity, { credentials, now, scope }) {
      return deprecationFacetOf(
        await service.getFigures(entity, credentials, now, scope),
      );
    },
    async contribute(
      entity,
      { credentials, now, window, present, scope, summarized },
    ) {
      // The summary's own figures for the same `now` when the caller has
      // them (the summary route); read again otherwise.
      const figures: DeprecationFigures =
        summarized && summarized.status !== 'error'
          ? summarized
          : await service.getFigures(entity, credentials, now, scope);
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
      // Today the dependents are read from the catalog; for a past week
      // from the burndown's count of that day (none recorded: not measured).
      const dependentsLeft = present
        ? figures.dependents.length
        : dependentsOnDay(figures.burndown, now);
      if (figures.deprecated && dependentsLeft !== null) {
        quantities.push({
          id: 'dependents-left',
          label: 'dependents still on this deprecated entity',
          quantity: dependentsLeft,
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
      if (quantities.length === 0) {
        return {
          facet: 'deprecation',
          status: 'no-data',
          quantities: [],
          window: w,
          reason: `No count of dependents recorded by ${w.to}.`,
        };
      }
      return { facet: 'deprecation', status: 'ok', quantities, window: w };
    },
  };
}

/**
 * The dependents counted on the UTC day before `now` (the last whole day),
 * or the latest count in the 7 days before it; null when none was recorded.
 */
function dependentsOnDay(
  burndown: ReadonlyArray<{ date: string; dependents: number }>,
  now: Date,
): number | null {
  const last = new Date(now.getTime() - 1).toISOString().slice(0, 10);
  const earliest = new Date(now.getTime() - 8 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const points = burndown.filter(p => p.date <= last && p.date >= earliest);
  return points.length > 0 ? points[points.length - 1].dependents : null;
}
