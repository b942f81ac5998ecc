import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The collator's config key. */
export const CONFIG_KEY = 'search.collators.customerImpact';

/**
 * What the collator reads from `search.collators.customerImpact`.
 *
 * @public
 */
export interface CustomerImpactCollatorOptions {
  /** The kinds whose entities get a document. */
  kinds: string[];
  /** A sunset this many days away or fewer is "soon". */
  sunsetSoonDays: number;
  /** A pain index of at least this many points is "high pain". */
  highPainIndex: number;
  /** Summaries read at once. */
  concurrency: number;
  /** Where a document links to, e.g. `/catalog/:namespace/:kind/:name`. */
  locationTemplate: string;
}

/** The defaults, with the reasons in config.d.ts and the README. */
export const DEFAULT_COLLATOR_OPTIONS: CustomerImpactCollatorOptions = {
  kinds: ['Component', 'API', 'Resource', 'System'],
  sunsetSoonDays: 90,
  highPainIndex: 10,
  concurrency: 4,
  locationTemplate: '/catalog/:namespace/:kind/:name',
};

/** The default schedule: every 30 minutes, first run a minute after start. */
export const DEFAULT_COLLATOR_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 30 },
    timeout: { minutes: 15 },
    initialDelay: { seconds: 60 },
  };

function positive(
  config: Config,
  key: string,
  fallback: number,
  whole: boolean,
) {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!(value > 0) || (whole && !Number.isInteger(value))) {
    throw new InputError(
      `${CONFIG_KEY}.${key} must be a ${
        whole ? 'whole number' : 'number'
      } above 0, got ${value}`,
    );
  }
  return value;
}

/** Reads the collator's options; bad values stop the backend, naming the key. */
export function readCollatorOptions(
  root: Config,
): CustomerImpactCollatorOptions {
  const config = root.getOptionalConfig(CONFIG_KEY);
  if (!config) {
    return DEFAULT_COLLATOR_OPTIONS;
  }
  const d = DEFAULT_COLLATOR_OPTIONS;
  return {
    kinds: config.getOptionalStringArray('kinds') ?? d.kinds,
    sunsetSoonDays: positive(config, 'sunsetSoonDays', d.sunsetSoonDays, true),
    highPainIndex: positive(config, 'highPainIndex', d.highPainIndex, false),
    concurrency: positive(config, 'concurrency', d.concurrency, true),
    locationTemplate:
      config.getOptionalString('locationTemplate') ?? d.locationTemplate,
  };
}

/** Reads the collator's schedule. */
export function readCollatorSchedule(
  root: Config,
): SchedulerServiceTaskScheduleDefinition {
  const config = root.getOptionalConfig(`${CONFIG_KEY}.schedule`);
  return config
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config)
    : DEFAULT_COLLATOR_SCHEDULE;
}
