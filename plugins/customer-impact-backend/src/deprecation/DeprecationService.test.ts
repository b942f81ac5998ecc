import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { demoCatalog } from '../__testUtils__/entities';
import { DeprecationService } from './DeprecationService';
import { DeprecationStore } from './DeprecationStore';

function memoryStore(): DeprecationStore & { rows: Map<string, number> } {
  const rows = new Map<string, number>();
  return {
    rows,
    async recordSnapshots(day, counts) {
      for (const c of counts) rows.set(`${c.entityRef}|${day}`, c.dependents);
    },
    async importPoints(points) {
      const result = { inserted: 0, updated: 0, unchanged: 0 };
      for (const p of points) {
        const key = `${p.entityRef}|${p.day}`;
        const old = rows.get(key);
        if (old === undefined) result.inserted += 1;
        else if (old === p.dependents) result.unchanged += 1;
        else result.updated += 1;
        rows.set(key, p.dependents);
      }
      return result;
    },
    async getBurndown(entityRef, sinceDay) {
      return [...rows.entries()]
        .map(([k, dependents]) => ({
          ref: k.split('|')[0],
          date: k.split('|')[1],
          dependents,
        }))
        .filter(r => r.ref === entityRef && r.date >= sinceDay)
        .sort((a, b) => a.date.localeCompare(b.date))
        .map(({ date, dependents }) => ({ date, dependents }));
    },
  };
}

describe('DeprecationService', () => {
  const now = () => new Date('2026-11-21T12:00:00Z');
  const entities = demoCatalog();
  const byName = (name: string) =>
    entities.find(e => e.metadata.name === name)!;

  function create() {
    const store = memoryStore();
    const catalog = catalogServiceMock({ entities });
    const service = new DeprecationService({
      catalog,
      store,
      logger: mockServices.logger.mock(),
      now,
    });
    return { service, store, catalog };
  }

  it('describes a deprecated API with its dependents and their owners', async () => {
    const { service } = create();
    const facet = await service.getFigures(
      byName('payments-v1'),
      mockCredentials.user(),
    );
    expect(facet).toEqual({
      deprecated: true,
      replacedBy: 'api:default/payments-v2',
      sunset: '2027-03-31',
      // 21 Nov 2026 -> 31 Mar 2027: 9 + 31 + 31 + 28 + 31 = 130 days
      daysToSunset: 130,
      migrationGuide: 'https://docs.example.com/migrate',
      reason: 'v2 has idempotency keys',
      problems: [],
      dependents: [
        {
          entityRef: 'component:default/billing',
          ownerRef: 'group:default/team-billing',
        },
        {
          entityRef: 'component:default/checkout',
          ownerRef: 'group:default/team-checkout',
        },
      ],
      exposure: [],
      burndown: [],
      progress: null,
      exemptions: [],
    });
  });

  it('says how the migration goes against the ideal line', async () => {
    const { service, store } = create();
    // 2 dependents on 2026-10-22, 2 today (2026-11-21, 30 days later): nobody
    // left, so at this pace the last dependent never leaves: behind. The
    // ideal line (2026-10-22 → 2027-03-31: 10 days to Nov 1, then 30 + 31 +
    // 31 + 28 to Mar 1, then 30 = 160 days) allows 2 × (160 − 30) / 160 =
    // 1.625 today.
    await store.importPoints(
      [
        {
          entityRef: 'api:default/payments-v1',
          day: '2026-10-22',
          dependents: 2,
        },
      ],
      now(),
    );
    await service.recordBurndown(mockCredentials.service());
    const facet = await service.getFigures(
      byName('payments-v1'),
      mockCredentials.user(),
    );
    expect(facet.progress).toEqual({
      ideal: {
        start: { date: '2026-10-22', dependents: 2 },
        end: { date: '2027-03-31', dependents: 0 },
      },
      latest: { date: '2026-11-21', dependents: 2 },
      idealAtLatest: 1.625,
      pacePerDay: 0,
      projectedLastLeaves: null,
      verdict: 'behind',
    });
  });

  it('lists what a dependent still uses that is deprecated, soonest sunset first', async () => {
    const { service } = create();
    const facet = await service.getFigures(
      byName('checkout'),
      mockCredentials.user(),
    );
    expect(facet.deprecated).toBe(false);
    expect(facet.dependents).toEqual([]);
    expect(facet.exposure).toEqual([
      {
        entityRef: 'component:default/legacy-runner',
        replacedBy: null,
        sunset: '2026-12-31',
        daysToSunset: 40, // 9 days left in November + 31 in December
        migrationGuide: null,
      },
      {
        entityRef: 'api:default/payments-v1',
        replacedBy: 'api:default/payments-v2',
        sunset: '2027-03-31',
        daysToSunset: 130,
        migrationGuide: 'https://docs.example.com/migrate',
      },
    ]);
  });

  it('has no exposure when nothing it uses is deprecated', async () => {
    const { service } = create();
    const facet = await service.getFigures(
      byName('billing'),
      mockCredentials.user(),
    );
    expect(facet.exposure.map(e => e.entityRef)).toEqual([
      'api:default/payments-v1',
    ]);
    const v2 = await service.getFigures(
      byName('payments-v2'),
      mockCredentials.user(),
    );
    expect(v2.exposure).toEqual([]);
    expect(v2.deprecated).toBe(false);
  });

  it('records one count per deprecated entity and day, then returns it as the burndown', async () => {
    const { service, store } = create();
    await expect(
      service.recordBurndown(mockCredentials.service()),
    ).resolves.toBe(2);
    expect(Object.fromEntries(store.rows)).toEqual({
      'api:default/payments-v1|2026-11-21': 2,
      // deprecated through its sunset annotation alone
      'component:default/legacy-runner|2026-11-21': 1,
    });
    const facet = await service.getFigures(
      byName('payments-v1'),
      mockCredentials.user(),
    );
    expect(facet.burndown).toEqual([{ date: '2026-11-21', dependents: 2 }]);
  });

  describe('importBurndown', () => {
    it('imports past days, and a replayed import changes nothing', async () => {
      const { service, store } = create();
      const body = {
        points: [
          {
            entityRef: 'API:default/payments-v1',
            date: '2026-10-01',
            dependents: 6,
          },
          {
            entityRef: 'api:default/payments-v1',
            date: '2026-11-01',
            dependents: 4,
          },
        ],
      };
      expect(await service.importBurndown(body)).toEqual({ inserted: 2, updated: 0, unchanged: 0, unknownEntityRefs: [] });
      expect(await service.importBurndown(body)).toEqual({ inserted: 0, updated: 0, unchanged: 2, unknownEntityRefs: [] });
      expect([...store.rows.entries()]).toEqual([
        ['api:default/payments-v1|2026-10-01', 6],
        ['api:default/payments-v1|2026-11-01', 4],
      ]);
    });

    it.each([
      [
        {
          points: [
            { entityRef: 'api:default/x', date: '2026-11-21', dependents: 1 },
          ],
        },
        'points[0].date: must be a day before today (2026-11-21)',
      ],
      [
        {
          points: [
            { entityRef: 'api:default/x', date: '2026-02-30', dependents: 1 },
          ],
        },
        'points[0].date: must be a date as YYYY-MM-DD',
      ],
      [
        {
          points: [
            { entityRef: 'not a ref', date: '2026-10-01', dependents: 1 },
          ],
        },
        'points[0].entityRef: must be an entity ref',
      ],
      [
        {
          points: [
            { entityRef: 'api:default/x', date: '2026-10-01', dependents: -1 },
          ],
        },
        'points[0].dependents',
      ],
      [
        {
          points: [
            { entityRef: 'api:default/x', date: '2026-10-01', dependents: 1 },
            { entityRef: 'api:default/X', date: '2026-10-01', dependents: 2 },
          ],
        },
        'points[1].date: repeats api:default/x on 2026-10-01 of points[0]',
      ],
      [{ points: [] }, 'points'],
    ])(
      'refuses %j naming the field, and writes nothing',
      async (body, message) => {
        const { service, store } = create();
        await expect(service.importBurndown(body)).rejects.toThrow(message);
        await expect(service.importBurndown(body)).rejects.toMatchObject({
          name: 'InputError',
        });
        expect(store.rows.size).toBe(0);
      },
    );
  });
});
