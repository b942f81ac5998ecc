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
        await scheduler.scheduleTask({
          id: 'customer-impact-demo-data',
          scope: 'local',
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 8 },
          fn: async () => {
            for (const seeder of demoSeeders) {
              try {
                await seeder.seed({
                  push: (path, body) => call('POST', path, body),
                  get: path => call('GET', path),
                  now: new Date(),
                  logger: logger.child({ seeder: seeder.name }),
                });
                logger.info(`Demo data seeded: ${seeder.name}`);
              } catch (e) {
                logger.error(`Demo data seeder ${seeder.name} failed`, e as Error);
              }
            }
          },
        });
      },
    });
  },
});

export default demoDataPlugin;
