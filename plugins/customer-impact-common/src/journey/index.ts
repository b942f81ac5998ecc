export * from './constants';
export type {
  JourneyEntityV1alpha1,
  JourneyProblem,
  JourneySpec,
  JourneyStage,
  JourneyStep,
  JourneyStepInContext,
} from './types';
export { journeyEntityV1alpha1Schema } from './schema';
export {
  journeyEntityProblems,
  journeyEntityValidator,
  parseIsoDurationSeconds,
} from './validation';
export { isJourneyEntity, journeyEntityRefs, journeySteps } from './helpers';
export {
  JOURNEY_DEFAULT_K,
  computeJourneyFigures,
  nearestRankPercentile,
} from './figures';
export type {
  JourneyEvent,
  JourneyFeedback,
  JourneyFigure,
  JourneyFigures,
  JourneyFrictionFigures,
  JourneyMeasuredFigure,
  JourneyNoDataFigure,
  JourneyStartCohort,
  JourneyStepFigures,
  JourneyWholeFigures,
  JourneyWithheldFigure,
} from './figures';
export { JOURNEY_EVENT_TYPES, JOURNEY_FEEDBACK_KINDS } from './api';
export type {
  JourneyAtEntity,
  JourneyEventInput,
  JourneyEventsPushRequest,
  JourneyFeedbackInput,
  JourneyFeedbackPushRequest,
  JourneyFiguresReport,
  JourneyFiguresWindow,
  JourneyPushResponse,
  JourneyStepFeedbackRequest,
  JourneyStepFeedbackResponse,
  JourneysFacet,
} from './api';
export * from './howTo';
