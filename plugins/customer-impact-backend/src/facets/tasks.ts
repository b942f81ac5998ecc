import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { CustomerImpactFacet, FacetTask } from './types';

/**
 * The schedule at `key` in the config, or `defaults` when the key is absent.
 * A schedule in config replaces the defaults as a whole, as in every
 * Backstage plugin that reads one.
 */
export function readTaskSchedule(
  config: RootConfigService,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : defaults;
}

/**
 * Schedules every task of every facet, each with `scope: 'global'`: several
 * backend replicas on one database run each task once per interval.
 * Task ids must be unique.
 */
export async function scheduleFacetTasks(options: {
  facets: ReadonlyArray<CustomerImpactFacet>;
  /** Tasks of cross-facet views (the rollups), beside the facets' own. */
  tasks?: ReadonlyArray<FacetTask>;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<string[]> {
  const ids: string[] = [];
  const tasks = [
    ...options.facets.flatMap(facet => facet.tasks),
    ...(options.tasks ?? []),
  ];
  for (const task of tasks) {
    if (ids.includes(task.id)) {
      throw new Error(`Two scheduled tasks have the id ${task.id}`);
    }
    ids.push(task.id);
    await options.scheduler.scheduleTask({
      ...task.schedule,
      id: task.id,
      scope: 'global',
      fn: async signal => {
        await task.run({ signal });
        // One line per run: with several replicas, the runs of a task can be
        // counted across them (each task runs once per interval, on one).
        options.logger.debug(`Scheduled task ${task.id} ran`);
      },
    });
  }
  options.logger.info(`Scheduled tasks: ${ids.join(', ') || 'none'}`);
  return ids;
}

/**
 * The base of every facet task: an id, and a schedule read from `configKey`
 * with `defaults` when the key is absent. Subclasses implement `run`.
 */
export abstract class ScheduledFacetTask implements FacetTask {
  readonly schedule: SchedulerServiceTaskScheduleDefinition;

  protected constructor(
    readonly id: string,
    config: RootConfigService,
    configKey: string,
    defaults: SchedulerServiceTaskScheduleDefinition,
  ) {
    this.schedule = readTaskSchedule(config, configKey, defaults);
  }

  abstract run(options: { signal: AbortSignal }): Promise<void>;
}
