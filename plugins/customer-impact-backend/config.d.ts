import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the Customer Impact backend plugin. */
  customerImpact?: {
    deprecation?: {
      /**
       * When the migration burndown counts the dependents of every deprecated
       * entity. One count is kept per entity and UTC day; a later run the same
       * day replaces it. Default: every hour, first run 15 s after start.
       */
      burndownSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
