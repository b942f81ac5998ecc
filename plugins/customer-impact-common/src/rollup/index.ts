export * from './types';
export {
  ROLLUP_MAX_LIMIT,
  ROLLUP_DEFAULT_LIMIT,
  ROLLUP_TREND_WEEKS,
} from './constants';
