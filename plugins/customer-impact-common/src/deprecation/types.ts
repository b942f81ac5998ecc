import { FacetFailure, FacetNotConfigured } from '../facet';
import type { DeprecationProgress } from './progress';
/**
 * A problem found in one of an entity's customer-impact annotations.
 *
 * @public
 */
export interface AnnotationProblem {
  /** The annotation key, e.g. `customer-impact/sunset`. */
  annotation: string;
  /** What is wrong, for a person to read. */
  message: string;
}

/**
 * The deprecation annotations of one entity, read and normalised.
 *
 * @public
 */
export interface DeprecationAnnotations {
  /** `spec.lifecycle` is `deprecated`, or the entity carries a sunset date. */
  deprecated: boolean;
  /** Normalised entity ref of the replacement (`kind:namespace/name`), when valid. */
  replacedBy: string | null;
  /** Sunset date as `YYYY-MM-DD`, when valid. */
  sunset: string | null;
  /** http(s) URL of the migration guide, when valid. */
  migrationGuide: string | null;
  /** Why the entity is deprecated. */
  reason: string | null;
  /** Invalid annotation values; each one is also a catalog processing error. */
  problems: AnnotationProblem[];
}

/**
 * An entity that depends on or consumes a deprecated entity, with its owner:
 * the internal customer team that has to migrate.
 *
 * @public
 */
export interface DeprecationDependent {
  entityRef: string;
  /** The dependent's owner (from its `ownedBy` relation); null when it has none. */
  ownerRef: string | null;
}

/**
 * A deprecated entity that the viewed entity itself depends on or consumes.
 *
 * @public
 */
export interface DeprecationExposure {
  entityRef: string;
  replacedBy: string | null;
  sunset: string | null;
  daysToSunset: number | null;
  migrationGuide: string | null;
}

/**
 * How many dependents a deprecated entity had on one day (UTC).
 *
 * @public
 */
export interface BurndownPoint {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  dependents: number;
}

/**
 * What the deprecation facet knows of an entity: its own deprecation, its
 * dependents and its exposure to deprecated dependencies.
 *
 * @public
 */
export interface DeprecationFigures {
  deprecated: boolean;
  replacedBy: string | null;
  sunset: string | null;
  /** Whole days from today (UTC) to the sunset date; negative once it has passed. */
  daysToSunset: number | null;
  migrationGuide: string | null;
  reason: string | null;
  problems: AnnotationProblem[];
  /** Entities that depend on (`dependsOn`) or consume (`consumesApi`) this one. */
  dependents: DeprecationDependent[];
  /** Deprecated entities that this entity depends on or consumes. */
  exposure: DeprecationExposure[];
  /** Daily count of dependents, oldest first; empty until the first daily snapshot. */
  burndown: BurndownPoint[];
  /**
   * The ideal line, the pace and the verdict ("on track", "behind") of a
   * deprecated entity with a sunset; null without a sunset or a count.
   */
  progress: DeprecationProgress | null;
  /**
   * Exemptions recorded for dependents of this (deprecated) entity, newest
   * first, every one ever recorded (history is kept), each saying whether it
   * holds today.
   */
  exemptions: DeprecationExemption[];
}

/**
 * An exemption of one dependent from a deprecation campaign: its owner says
 * why it cannot migrate yet and until when. While it holds, the dependent's
 * owner is not notified. A new exemption is a new record; none is overwritten.
 *
 * @public
 */
export interface DeprecationExemption {
  /** Unique id of the record. */
  id: string;
  /** The deprecated entity. */
  entityRef: string;
  /** The dependent that is exempt. */
  dependentRef: string;
  /** The dependent's owner when the exemption was recorded, or null. */
  ownerRef: string | null;
  reason: string;
  /** Last exempt day (UTC), `YYYY-MM-DD`: the owner is notified again from the day after. */
  until: string;
  /** When it was recorded (ISO 8601, UTC). */
  recordedAt: string;
  /** Whether it holds at the time of the request (today is on or before `until`). */
  active: boolean;
}

/**
 * Response of `GET /v1/entities/{kind}/{namespace}/{name}/deprecation-exemptions`.
 *
 * @public
 */
export interface DeprecationExemptionList {
  entityRef: string;
  /** Newest first. */
  exemptions: DeprecationExemption[];
}

/**
 * The deprecation facet of an entity's customer-impact summary.
 *
 * - `ok`: the entity is deprecated, or depends on something deprecated.
 * - `not-configured`: neither; `howTo` says how to deprecate an entity. The
 *   figures are still there (not deprecated, no exposure).
 * - `error`: the facet failed for this request; `reason` says why.
 *
 * @public
 */
export type DeprecationFacet =
  | (DeprecationFigures & {
      status: 'ok';
      /** The latest burndown count's day, or null before the first. */
      lastUpdatedAt: string | null;
    })
  | (DeprecationFigures & FacetNotConfigured)
  | FacetFailure;
