import {
  AuthService,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ScheduledFacetTask } from '../facets';
import { DeprecationService } from './DeprecationService';

/** Config key of the burndown task's schedule. */
export const DEPRECATION_BURNDOWN_SCHEDULE_KEY =
  'customerImpact.deprecation.burndownSchedule';

/** Hourly; one count per entity and UTC day, a later count replaces the day's. */
export const DEFAULT_DEPRECATION_BURNDOWN_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 15 },
  };

/**
 * Counts the dependents of every deprecated entity and records the day's
 * count, with the plugin's own service credentials so that every dependent
 * is counted.
 */
export class DeprecationBurndownTask extends ScheduledFacetTask {
  constructor(
    private readonly options: {
      config: RootConfigService;
      auth: AuthService;
      service: DeprecationService;
    },
  ) {
    super(
      'customer-impact-deprecation-burndown',
      options.config,
      DEPRECATION_BURNDOWN_SCHEDULE_KEY,
      DEFAULT_DEPRECATION_BURNDOWN_SCHEDULE,
    );
  }

  async run(): Promise<void> {
    await this.options.service.recordBurndown(
      await this.options.auth.getOwnServiceCredentials(),
    );
  }
}
