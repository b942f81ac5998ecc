import { CatalogService } from '@backstage/plugin-catalog-node';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { SloService } from '../SloService';
import { createSloStores } from '../stores';

/**
 * An SLO service on `knex` (its migrations applied), with mocked services
 * around it, no SLI source, and the clock at `now` and `minEvents` when
 * given.
 */
export async function createTestSloService(options: {
  knex: Knex;
  fineRetentionDays: number;
  now?: () => Date;
  catalog?: CatalogService;
  minEvents?: number;
}): Promise<SloService> {
  return new SloService({
    ...(await createSloStores({
      database: mockServices.database({
        knex: options.knex,
        migrations: { skip: false },
      }),
    })),
    urlReader: mockServices.urlReader.mock(),
    catalog: options.catalog ?? ({} as CatalogService),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    sliSources: new Map(),
    fineRetentionDays: options.fineRetentionDays,
    minEvents: options.minEvents,
    ...(options.now ? { now: options.now } : {}),
  });
}
