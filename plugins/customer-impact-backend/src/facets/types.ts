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

/** The facets of the summary: every key but the entity ref and the time. */
export type SummaryFacets = Omit<
  EntityCustomerImpactSummary,
  'entityRef' | 'generatedAt'
>;

/** The summary key of a facet, e.g. `slos`. */
export type FacetKey = keyof SummaryFacets;

/** What a facet gets for one request. */
export interface FacetContext {
  /** The caller's credentials: a facet reads the catalog with them. */
  credentials: BackstageCredentials;
  /** "Now" for this request; every facet of one summary uses the same. */
  now: Date;
}

/** The window a facet's contribution to cross-facet views covers. */
export interface ContributionWindow {
  from: Date;
  to: Date;
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
  /** What the facet answers for an entity it is not set up for. */
  notConfigured(): SummaryFacets[K];
  /** The facet's own routes (pushes, lists, details), mounted under `/api/customer-impact`. */
  readonly router?: express.Router;
  /** The facet's scheduled tasks. */
  readonly tasks: ReadonlyArray<FacetTask>;
  /** What the facet measured of the entity over a window, for cross-facet views. */
  contribute(
    entity: Entity,
    context: FacetContext & { window: ContributionWindow },
  ): Promise<FacetContribution>;
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
}
