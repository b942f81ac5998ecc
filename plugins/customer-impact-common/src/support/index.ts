export * from './types';
export * from './api';
export {
  SUPPORT_EVENT_BATCH_LIMIT,
  supportEventBatchSchema,
  supportEventSchema,
} from './schema';
export type {
  SupportEvent,
  SupportEventBatch,
  SupportEventInput,
} from './schema';
export {
  parseSupportEventBatch,
  parseSupportEventBatchInSlices,
} from './validation';
export {
  DEFAULT_TOP_CATEGORIES,
  DEFAULT_TREND_WEEKS,
  PAGES_PER_SHIFT_LIMIT,
  UNKNOWN_CONSUMER,
  countSupportEventsByKind,
  longTailShare,
  medianTimeToResolveSeconds,
  pageShiftFigures,
  rankSupportConsumerCounts,
  rankSupportConsumerTotals,
  rankSupportConsumers,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
  supportWeeksBefore,
  topEntitiesByConsumer,
  topEntitiesPerConsumer,
} from './figures';
export type {
  SupportConsumerCount,
  SupportConsumerKindCount,
  SupportConsumerRankingOptions,
  SupportInstant,
  SupportTrendOptions,
  SupportWeekFiguresOptions,
} from './figures';
export * from './howTo';
