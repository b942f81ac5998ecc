import { BurnRateAlertRule, SRE_WORKBOOK_ALERT_RULES } from './alerting';
import { BURN_RATE_WINDOWS } from './burnRate';

/**
 * Default lookback whose burn rate estimates the time to exhaustion: 1 h.
 *
 * @public
 */
export const DEFAULT_EXHAUSTION_LOOKBACK_SECONDS = 3600;

/**
 * Every lookback window, in seconds and ascending, over which
 * `computeSloStatus` computes a burn rate: `BURN_RATE_WINDOWS`, the long and
 * short window of every alerting rule, and the exhaustion lookback. The
 * backend reads exactly the buckets these windows need.
 *
 * @public
 */
export function sloLookbackSeconds(
  options: {
    /** Alerting table; default `SRE_WORKBOOK_ALERT_RULES`. */
    rules?: readonly BurnRateAlertRule[];
    /** Default `DEFAULT_EXHAUSTION_LOOKBACK_SECONDS`. */
    exhaustionLookbackSeconds?: number;
    /** More lookbacks, e.g. those of an SLO's AlertPolicy conditions. */
    extraLookbackSeconds?: readonly number[];
  } = {},
): number[] {
  const rules = options.rules ?? SRE_WORKBOOK_ALERT_RULES;
  const lookbacks = new Set<number>(BURN_RATE_WINDOWS.map(w => w.seconds));
  for (const rule of rules) {
    lookbacks.add(rule.longWindowSeconds);
    lookbacks.add(rule.shortWindowSeconds);
  }
  lookbacks.add(
    options.exhaustionLookbackSeconds ?? DEFAULT_EXHAUSTION_LOOKBACK_SECONDS,
  );
  for (const seconds of options.extraLookbackSeconds ?? []) {
    lookbacks.add(seconds);
  }
  return [...lookbacks].sort((a, b) => a - b);
}

/**
 * The lookback windows of `computeSloStatus` with its defaults (the SRE
 * Workbook table and a 1 h exhaustion lookback), in seconds, ascending:
 * 5m, 30m, 1h, 2h, 6h, 1d, 3d.
 *
 * @public
 */
export const SLO_LOOKBACK_WINDOWS: readonly number[] = Object.freeze(
  sloLookbackSeconds(),
);

/**
 * The longest of `SLO_LOOKBACK_WINDOWS` in seconds (3 d): how far back from
 * now the status needs buckets, besides its window.
 *
 * @public
 */
export const MAX_SLO_LOOKBACK_SECONDS = Math.max(...SLO_LOOKBACK_WINDOWS);
