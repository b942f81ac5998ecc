import { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseSloSampleStore, SloSampleStore } from './SloSampleStore';
import { DatabaseSloStateStore, SloStateStore } from './SloStateStore';

/**
 * Both stores of the SLO facet on the plugin's database (migrations run
 * once), in the shape `SloService` takes them:
 * `new SloService({ ...(await createSloStores({ database })), ... })`.
 */
export async function createSloStores(options: {
  database: DatabaseService;
}): Promise<{ sampleStore: SloSampleStore; stateStore: SloStateStore }> {
  const sampleStore = await DatabaseSloSampleStore.create(options);
  const stateStore = await DatabaseSloStateStore.create(options);
  return { sampleStore, stateStore };
}
