/**
 * The one place the plugin formats what a person reads: durations (luxon),
 * percentages with the precision their target needs, counts with thousands
 * separators, dates in the reader's locale. Cards never format on their own.
 */
export { locale } from './locale';
export { describeDaysToSunset, formatDuration, formatWindow } from './duration';
export {
  formatBurnRate,
  formatCount,
  formatDifference,
  formatEffort,
  formatNumber,
  formatPerWeek,
  formatTimes,
} from './number';
export { formatBudget, formatShare, formatSli, formatTarget } from './percent';
export {
  formatClock,
  formatDate,
  formatDay,
  formatShift,
  formatShortDay,
  formatTimestamp,
} from './date';
