import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Customer Impact backend plugin. */
  customerImpact?: {
    /**
     * The pain index of every entity: Σ weight × quantity over a window,
     * one term per quantity a facet measured (see the README, "Pain index").
     */
    painIndex?: {
      /**
       * The window the quantities cover, ending now. Default `{ weeks: 4 }`;
       * at least one day.
       */
      window?: HumanDuration;
      /**
       * Points per unit of each quantity, per facet:
       * `weights: { supportLoad: { pages-per-week: 5 } }`. A weight left out
       * keeps its default (the README lists them with the reason for each).
       */
      weights?: {
        [facet: string]: { [quantity: string]: number };
      };
    };
    /** The entity summary (`GET /v1/entities/{kind}/{namespace}/{name}`). */
    summaries?: {
      /**
       * How long a person's standing (`catalog.entity.read` and
       * `customer-impact.entity.read` asked without a resource) and the
       * catalog entities read for summaries are reused. Default
       * `{ seconds: 10 }`; `{ seconds: 0 }` turns the reuse off (every
       * summary then reads with the person's credentials and asks for
       * its decision). A policy answering with conditions is always
       * decided per entity.
       */
      cacheTtl?: HumanDuration;
      /**
       * A copy of the catalog kept by the plugin, so that summaries of people
       * allowed every catalog read need no catalog call. Off by default.
       */
      entityCopy?: {
        /** Turns the copy on. Default false. */
        enabled?: boolean;
        /**
         * When every entity is read anew (on every replica). Default: every
         * minute, first read 10 seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * How old the copy may be (since its last whole read started) and
         * still serve; an older copy serves nothing. Default `{ minutes: 3 }`.
         */
        maxAge?: HumanDuration;
      };
    };
    /** Pushes through the REST API (support, journey, SLO and burn-down data). */
    pushes?: {
      /**
       * How long a push by a service reuses the catalog's answer that an
       * entity it names exists (the refs a push names are looked up to list
       * those the catalog does not have as `unknownEntityRefs`). Default
       * `{ minutes: 5 }`; `{ seconds: 0 }` asks the catalog on every push.
       * Only presence is reused: a ref the catalog did not have is asked
       * again on the next push. A person's push is always looked up with
       * their credentials.
       */
      knownEntitiesTtl?: HumanDuration;
    };
    /** Data that follows the catalog: entities gone from it lose their data here. */
    orphans?: {
      /**
       * How long an entity may be missing from the catalog before its data
       * (support events, SLO buckets and states, journey events, deprecation
       * history, its part of recorded changes) is removed. Default
       * `{ days: 14 }`; at least one hour. An entity back in time keeps it.
       */
      gracePeriod?: HumanDuration;
      /** When the check runs. Default: daily, first run 10 minutes after start. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** The group rollups (`GET /v1/groups/{namespace}/{name}/rollup`). */
    rollups?: {
      /**
       * The kinds whose entities the rollups rank. Default
       * `[component, api, resource, system]`.
       */
      kinds?: string[];
      /**
       * The whole pass over the catalog: the group tree, every entity's pain
       * index now and the past weeks not yet recorded. Default: every 10
       * minutes, first run 30 s after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * The entities whose data arrived since the last run, computed again.
       * Default: every minute.
       */
      changesSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    deprecation?: {
      /**
       * When the migration burndown counts the dependents of every deprecated
       * entity. One count is kept per entity and UTC day; a later run the same
       * day replaces it. Default: every hour, first run 15 s after start.
       */
      burndownSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Days before a deprecated entity's sunset at which the owner of each of
       * its dependents is notified (Backstage notifications, topic
       * `customer-impact-deprecation`); they are also notified once the
       * sunset has passed. Each notice is sent once per dependent and sunset
       * date. Whole numbers, at least 1. Default [90, 30, 7].
       */
      noticeDays?: number[];
      /**
       * When the deprecation campaign looks for notices that are due.
       * Default: every hour, first run 1 min after start.
       */
      noticeSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    slo?: {
      /**
       * N: days of SLI data kept in 5-minute buckets. Older buckets are rolled
       * up into hourly buckets by the retention job, and pushes of samples
       * older than N days are refused (400). Default 35 (a 30-day window at
       * full resolution), at least 4 (the 3-day burn-rate lookback). A
       * time-slice SLO whose slices are shorter than an hour needs its
       * buckets over its whole window: while one is stored, 5-minute buckets
       * are kept as long as its window, if that is longer than N days, and
       * its own samples are taken as far back as its window.
       */
      fineRetentionDays?: number;
      /**
       * Minimum events in a lookback window for its burn rate to be trusted;
       * fewer marks it low-confidence and it never alerts. Default 100.
       */
      minEvents?: number;
      /**
       * The SLO period (window) of Sloth SLOs, which carry none in their file:
       * Sloth takes it from its `--default-slo-period`. A fixed duration of
       * whole 5-minute buckets; Sloth ships alert windows for 30d and 28d.
       * Default `30d` (Sloth's default).
       */
      slothPeriod?: string;
      /** When every entity's `customer-impact/openslo` file is read again. Default: every 30 min. */
      definitionsSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** When SLI data is pulled from the installed sources. Default: every 5 min. */
      pullSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** When alert states are evaluated and owners notified. Default: every 5 min. */
      alertSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** When fine buckets are rolled up and expired data deleted. Default: every hour. */
      retentionSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Whether every entity's SLO facet is computed ahead for the current
       * 5-minute evaluation instant (and the next), stored in the plugin's
       * database with a stamp of what it was computed from, and served by
       * summaries while the stamp of what they read is the same. Costs one
       * evaluation of each entity's SLOs per instant and per change of its
       * data, on one replica. Default: true.
       */
      precomputeFacets?: boolean;
      /** When the SLO facets are computed ahead. Default: every minute. */
      facetSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Blast radius: telling the teams that consume a burning entity. */
      notifyConsumers?: {
        /**
         * Owners (group refs; a ref without a kind is a group) that opt in:
         * when an SLO of an entity they own enters page or ticket, the owners
         * of its consumers (what depends on it, consumes its API or an API it
         * provides) get a Backstage notification, once per incident (a
         * continuous period in page or ticket). Default: none.
         */
        owners?: string[];
      };
    };
    support?: {
      /**
       * When every support event source (PagerDuty, GitHub, ... modules) is
       * pulled; one global task per source. Default: every 15 min, first run
       * 30 s after start, timeout 10 min.
       */
      pullSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How long support events are kept, counted from when each was opened:
       * a daily task deletes the older ones. At least 13 weeks (the support
       * trend's 12 weeks and this one). Weeks before the earliest event kept
       * read as not covered (no data), in the trend and in the relief of
       * changes. Default: kept for ever.
       */
      retention?: HumanDuration;
      /** When the retention runs. Default: daily, first run 5 minutes after start. */
      retentionSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    journeys?: {
      /**
       * Secret that keys the hash of the people in journey events and feedback
       * (HMAC-SHA256): only the hash is stored, never the pushed `subject` or
       * the user entity ref. At least 16 characters; keep it stable (a new
       * secret makes everyone a new person). Without it the backend starts, but
       * journey events and feedback are refused (503) until it is set.
       * @visibility secret
       */
      subjectHashSecret?: string;
      /**
       * k: every journey aggregate over fewer than this many distinct people is
       * withheld. Default 5, at least 2.
       */
      minPeople?: number;
    };
  };
}
