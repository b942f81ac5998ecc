import { Config, readDurationFromConfig } from '@backstage/config';
import {
  DAY_MS,
  DEFAULT_PAIN_WEIGHTS,
  DEFAULT_PAIN_WINDOW_WEEKS,
  PainWeights,
  WEEK_MS,
} from '@customer-impact/plugin-customer-impact-common';
import { Duration } from 'luxon';

/** `customerImpact.painIndex`, read and checked. */
export interface PainIndexConfig {
  /** The window's length in milliseconds (default 4 weeks). */
  windowMs: number;
  /** Configured weights over the defaults. */
  weights: PainWeights;
}

const KEY = 'customerImpact.painIndex';

/**
 * Reads `customerImpact.painIndex` (`window`, a duration such as
 * `{ weeks: 4 }`, at least one day; `weights.<facet>.<quantity>`, numbers
 * ≥ 0). A wrong value stops the backend with a message naming the key.
 */
export function readPainIndexConfig(config: Config): PainIndexConfig {
  const pain = config.getOptionalConfig(KEY);
  let windowMs = DEFAULT_PAIN_WINDOW_WEEKS * WEEK_MS;
  if (pain?.has('window')) {
    windowMs = Duration.fromObject(
      readDurationFromConfig(pain.getConfig('window')),
    ).toMillis();
    if (!(windowMs >= DAY_MS)) {
      throw new Error(
        `${KEY}.window must be at least one day, e.g. { weeks: 4 }`,
      );
    }
  }
  const weights: PainWeights = {};
  const configured = pain?.getOptionalConfig('weights');
  for (const facet of configured?.keys() ?? []) {
    const ofFacet = configured!.getConfig(facet);
    weights[facet] = {};
    for (const id of ofFacet.keys()) {
      const weight = ofFacet.getNumber(id);
      if (!Number.isFinite(weight) || weight < 0) {
        throw new Error(
          `${KEY}.weights.${facet}.${id} must be a number ≥ 0, got ${weight}`,
        );
      }
      weights[facet][id] = weight;
    }
    const known = Object.keys(DEFAULT_PAIN_WEIGHTS[facet] ?? {});
    if (known.length === 0) {
      throw new Error(
        `${KEY}.weights.${facet}: no facet has this key; use one of ${Object.keys(
          DEFAULT_PAIN_WEIGHTS,
        ).join(', ')}`,
      );
    }
    for (const id of Object.keys(weights[facet])) {
      if (!known.includes(id)) {
        throw new Error(
          `${KEY}.weights.${facet}.${id}: the ${facet} facet measures no such quantity; use one of ${known.join(
            ', ',
          )}`,
        );
      }
    }
  }
  return { windowMs, weights };
}
