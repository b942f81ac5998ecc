export * from './types';
export {
  CHANGE_BATCH_LIMIT,
  CHANGE_ENTITY_REFS_LIMIT,
  changeBatchSchema,
  changeSchema,
} from './schema';
export type {
  Change,
  ChangeBatch,
  ChangeBatchInput,
  ChangeInput,
} from './schema';
export { parseChangeBatch } from './validation';
export {
  DEFAULT_RELIEF_WEEKS,
  MAX_RELIEF_WEEKS,
  TOO_EARLY_TO_TELL,
  countInWindow,
  journeyStepRelief,
  reliefWindows,
  sloRelief,
  sloWindowBurn,
  supportRelief,
  supportReliefByTeam,
} from './relief';
export type { ReliefSupportEvent, SupportReliefOptions } from './relief';
