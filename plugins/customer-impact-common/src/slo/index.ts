export type {
  SloBudgetingMethod,
  SloDurationUnit,
  SloDuration,
  SloRollingWindow,
  SloCalendarWindow,
  SloWindow,
  SloMetricQuery,
  SloRatioIndicator,
  SloThresholdIndicator,
  SloCompositeIndicator,
  SloUnsupportedIndicator,
  SloComparisonOp,
  SloBurnRateCondition,
  SlothAlertOptions,
  SloAlertingSpec,
  SloIndicator,
  SloDefinition,
  SloDataSource,
  SloAlertPolicyCondition,
  SloAlertPolicy,
  DefinitionProblem,
  SloDefinitionsResult,
  SloBucket,
} from './types';
export {
  parseSloDuration,
  isCalendarUnit,
  fixedDurationSeconds,
  formatSloDuration,
  describeSloDuration,
  parseTimeSliceWindow,
  percentToFraction,
  SLO_DATA_RESOLUTION_SECONDS,
} from './duration';
export {
  OPENSLO_API_VERSION,
  SLOTH_VERSION,
  SLOTH_CRD_API_VERSION,
  parseSloDefinitions,
  problemsOfSlo,
} from './definitions';
export type { ParseSloDefinitionsOptions } from './definitions';
export {
  parseCalendarStartTime,
  calendarPeriod,
  resolveWindow,
  periodElapsedFraction,
  describeWindow,
} from './windows';
export type { ResolvedSloWindow } from './windows';
export {
  fineHorizon,
  needsFineBucketsOverWindow,
  fineReadsFrom,
} from './fineBuckets';
export {
  sanitizeBucket,
  bucketInWindow,
  sumBuckets,
  timeSlices,
  thresholdSlices,
  meetsThreshold,
  computeSli,
  budgetConsumed,
  budgetRemaining,
  periodToDateBurn,
  timeToExhaustionSeconds,
} from './budget';
export type { SliMethod, EventCounts, TimeSlice, SliResult } from './budget';
export {
  BURN_RATE_WINDOWS,
  DEFAULT_MIN_EVENTS,
  burnRateFromErrorRatio,
  burnRateThreshold,
  budgetSpentByBurnRate,
  computeBurnRate,
  computeBurnRates,
} from './burnRate';
export type { BurnRateFigure, BurnRateOptions } from './burnRate';
export {
  SRE_WORKBOOK_ALERT_RULES,
  SLOTH_ALERT_RULES,
  scaledThresholds,
  evaluateBurnRateAlerts,
} from './alerting';
export type {
  SloAlertState,
  BurnRateAlertRule,
  BurnRateRuleEvaluation,
  SloAlertEvaluation,
} from './alerting';
export {
  DEFAULT_EXHAUSTION_LOOKBACK_SECONDS,
  MAX_SLO_LOOKBACK_SECONDS,
  SLO_LOOKBACK_WINDOWS,
  sloLookbackSeconds,
} from './lookbacks';
export {
  computeSloStatus,
  statusFromInputs,
  alertRulesOf,
  sloAlertLookbacks,
  budgetBurndown,
} from './status';
export type {
  SloStatusOptions,
  SloStatus,
  SloAlertingStatus,
  SloStatusInputs,
  SloBurndownPoint,
} from './status';
export { evaluateAlertConditions, compareBurnRate } from './conditions';
export type { BurnRateAt, AlertConditionEvaluation } from './conditions';
export {
  MAX_SLO_SAMPLES_PER_PUSH,
  sloSampleInputSchema,
  sloSamplesRequestSchema,
} from './schema';
export type { SloSampleInput, SloSamplesRequest } from './schema';
export {
  parseSloSamplesRequest,
  parseSloSamplesRequestInSlices,
} from './parseSamples';
export type {
  SloSamplesResponse,
  SloCollectionStatus,
  EntitySlo,
  SloFacetNotConfigured,
  SloFacetConfigured,
  SloFacet,
  EntitySloDetail,
  SloRefreshResponse,
  BurningDependency,
  SloAffectedTeam,
  SloBlastRadiusConsumerSide,
} from './api';
export * from './howTo';
export {
  DEFAULT_RELEASE_GATE_RULES,
  parseReleaseGatePolicy,
  evaluateReleaseGate,
} from './gate';
export type {
  ReleaseGateRule,
  ReleaseGatePolicy,
  ReleaseGateSlo,
  ReleaseGateResponse,
} from './gate';
export { computeCompositeStatus, compositeBudgetBurndown } from './composite';
export type { CompositeMemberInput, CompositeSloStatus } from './composite';
