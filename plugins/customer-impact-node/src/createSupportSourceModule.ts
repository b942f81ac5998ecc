import {
  BackendFeature,
  coreServices,
  createBackendModule,
  LoggerService,
  RootConfigService,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { customerImpactSourcesExtensionPoint } from './extensions';
import { SupportEventSource } from './supportSources';

/**
 * The instances of the services a support-source module asked for, by the
 * names it gave them.
 *
 * @public
 */
export type SupportSourceModuleDeps<
  TDeps extends { [name in string]: ServiceRef<unknown> },
> = {
  [name in keyof TDeps]: TDeps[name] extends ServiceRef<
    unknown,
    'root' | 'plugin',
    'multiton'
  >
    ? Array<TDeps[name]['T']>
    : TDeps[name]['T'];
};

/**
 * What {@link SupportSourceModuleOptions.create} is given.
 *
 * @public
 */
export type SupportSourceModuleContext<
  TDeps extends { [name in string]: ServiceRef<unknown> },
> = SupportSourceModuleDeps<TDeps> & {
  /** The module's own config block, read at `configKey`. */
  config: Config;
  /** The whole app config, e.g. for `integrations`. */
  rootConfig: RootConfigService;
  logger: LoggerService;
};

/**
 * Options of {@link createSupportSourceModule}.
 *
 * @public
 */
export interface SupportSourceModuleOptions<
  TDeps extends { [name in string]: ServiceRef<unknown> },
> {
  /** The module id, e.g. `pagerduty`; the plugin id is always `customer-impact`. */
  moduleId: string;
  /**
   * Where the source's config block is, e.g. `customerImpact.sources.pagerduty`.
   * Without it the module logs {@link SupportSourceModuleOptions.notConfiguredMessage}
   * once at start and adds nothing.
   */
  configKey: string;
  /**
   * The line logged (at `info`) when the block is absent. Default:
   * `Support source <moduleId> not configured (<configKey>); not pulling events`.
   */
  notConfiguredMessage?: string;
  /**
   * More services the source needs, as for `registerInit`. The names
   * `config`, `rootConfig`, `logger` and `sources` are taken.
   */
  deps?: TDeps;
  /**
   * Builds the source from its config block. Throw (an `InputError`, say) to
   * refuse a wrong config at start; return undefined to add nothing.
   */
  create(
    context: SupportSourceModuleContext<TDeps>,
  ): SupportEventSource | undefined | Promise<SupportEventSource | undefined>;
}

const RESERVED_DEPS = ['config', 'rootConfig', 'logger', 'sources'];

/**
 * Creates the backend module of a support-event source: a `customer-impact`
 * module that reads its optional config block, logs once and does nothing
 * when the block is absent, and otherwise adds the source that `create`
 * builds to {@link customerImpactSourcesExtensionPoint}. The backend then
 * pulls it on a schedule.
 *
 * @example
 * ```ts
 * export default createSupportSourceModule({
 *   moduleId: 'my-tickets',
 *   configKey: 'customerImpact.sources.myTickets',
 *   create: ({ config }) =>
 *     new MyTicketsSource({ token: config.getString('token') }),
 * });
 * ```
 *
 * @public
 */
export function createSupportSourceModule<
  TDeps extends { [name in string]: ServiceRef<unknown> } = {},
>(options: SupportSourceModuleOptions<TDeps>): BackendFeature {
  const extraDeps = (options.deps ?? {}) as TDeps;
  const taken = Object.keys(extraDeps).filter(k => RESERVED_DEPS.includes(k));
  if (taken.length > 0) {
    throw new Error(
      `createSupportSourceModule(${
        options.moduleId
      }): the dependency names ${taken.join(', ')} are reserved`,
    );
  }
  const notConfigured =
    options.notConfiguredMessage ??
    `Support source ${options.moduleId} not configured (${options.configKey}); not pulling events`;

  return createBackendModule({
    pluginId: 'customer-impact',
    moduleId: options.moduleId,
    register(env) {
      env.registerInit({
        deps: {
          // Typed as {} here: the names below are refused above, so they win.
          ...(extraDeps as {}),
          rootConfig: coreServices.rootConfig,
          logger: coreServices.logger,
          sources: customerImpactSourcesExtensionPoint,
        },
        async init({ rootConfig, logger, sources, ...deps }) {
          const config = rootConfig.getOptionalConfig(options.configKey);
          if (!config) {
            logger.info(notConfigured);
            return;
          }
          const source = await options.create({
            ...(deps as unknown as SupportSourceModuleDeps<TDeps>),
            config,
            rootConfig,
            logger,
          });
          if (source) {
            sources.addSupportEventSource(source);
          }
        },
      });
    },
  });
}
