import {
  LoggerService,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ScheduledFacetTask } from '../facets';
import { DeprecationCampaign } from './DeprecationCampaign';

/** Config key of the campaign task's schedule. */
export const DEPRECATION_NOTICE_SCHEDULE_KEY =
  'customerImpact.deprecation.noticeSchedule';

/**
 * Hourly: a threshold is a UTC day, so a notice goes out within the hour the
 * day begins (or the backend starts); what was sent is stored.
 */
export const DEFAULT_DEPRECATION_NOTICE_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
  };

/**
 * Runs the deprecation campaign: tells the owners of the dependents of every
 * deprecated entity with a sunset at the configured days before it and once
 * it has passed (see {@link DeprecationCampaign}).
 */
export class DeprecationNoticeTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly logger: LoggerService,
    private readonly campaign: Pick<DeprecationCampaign, 'run'>,
  ) {
    super(
      'customer-impact-deprecation-notices',
      config,
      DEPRECATION_NOTICE_SCHEDULE_KEY,
      DEFAULT_DEPRECATION_NOTICE_SCHEDULE,
    );
  }

  async run(): Promise<void> {
    const result = await this.campaign.run();
    this.logger.debug(`Deprecation campaign run: ${JSON.stringify(result)}`);
  }
}
