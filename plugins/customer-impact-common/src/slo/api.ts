import { FacetFailure, FacetNotConfigured, PushResult } from '../facet';
import { SloBurndownPoint, SloStatus } from './status';
import { DefinitionProblem, SloComparisonOp } from './types';

/**
 * Response of `POST /v1/slo-samples`: how many buckets were new, replaced with
 * different counts, or sent again with the same counts, and the entity refs
 * the catalog does not have.
 *
 * @public
 */
export type SloSamplesResponse = PushResult;

/**
 * How the backend collects an SLO's data when it pulls it from a data source
 * (an installed `SliSource`); null for pushed-only SLOs.
 *
 * @public
 */
export interface SloCollectionStatus {
  /** OpenSLO DataSource `metadata.name`. */
  dataSource: string;
  /** OpenSLO DataSource `spec.type`, e.g. `Prometheus`. */
  type: string;
  /** True when a source for this type is installed in the backend. */
  sourceInstalled: boolean;
  /**
   * What the source queries, e.g. `Prometheus server "main" (http://prometheus:9090)`;
   * null when the source does not say.
   */
  server?: string | null;
  /**
   * False when the source refused the DataSource without a request (e.g. a
   * Prometheus URL the operator did not configure): nothing is pulled and a
   * problem of the SLO says why.
   */
  allowed?: boolean;
  /** End of the latest bucket fetched (ISO 8601), or null. */
  lastDataAt: string | null;
  /** When the last fetch succeeded (ISO 8601), or null. */
  lastSuccessAt: string | null;
  /** When the last fetch was attempted (ISO 8601), or null. */
  lastAttemptAt: string | null;
  /** Message of the last failed fetch; null once a fetch succeeds. */
  lastError: string | null;
}

/**
 * One SLO of an entity, as the summary lists it: the figures of
 * `computeSloStatus` at the time of the request, plus where the definition
 * comes from, how its data arrives and what is wrong with it.
 *
 * `lastDataAt` (from `SloStatus`) is the end of the latest bucket in the
 * window; `lastSampleAt` is the end of the latest bucket ever stored.
 *
 * @public
 */
export interface EntitySlo extends SloStatus {
  description: string | null;
  /** Link to the definitions file (http(s) URL), or null when it has none (e.g. a `file:` location). */
  sourceUrl: string | null;
  /** The definitions file as resolved (URL or `file:` path). */
  sourceLocation: string;
  /**
   * The SLO's indicator can be computed (a ratio or threshold metric, or a
   * composite); false for raw ratios and Sloth plugins.
   */
  supported: boolean;
  /**
   * A composite SLO: each member objective with its own figures and its
   * weight (`compositeWeight`). Members are listed here only, not among the
   * facet's SLOs.
   */
  members?: Array<EntitySlo & { weight: number }>;
  /** A threshold metric: a slice is good when its value `op` `value`. */
  threshold?: { op: SloComparisonOp; value: number } | null;
  /** End of the latest bucket ever stored for this SLO (ISO 8601), or null. */
  lastSampleAt: string | null;
  /** Null for SLOs whose data is pushed. */
  collection: SloCollectionStatus | null;
  /** Problems of this SLO's own document (errors and warnings). */
  problems: DefinitionProblem[];
}

/**
 * The SLO facet of an entity whose catalog entry has no
 * `customer-impact/openslo` annotation: `howTo` holds the annotation and an
 * example OpenSLO file.
 *
 * @public
 */
export type SloFacetNotConfigured = FacetNotConfigured &
  SloBlastRadiusConsumerSide;

/**
 * An SLO of something the entity depends on or consumes that is in `page` or
 * `ticket` state: "a dependency is burning its error budget".
 *
 * @public
 */
export interface BurningDependency {
  /** The entity whose SLO is burning. */
  entityRef: string;
  /** Its `metadata.title`, or null. */
  title: string | null;
  /** The SLO's key. */
  slo: string;
  /** The SLO's display name (else its name). */
  sloName: string;
  state: 'page' | 'ticket';
  /** When the SLO entered this state (ISO 8601). */
  since: string;
  /** When the incident (the continuous period in page or ticket) began (ISO 8601). */
  incidentStartedAt: string;
  /** When the state was last evaluated (ISO 8601): the backend evaluates every 5 minutes. */
  evaluatedAt: string;
  /**
   * The APIs of the dependency that the entity consumes (it is reached
   * through them: the dependency `providesApi` them); empty when the entity
   * depends on or consumes it directly.
   */
  via: string[];
}

/**
 * The internal customers of an entity whose SLO is burning: the owner of
 * some of its consumers (entities that depend on it, consume its API or an
 * API it provides), with those consumers.
 *
 * @public
 */
export interface SloAffectedTeam {
  /** The consumers' owner; null for consumers without one. */
  ownerRef: string | null;
  /** The consumers this team owns, sorted. */
  consumers: string[];
}

/**
 * The consumer side of the blast radius, present on every SLO facet that is
 * not a failure (with or without SLOs of its own).
 *
 * @public
 */
export interface SloBlastRadiusConsumerSide {
  /**
   * SLOs of the entity's dependencies (what it depends on or consumes, and
   * the providers of the APIs it consumes) that are in `page` or `ticket`
   * now, most severe and oldest first; empty when none is.
   */
  burningDependencies: BurningDependency[];
}

/**
 * The SLO facet of an entity that carries the `customer-impact/openslo`
 * annotation.
 *
 * `status` is `ok` once the definitions were read, `pending` before the first
 * read finished, `error` when the file could not be read (then `slos` holds
 * what was read last, if anything, and `fetchError` and `reason` say why).
 *
 * @public
 */
export interface SloFacetConfigured extends SloBlastRadiusConsumerSide {
  /**
   * `stale`: the figures are shown, but the latest pull of an SLO failed
   * (Prometheus down, answering errors or garbage, too slow): they are from
   * the data stored before; `reason` says which pull failed, when and why.
   * The next successful pull fills the gap.
   */
  status: 'ok' | 'pending' | 'error' | 'stale';
  /**
   * While an SLO of this entity is in `page` or `ticket`: the internal
   * customers affected, the owners of its consumers (teams, with their
   * consumers), sorted by owner. Empty while no SLO is burning.
   */
  internalCustomersAffected: SloAffectedTeam[];
  /** The annotation value as written. */
  annotation: string;
  /** The definitions file as resolved (URL or `file:` path); null when it cannot be resolved. */
  sourceLocation: string | null;
  /** Link to the definitions file when it is http(s), else null. */
  sourceUrl: string | null;
  /** When the definitions were last read successfully (ISO 8601), or null. */
  fetchedAt: string | null;
  /** Why the last read failed; null when it succeeded. */
  fetchError: string | null;
  /** Why the status is `error` (the same as `fetchError`) or `stale`. */
  reason?: string;
  /** When the definitions were read or a bucket was stored last, whichever is later (ISO 8601); null when never. */
  lastUpdatedAt: string | null;
  /** Every problem of the file (errors and warnings), including those of SLOs listed below. */
  problems: DefinitionProblem[];
  slos: EntitySlo[];
}

/**
 * The `slos` key of an entity's customer-impact summary: not set up, set up
 * (with its SLOs), or failed for this request (`FacetFailure`, without `slos`).
 *
 * @public
 */
export type SloFacet =
  | SloFacetNotConfigured
  | SloFacetConfigured
  | FacetFailure;

/**
 * Response of `GET /v1/entities/{kind}/{namespace}/{name}/slos/{slo}`: one
 * SLO with its budget burndown over the current window, for the SLO tab.
 *
 * @public
 */
export interface EntitySloDetail {
  entityRef: string;
  slo: EntitySlo;
  burndown: SloBurndownPoint[];
}

/**
 * Response of `POST /v1/entities/{kind}/{namespace}/{name}/slos/refresh`: the
 * facet after the definitions were read again (and their data pulled when a
 * source is installed).
 *
 * @public
 */
export type SloRefreshResponse = SloFacet;
