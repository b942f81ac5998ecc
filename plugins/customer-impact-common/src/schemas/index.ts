export {
  entityRefSchema,
  inBatchDuplicates,
  isoTimestampSchema,
  normaliseEntityRef,
  normaliseIsoTimestamp,
  parseValidEntityRef,
  uniqueInBatch,
} from './blocks';
export type {
  EntityRefOptions,
  EntityRefSchemaOptions,
  InBatchDuplicate,
  IsoTimestampSchemaOptions,
  UniqueInBatchOptions,
} from './blocks';
export {
  MAX_FUTURE_SKEW_MS,
  assertNoFutureTimestamps,
  futureTimestampProblems,
} from './future';
