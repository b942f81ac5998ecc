import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { demoSeeders } from './seeders';

/**
 * Demo only: fills the demo portal with generated data by pushing it through
 * the Customer Impact REST API with this plugin's service credentials, the way
 * a user's CI job or integration would. Not part of the published packages.
 *
 * It pushes the history at start and keeps the data flowing while the demo
 * runs: every 5 minutes each seeder pushes what has happened since its last
 * successful push (SLI samples of the buckets that ended, new support and
 * journey events), continuing the same patterns (see `DemoSeedContext`).
 */
const demoDataPlugin = createBackendPlugin({
  pluginId: 'customer-impact-demo-data',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ logger, scheduler, auth, discovery }) {
        const call = async (method: string, path: string, body?: unknown) => {
          const baseUrl = await discovery.getBaseUrl('customer-impact');
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await auth.getOwnServiceCredentials(),
            targetPluginId: 'customer-impact',
          });
          const res = await fetch(`${baseUrl}${path}`, {
            method,
            headers: {
              Authorization: `Bearer ${token}`,
              'Content-Type': 'application/json',
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          if (!res.ok) {
            throw await ResponseError.fromResponse(res);
          }
          return res.json();
        };
        const origin = new Date();
        const lastPush = new Map<string, Date>();
        // At start, then on the 5-minute grid, 2 s after a bucket ends:
        // the backend evaluates SLOs at now floored to that grid.
        await scheduler.scheduleTask({
          id: 'customer-impact-demo-data',
          scope: 'local',
          frequency: { cron: '2 */5 * * * *' }, // second 2 of every 5th minute
          timeout: { minutes: 4 },
          initialDelay: { seconds: 8 },
          fn: async () => {
            for (const seeder of demoSeeders) {
              const now = new Date();
              const since = lastPush.get(seeder.name);
              try {
                await seeder.seed({
                  push: (path, body) => call('POST', path, body),
                  get: path => call('GET', path),
                  now,
                  origin,
                  since,
                  logger: logger.child({ seeder: seeder.name }),
                });
                lastPush.set(seeder.name, now);
                if (!since) {
                  logger.info(`Demo data seeded: ${seeder.name}`);
                }
              } catch (e) {
                // Not marked as pushed: the next run covers this span again.
                logger.error(
                  `Demo data seeder ${seeder.name} failed`,
                  e as Error,
                );
              }
            }
          },
        });
      },
    });
  },
});

export default demoDataPlugin;
