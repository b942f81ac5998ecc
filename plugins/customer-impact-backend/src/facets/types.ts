import {
  AuthService,
  BackstageCredentials,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCustomerImpactSummary,
  FacetContribution,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import { SummaryScope } from './SummaryScope';
import { KnownEntityRefs } from '../service/unknownEntities';

/** The facets of the summary: every key but the entity ref, the time and the pain index. */
export type SummaryFacets = Omit<
  EntityCustomerImpactSummary,
  'entityRef' | 'generatedAt' | 'painIndex'
>;

/** The summary key of a facet, e.g. `slos`. */
export type FacetKey = keyof SummaryFacets;

/** What a facet gets for one request. */
export interface FacetContext {
  /** The caller's credentials: a facet reads the catalog with them. */
  credentials: BackstageCredentials;
  /** "Now" for this request; every facet of one summary uses the same. */
  now: Date;
  /**
   * The summary this request belongs to, when it is one: facets read related
   * entities through it (one batched catalog read for every facet) and share
   * reads between their summary part and their contribution.
   */
  scope?: SummaryScope;
}

/**
 * What a facet gets to start its reads before the entity is read (see
 * {@link CustomerImpactFacet.prefetch}).
 */
export interface PrefetchContext {
  /** The `now` the summary will be computed for. */
  now: Date;
  /** The summary's scope: reads started go into its `memo`. */
  scope: SummaryScope;
}

/** The window a facet's contribution to cross-facet views covers. */
export interface ContributionWindow {
  from: Date;
  to: Date;
}

/** What a facet gets to compute its contribution over a window. */
export interface ContributionContext<K extends FacetKey = FacetKey>
  extends FacetContext {
  /** `[from, to)`; `to` is `now`. */
  window: ContributionWindow;
  /**
   * False when `now` is in the past (a past week of the trend): what a
   * facet knows only as it is today (catalog relations) it must then read
   * from its history, or say `no-data`.
   */
  present: boolean;
  /** The facet's own summary part for the same `now`, when the caller has it. */
  summarized?: SummaryFacets[K];
}

/**
 * A scheduled task of a facet, in the shape of Backstage's
 * `NotificationCleaner`: a small class that knows its id, reads its schedule
 * from config (with defaults) and runs once per interval on one replica
 * (`scope: 'global'`, added by {@link scheduleFacetTasks}).
 */
export interface FacetTask {
  /** Unique task id, e.g. `customer-impact-slo-alerts`. */
  readonly id: string;
  /** The schedule, read from config when the task was built. */
  readonly schedule: SchedulerServiceTaskScheduleDefinition;
  run(options: { signal: AbortSignal }): Promise<void>;
}

/**
 * The contract every facet of the Customer Impact backend implements. The
 * plugin registers the facets in one list; the summary route runs them
 * concurrently, the router mounts their routes, the scheduler runs their
 * tasks, and cross-facet views ask each of them for its contribution.
 */
export interface CustomerImpactFacet<K extends FacetKey = FacetKey> {
  /** The facet's key in the summary. */
  readonly key: K;
  /**
   * The facet's part of the summary of one entity, computed with the caller's
   * credentials. Throwing is allowed: the summary then answers
   * `status: 'error'` for this facet and serves the others.
   */
  summarize(entity: Entity, context: FacetContext): Promise<SummaryFacets[K]>;
  /**
   * Starts the reads `summarize` will make that need only the entity's ref,
   * into the scope's `memo` under the keys `summarize` uses, while the
   * summary route is still reading the entity from the catalog (and
   * deciding whether the caller may see it): the facet's first database
   * round trip then overlaps the catalog's. Nothing read leaves the backend
   * unless `summarize` runs, which it does only for a caller allowed to read
   * the entity; a failed read stays in the memo for `summarize` to meet.
   * `entityRef` is as the route was asked, not checked against the catalog.
   */
  prefetch?(entityRef: string, context: PrefetchContext): void;
  /** What the facet answers for an entity it is not set up for. */
  notConfigured(): SummaryFacets[K];
  /** The facet's own routes (pushes, lists, details), mounted under `/api/customer-impact`. */
  readonly router?: express.Router;
  /** The facet's scheduled tasks. */
  readonly tasks: ReadonlyArray<FacetTask>;
  /**
   * What the facet measured of the entity over a window, for cross-facet
   * views (the pain index, group rollups). `context.now` is the end of the
   * window: a facet computes what it knew then, so that past weeks can be
   * computed too. `summarized` is the facet's own summary part when the
   * caller already has it for the same `now` (the summary route), so that
   * the facet need not compute it twice.
   */
  contribute(
    entity: Entity,
    context: ContributionContext<K>,
  ): Promise<FacetContribution>;
  /**
   * The entities whose data of this facet was written after `since`, each
   * with the earliest instant the new data concerns, so that the rollups
   * recompute them (and the past weeks the data falls in) within a minute.
   * A facet without it is picked up by the rollups' whole pass.
   */
  changedSince?(since: Date): Promise<Array<{ entityRef: string; from: Date }>>;
}

/**
 * The core services every `create…Facet` takes; a facet that needs more
 * (the URL reader, notifications, its sources) asks for them beside these.
 */
export interface FacetDeps {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  database: DatabaseService;
  /**
   * Presence answers of the catalog shared by the pushes of services (see
   * `KnownEntityRefs`); without it every push asks the catalog.
   */
  knownEntities?: KnownEntityRefs;
}
