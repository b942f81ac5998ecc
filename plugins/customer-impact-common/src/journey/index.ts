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
