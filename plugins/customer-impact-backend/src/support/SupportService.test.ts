import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { lookupUsingTheDatabase } from '../__testUtils__/lookupUsingTheDatabase';
import { SupportService } from './SupportService';
import { DatabaseSupportStore } from './SupportStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const NOW = new Date('2026-11-25T12:00:00Z');
const PAYMENTS = 'component:default/payments';

const body = {
  events: [
    {
      source: 'jira',
      externalId: 'OPS-1',
      entityRef: 'Component:default/Payments',
      consumerRef: 'team-checkout',
      kind: 'ticket',
      openedAt: '2026-11-24T09:00:00Z',
    },
    {
      source: 'jira',
      externalId: 'OPS-2',
      entityRef: 'component:default/ghost',
      kind: 'page',
      openedAt: '2026-11-24T10:00:00Z',
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'a support push on %p',
  databaseId => {
    async function setUp() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSupportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const service = new SupportService({ store, now: () => NOW });
      const stored = () =>
        store.listEvents({
          entityRefs: [PAYMENTS, 'component:default/ghost'],
        });
      const usesTheDatabase = lookupUsingTheDatabase(
        knex,
        store,
        'upsertEvents',
      );
      return { service, stored, usesTheDatabase };
    }

    it('asks the catalog about its refs with the database free, and answers with what it said', async () => {
      const { service, stored, usesTheDatabase } = await setUp();
      const asked: string[][] = [];
      const result = await service.push(body, async refs => {
        asked.push([...refs]);
        await usesTheDatabase();
        return ['component:default/ghost'];
      });
      expect(asked).toEqual([
        [PAYMENTS, 'group:default/team-checkout', 'component:default/ghost'],
      ]);
      expect(result).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
        unknownEntityRefs: ['component:default/ghost'],
      });
      expect((await stored()).map(e => e.externalId)).toEqual([
        'OPS-1',
        'OPS-2',
      ]);
    });

    it('writes nothing when the catalog cannot be asked', async () => {
      const { service, stored } = await setUp();
      const push = service.push(body, async () => {
        throw new Error('catalog unavailable');
      });
      await expect(push).rejects.toThrow('catalog unavailable');
      expect(await stored()).toEqual([]);
      // The same push once the catalog answers: stored in full.
      await expect(service.push(body, async () => [])).resolves.toMatchObject({
        inserted: 2,
      });
      expect(await stored()).toHaveLength(2);
    });
  },
);
