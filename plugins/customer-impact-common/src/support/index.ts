export * from './types';
export * from './api';
export {
  SUPPORT_EVENT_BATCH_LIMIT,
  normaliseIsoTimestamp,
  parseSupportEventBatch,
} from './validation';
export {
  DEFAULT_TOP_CATEGORIES,
  DEFAULT_TREND_WEEKS,
  PAGES_PER_SHIFT_LIMIT,
  UNKNOWN_CONSUMER,
  countSupportEventsByKind,
  longTailShare,
  medianOf,
  medianTimeToResolveSeconds,
  pageShiftFigures,
  rankSupportConsumers,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
  supportWeeksBefore,
} from './figures';
export type {
  SupportConsumerRankingOptions,
  SupportInstant,
  SupportTrendOptions,
  SupportWeekFiguresOptions,
} from './figures';
export * from './howTo';
