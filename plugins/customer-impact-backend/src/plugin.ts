import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { customerImpactPermissions } from '@customer-impact/plugin-customer-impact-common';
import {
  SliSource,
  SupportEventSource,
  customerImpactSourcesExtensionPoint,
} from '@customer-impact/plugin-customer-impact-node';
import { createChanges } from './changes';
import { registerCustomerImpactActions } from './actions';
import { createDeprecationFacet } from './deprecation/DeprecationFacet';
import { CustomerImpactFacet, scheduleFacetTasks } from './facets';
import { createJourneysFacet } from './journey/JourneysFacet';
import { PainIndexService, readPainIndexConfig } from './pain';
import {
  EntityDataCleaner,
  EntityDataCleanupTask,
  readOrphansGraceMs,
} from './cleanup';
import { DatabaseRollupStore, createRollups } from './rollup';
import { EntitySummaryService } from './service/EntitySummaryService';
import { createRouter } from './service/router';
import { EntityAccess, readAccessCacheTtlMs } from './service/CallerAccess';
import { createEntityCopy } from './service/EntityCopy';
import {
  KnownEntityRefs,
  readKnownEntitiesTtlMs,
} from './service/unknownEntities';
import { createSloFacet } from './slo/SloFacet';
import { createSupportFacet } from './support/SupportFacet';
import { DatabaseSupportStore } from './support/SupportStore';

/**
 * The Customer Impact backend plugin.
 *
 * @public
 */
export const customerImpactPlugin = createBackendPlugin({
  pluginId: 'customer-impact',
  register(env) {
    const sliSources = new Map<string, SliSource>();
    const supportSources = new Map<string, SupportEventSource>();
    env.registerExtensionPoint(customerImpactSourcesExtensionPoint, {
      addSliSource(source) {
        if (sliSources.has(source.type)) {
          throw new Error(
            `An SLI source for OpenSLO DataSource type "${source.type}" is already installed; install one module per type`,
          );
        }
        sliSources.set(source.type, source);
      },
      addSupportEventSource(source) {
        if (supportSources.has(source.id)) {
          throw new Error(
            `A support event source with id "${source.id}" is already installed; ids must be unique`,
          );
        }
        supportSources.set(source.id, source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
        urlReader,
        notifications,
        actionsRegistry,
      }) {
        // The suite's permissions, listed in the plugin's permission metadata
        // (`/.well-known/backstage/permissions/metadata`). The resource
        // permissions are of type `catalog-entity`, which the catalog owns:
        // conditions on them (`createCatalogConditionalDecision`) are applied
        // by the catalog, through the permission backend. Through the
        // permissions registry, not a router of our own: the actions registry
        // uses it too, and its metadata route would otherwise answer first.
        permissionsRegistry.addPermissions(customerImpactPermissions);
        const deps = {
          config,
          logger,
          auth,
          httpAuth,
          permissions,
          catalog,
          database,
          // The catalog's presence answers, shared by services' pushes.
          knownEntities: new KnownEntityRefs({
            ttlMs: readKnownEntitiesTtlMs(config),
          }),
        };
        // Every facet, in summary order. Each one brings its store, its
        // routes and its scheduled tasks; see "Adding a facet" in the README.
        // One support store for the support facet and for the journeys,
        // whose self-service rate counts the support events naming a step.
        const supportStore = await DatabaseSupportStore.create({ database });
        // One rollup store for the rollups and for the internal-customers
        // ranking, which reads its ownership from the rollups once built.
        const rollupStore = await DatabaseRollupStore.create({ database });
        const journeys = await createJourneysFacet({
          ...deps,
          supportEvents: supportStore,
        });
        const facets: CustomerImpactFacet[] = [
          await createDeprecationFacet({ ...deps, notifications }),
          await createSloFacet({
            ...deps,
            urlReader,
            notifications,
            sliSources,
          }),
          journeys,
          await createSupportFacet({
            ...deps,
            store: supportStore,
            sources: [...supportSources.values()],
            hashRequester: subject => journeys.service.hashSubject(subject),
            ownership: rollupStore,
          }),
        ];
        // Cross-facet views over the facets: the pain index of every
        // summary and the group rollups.
        const painConfig = readPainIndexConfig(config);
        const painIndex = new PainIndexService({
          facets,
          config: painConfig,
          logger,
        });
        const rollups = await createRollups({
          ...deps,
          store: rollupStore,
          facets,
          painIndex,
          painConfig,
        });
        const summaries = new EntitySummaryService({
          facets,
          painIndex,
          logger,
          catalog,
        });
        // Read-only actions for MCP clients and other plugins, over the
        // same services and permission checks as the REST API.
        registerCustomerImpactActions({
          actionsRegistry,
          auth,
          permissions,
          catalog,
          summaries,
          rollups: rollups.service,
          journeys: journeys.service,
        });
        // Data follows the catalog: entities gone for longer than the grace
        // period lose their data here.
        const cleanup = new EntityDataCleanupTask({
          config,
          logger,
          cleaner: new EntityDataCleaner({
            knex: await database.getClient(),
            catalog,
            auth,
            logger,
            graceMs: readOrphansGraceMs(config),
          }),
        });
        await scheduleFacetTasks({
          facets,
          tasks: [...rollups.tasks, cleanup],
          scheduler,
          logger,
        });

        // Recorded changes and their relief: not a summary facet, so their
        // routes are mounted beside the facets' (see README, "Changes and relief").
        const changes = await createChanges(deps);

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            logger,
            facets,
            painIndex,
            summaries,
            // Callers' standings and entities reused for a few seconds.
            access: new EntityAccess({
              permissions,
              catalog,
              auth,
              ttlMs: readAccessCacheTtlMs(config),
              // Off unless the operator turns it on.
              copy: await createEntityCopy({
                config,
                catalog,
                auth,
                scheduler,
                logger,
              }),
            }),
            // Each entity's neighbours as the rollups last read them: the
            // summary reads the entity and them in one catalog call.
            neighbours: rollupStore,
            routers: [rollups.router, changes.router],
          }),
        );
      },
    });
  },
});
