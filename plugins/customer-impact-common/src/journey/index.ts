export * from './constants';
export type {
  JourneyEntityV1alpha1,
  JourneyProblem,
  JourneySpec,
  JourneyStage,
  JourneyStep,
  JourneyStepInContext,
} from './types';
export { journeyEntityV1alpha1Schema } from './entitySchema';
export {
  journeyEntityProblems,
  journeyEntityValidator,
  parseIsoDurationSeconds,
} from './validation';
export { isJourneyEntity, journeyEntityRefs, journeySteps } from './helpers';
export {
  JOURNEY_DEFAULT_K,
  computeJourneyFigures,
  computeJourneyFiguresInSlices,
} from './figures';
export type { JourneyFiguresOptions } from './figures';
export { complementaryWithheld } from './privacy';
export type { DisclosureGroup } from './privacy';
export { JOURNEY_FRICTION_THRESHOLDS, journeyFrictionOf } from './friction';
export { readingUpToEachStep, selfServedUntil } from './selfService';
export type { JourneySupportEvent } from './selfService';
export { NEW_HIRE_PERSONA, newHireExperienceAt } from './newHires';
export type { NewHireExperience } from './newHires';
export type {
  JourneyFriction,
  JourneyFrictionLevel,
  JourneyFrictionReason,
  JourneyFrictionSignal,
} from './friction';
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
export {
  JOURNEY_EVENT_TYPES,
  JOURNEY_FEEDBACK_KINDS,
  JOURNEY_PUSH_BATCH_LIMIT,
  journeyEventSchema,
  journeyEventsRequestSchema,
  journeyFeedbackRequestSchema,
  journeyFeedbackSchema,
  journeyStepFeedbackSchema,
} from './schema';
export { parseJourneyEventsInSlices } from './pushValidation';
export type {
  JourneyEventInput,
  JourneyEventsPushRequest,
  JourneyFeedbackInput,
  JourneyFeedbackPushRequest,
  JourneyStepFeedbackRequest,
} from './schema';
export type {
  JourneyAtEntity,
  JourneyFiguresReport,
  JourneyFiguresWindow,
  JourneyPushResponse,
  JourneyStepFeedbackResponse,
  JourneysFacet,
} from './api';
export * from './howTo';
