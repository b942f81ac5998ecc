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
