import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/**
 * A duration of the plugin's config in milliseconds (`{ days: 400 }`, an ISO
 * 8601 string and the like), undefined when the key is absent.
 */
export function readOptionalDurationMs(
  config: Config,
  key: string,
): number | undefined {
  const value = config.getOptionalConfig(key);
  return value
    ? durationToMilliseconds(readDurationFromConfig(value))
    : undefined;
}

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
  const ms = readOptionalDurationMs(config, key) ?? defaultMs;
  if (!(ms >= 0)) {
    throw new Error(`${key} must not be negative, got ${ms} ms`);
  }
  return ms;
}
