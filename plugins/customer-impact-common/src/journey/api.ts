import { FacetFailure, FacetNotConfigured } from '../facet';
import {
  JourneyFigures,
  JourneyStepFigures,
  JourneyWholeFigures,
} from './figures';

/**
 * The kinds of journey event.
 *
 * @public
 */
export const JOURNEY_EVENT_TYPES = ['started', 'completed', 'abandoned'] as const;

/**
 * The kinds of step feedback: "done" (I did it) and "I'm stuck here".
 *
 * @public
 */
export const JOURNEY_FEEDBACK_KINDS = ['done', 'stuck'] as const;

/**
 * One journey event as a client pushes it (`POST /v1/journey-events`).
 * `subject` is an opaque person id: the backend stores only its keyed hash.
 *
 * @public
 */
export interface JourneyEventInput {
  /** Unique id of the event: pushing it again changes nothing. */
  eventId: string;
  /** The journey, `journey:namespace/name` (kind and namespace may be left out). */
  journeyRef: string;
  /** `id` of the step in the journey's spec. */
  stepId: string;
  /** Opaque id of the person (employee id, email, user entity ref). Never stored as is. */
  subject: string;
  type: (typeof JOURNEY_EVENT_TYPES)[number];
  /** ISO 8601 timestamp with a zone or offset. */
  at: string;
}

/**
 * Body of `POST /v1/journey-events`.
 *
 * @public
 */
export interface JourneyEventsPushRequest {
  events: JourneyEventInput[];
}

/**
 * One step feedback answer as a machine client pushes it
 * (`POST /v1/journey-feedback`), e.g. from an onboarding survey tool.
 *
 * @public
 */
export interface JourneyFeedbackInput {
  /** Unique id of the answer: pushing it again changes nothing. */
  feedbackId: string;
  journeyRef: string;
  stepId: string;
  /** Opaque id of the person; never stored as is. */
  subject: string;
  kind: (typeof JOURNEY_FEEDBACK_KINDS)[number];
  /** Free text; stored, never returned by any endpoint. */
  comment?: string;
  /** Customer Effort Score, 1 (very easy) to 7 (very hard). */
  effort?: number;
  /** ISO 8601 timestamp with a zone or offset. */
  at: string;
}

/**
 * Body of `POST /v1/journey-feedback`.
 *
 * @public
 */
export interface JourneyFeedbackPushRequest {
  feedback: JourneyFeedbackInput[];
}

/**
 * Response of a journey push: how many items were new, changed, or already
 * stored exactly as pushed.
 *
 * @public
 */
export interface JourneyPushResponse {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Body of `POST /v1/journeys/{namespace}/{name}/steps/{stepId}/feedback`: the
 * signed-in person's answer on one step. Every answer is kept.
 *
 * @public
 */
export interface JourneyStepFeedbackRequest {
  kind: (typeof JOURNEY_FEEDBACK_KINDS)[number];
  comment?: string;
  /** Customer Effort Score, an integer from 1 (very easy) to 7 (very hard). */
  effort?: number;
}

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
  /** Time of the earliest event (ISO 8601, UTC); null without events. */
  from: string | null;
  /** Time of the latest event (ISO 8601, UTC); null without events. */
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
