export {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  WEEK_MS,
  floorToFiveMinutes,
  floorToHour,
  floorToIsoWeek,
  floorToStep,
  floorToUtcDay,
} from './grid';
