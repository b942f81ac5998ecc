import { DeprecationProgress } from '@customer-impact/plugin-customer-impact-common';
import { formatCount, formatDay, formatNumber } from '../format';

/**
 * The verdict on a migration, in one sentence: "On track: …" or
 * "Behind: at this pace the last dependent leaves on <date>, …".
 */
export function describeVerdict(
  progress: DeprecationProgress,
  sunset: string,
): string {
  const start = formatDay(progress.ideal.start.date);
  switch (progress.verdict) {
    case 'done':
      return 'Done: no dependent is left.';
    case 'unknown':
      return `Pace: no data yet (counts of one day only, ${start}); it is measured from the next day's count.`;
    case 'on-track':
      return `On track: at this pace the last dependent leaves on ${formatDay(
        progress.projectedLastLeaves!,
      )}, by the sunset on ${formatDay(sunset)}.`;
    default:
      return progress.projectedLastLeaves
        ? `Behind: at this pace the last dependent leaves on ${formatDay(
            progress.projectedLastLeaves,
          )}, after the sunset on ${formatDay(sunset)}.`
        : `Behind: no dependent has left since ${start}; at this pace the last one never leaves (sunset on ${formatDay(
            sunset,
          )}).`;
  }
}

/** The ideal line and where the count stands against it, in one sentence. */
export function describeIdeal(progress: DeprecationProgress): string {
  const { ideal, latest, idealAtLatest, pacePerDay } = progress;
  const pace =
    pacePerDay === null
      ? ''
      : ` Pace since ${formatDay(ideal.start.date)}: ${formatNumber(
          pacePerDay,
          2,
        )} dependents leaving a day.`;
  return `Ideal line: from ${formatCount(ideal.start.dependents)} ${
    ideal.start.dependents === 1 ? 'dependent' : 'dependents'
  } on ${formatDay(ideal.start.date)} to 0 at the sunset on ${formatDay(
    ideal.end.date,
  )}; it allows ${formatNumber(idealAtLatest, 1)} on ${formatDay(
    latest.date,
  )}, and ${formatCount(latest.dependents)} ${
    latest.dependents === 1 ? 'is' : 'are'
  } left.${pace}`;
}
