import { createTestDatabases } from '../__testUtils__/databases';
import { lookupUsingTheDatabase } from '../__testUtils__/lookupUsingTheDatabase';
import { countSloSamples } from './__testUtils__/countSloSamples';
import { createTestSloService } from './__testUtils__/sloService';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const NOW = new Date('2026-11-21T12:02:30Z');
const GRID = Date.parse('2026-11-21T12:00:00Z');

/** Two buckets of one entity the catalog has and one bucket of one it has not. */
const body = {
  samples: [
    ...[1, 2].map(i => ({
      entityRef: 'Component:default/Checkout',
      slo: 'availability',
      start: new Date(GRID - i * 300_000).toISOString(),
      durationSeconds: 300,
      good: 999,
      total: 1000,
    })),
    {
      entityRef: 'component:default/ghost',
      slo: 'availability',
      start: new Date(GRID - 300_000).toISOString(),
      durationSeconds: 300,
      good: 10,
      total: 10,
    },
  ],
};

describe.each(databases.eachSupportedId())('an SLO push on %p', databaseId => {
  async function setUp() {
    const knex = await databases.init(databaseId);
    const service = await createTestSloService({
      knex,
      fineRetentionDays: 35,
      now: () => NOW,
    });
    return {
      service,
      stored: async () => (await countSloSamples(knex)).fine,
      usesTheDatabase: lookupUsingTheDatabase(
        knex,
        service.samples,
        'upsertSamples',
      ),
    };
  }

  it('asks the catalog about its refs with the database free, and answers with what it said', async () => {
    const { service, stored, usesTheDatabase } = await setUp();
    const asked: string[][] = [];
    const result = await service.pushSamples(body, async refs => {
      asked.push([...new Set(refs)]);
      await usesTheDatabase();
      return ['component:default/ghost'];
    });
    expect(asked).toEqual([
      ['component:default/checkout', 'component:default/ghost'],
    ]);
    expect(result).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: ['component:default/ghost'],
    });
    expect(await stored()).toBe(3);
  });

  it('writes nothing when the catalog cannot be asked', async () => {
    const { service, stored } = await setUp();
    const push = service.pushSamples(body, async () => {
      throw new Error('catalog unavailable');
    });
    await expect(push).rejects.toThrow('catalog unavailable');
    expect(await stored()).toBe(0);
    // The same push once the catalog answers: stored in full.
    await expect(service.pushSamples(body, async () => [])).resolves.toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });
    expect(await stored()).toBe(3);
  });
});
