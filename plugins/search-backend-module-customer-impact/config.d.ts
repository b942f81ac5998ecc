import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /**
       * The Customer Impact collator (document type `customer-impact`): one
       * document per catalog entity that has a customer impact to find.
       */
      customerImpact?: {
        /**
         * How often the documents are collated. Default: every 30 minutes,
         * first run 60 s after start (the summaries need the plugin's first
         * counts and SLO evaluations).
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * The kinds whose entities get a document. Default
         * `[Component, API, Resource, System]` (the kinds the rollups rank).
         */
        kinds?: string[];
        /**
         * A sunset this many days away or fewer is "soon" (signal
         * `sunset-soon`). Default 90, the first notice of a deprecation
         * campaign.
         */
        sunsetSoonDays?: number;
        /**
         * A pain index of at least this many points is "high pain" (signal
         * `high-pain`). Default 10: one SLO in page, two pages a week, or
         * ten tickets a week with the default weights.
         */
        highPainIndex?: number;
        /** Summaries read at once from the Customer Impact API. Default 4. */
        concurrency?: number;
        /** Where a document links to. Default `/catalog/:namespace/:kind/:name`. */
        locationTemplate?: string;
      };
    };
  };
}
