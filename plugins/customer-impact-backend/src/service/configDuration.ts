import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/**
 * A duration of the plugin's config in milliseconds (`{ seconds: 10 }` and the
 * like), `defaultMs` when the key is absent; throws naming the key when it is
 * negative.
 */
export function readNonNegativeDurationMs(
  config: Config,
  key: string,
  defaultMs: number,
): number {
  const value = config.getOptionalConfig(key);
  if (!value) {
    return defaultMs;
  }
  const ms = durationToMilliseconds(readDurationFromConfig(value));
  if (!(ms >= 0)) {
    throw new Error(`${key} must not be negative, got ${ms} ms`);
  }
  return ms;
}
