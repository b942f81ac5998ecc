export {
  MAX_ENTITY_REF_LENGTH,
  MAX_TIMESTAMP_LENGTH,
  entityRefSchema,
  hasNoNulCharacter,
  plainTextSchema,
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
