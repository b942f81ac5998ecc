import { FacetFailure, FacetNotConfigured, PushResult } from '../facet';
import {
  JourneyFigures,
  JourneyStepFigures,
  JourneyWholeFigures,
} from './figures';
import { JOURNEY_FEEDBACK_KINDS } from './schema';

/**
 * Response of a journey push: how many items were new, changed, or already
 * stored exactly as pushed, and the journey refs the catalog does not have.
 *
 * @public
 */
export type JourneyPushResponse = PushResult;

/**
 * What the backend recorded for a step feedback answer (never who gave it).
 *
 * @public
 */
export interface JourneyStepFeedbackResponse {
  journeyRef: string;
  stepId: string;
  kind: (typeof JOURNEY_FEEDBACK_KINDS)[number];
  effort: number | null;
  withComment: boolean;
  /** When it was recorded (ISO 8601, UTC). */
  at: string;
}

/**
 * What the figures of a journey were computed from.
 *
 * @public
 */
export interface JourneyFiguresWindow {
  /** Always every recorded event and answer: journeys are not cut at a window edge. */
  description: string;
  /**
   * The start of the UTC month of the earliest event
   * (`2026-10-01T00:00:00.000Z`); null without events. The month only: the
   * time of the first event is one person's, and the start-month cohorts
   * give the month already.
   */
  from: string | null;
  /** When the figures were computed (ISO 8601, UTC); null without events. */
  to: string | null;
}

/**
 * The figures of one journey as the API returns them
 * (`GET /v1/journeys/{namespace}/{name}/figures`).
 *
 * @public
 */
export interface JourneyFiguresReport extends JourneyFigures {
  /** When the backend computed them (ISO 8601, UTC). */
  generatedAt: string;
  window: JourneyFiguresWindow;
  /** When an event or answer of this journey was last received; null for none. */
  lastUpdatedAt: string | null;
}

/**
 * A journey that passes through an entity, with the figures of the steps at
 * that entity.
 *
 * @public
 */
export interface JourneyAtEntity {
  journeyRef: string;
  /** `metadata.title`, or the name. */
  title: string;
  persona: string;
  goldenPath: boolean;
  k: number;
  /** Figures of the whole journey (start cohorts left out). */
  journey: Omit<JourneyWholeFigures, 'startCohorts'>;
  /** The steps whose `entityRef` is this entity, in journey order. */
  steps: Array<JourneyStepFigures & { expectedDuration: string | null }>;
  window: JourneyFiguresWindow;
  lastUpdatedAt: string | null;
}

/**
 * The `journeys` key of an entity's customer-impact summary.
 *
 * - `ok` with `view: 'passes-through'`: the journeys whose steps go through the entity.
 * - `ok` with `view: 'journey'`: the entity is a Journey; `figures` are its own.
 * - `not-configured`: no journey goes through the entity; `howTo` says how to add one.
 * - `error`: the facet failed for this request; `reason` says why.
 *
 * `journeys` is present unless `error` (empty unless `passes-through`).
 *
 * @public
 */
export type JourneysFacet =
  | {
      status: 'ok';
      view: 'passes-through';
      journeys: JourneyAtEntity[];
      /** When an event or answer of one of these journeys was last received; null for none. */
      lastUpdatedAt: string | null;
    }
  | {
      status: 'ok';
      view: 'journey';
      journeys: [];
      figures: JourneyFiguresReport;
      lastUpdatedAt: string | null;
    }
  | (FacetNotConfigured & { journeys: [] })
  | FacetFailure;
