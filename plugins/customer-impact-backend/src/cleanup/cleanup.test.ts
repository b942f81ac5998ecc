import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { EntityDataCleaner } from './EntityDataCleaner';
import { ENTITY_DATA_TABLES, ENTITY_REFERENCES_KEPT } from './entityTables';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const DAY = 86_400_000;
const T0 = new Date('2026-11-21T12:00:00Z');
const GRACE = 14 * DAY;

const KEPT = 'component:default/kept';
const GONE = 'component:default/gone';
const JOURNEY_GONE = 'journey:default/old-path';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

/** One row of each kind of data, for the kept and for the gone entity. */
async function seed(knex: Knex) {
  const ms = T0.getTime() - DAY;
  for (const ref of [KEPT, GONE]) {
    await knex('support_events').insert({
      source: 'jira',
      external_id: `OPS-${ref}`,
      entity_ref: ref,
      kind: 'ticket',
      opened_at: new Date(ms),
      received_at: new Date(ms),
      updated_at: new Date(ms),
    });
    await knex('slo_series').insert({ entity_ref: ref, slo: 'availability' });
    const { id: seriesId } = await knex('slo_series')
      .where({ entity_ref: ref, slo: 'availability' })
      .first('id');
    for (const table of ['slo_samples_fine', 'slo_samples_hourly']) {
      await knex(table).insert({
        series_id: seriesId,
        start: ms,
        duration_seconds: 300,
        good: 99,
        total: 100,
      });
    }
    await knex('deprecation_snapshots').insert({
      entity_ref: ref,
      day: '2026-11-20',
      dependents: 3,
      recorded_at: new Date(ms),
    });
    await knex('recorded_changes').insert({
      id: `change-${ref.split('/')[1]}`,
      title: 'A change',
      at: new Date(ms),
      url: null,
      recorded_by: 'user:default/ada',
      recorded_at: new Date(ms),
    });
    await knex('recorded_change_entities').insert({
      change_id: `change-${ref.split('/')[1]}`,
      entity_ref: ref,
      position: 0,
    });
  }
  await knex('journey_events').insert({
    event_id: 'e1',
    journey_ref: JOURNEY_GONE,
    step_id: 'create',
    subject_hash: 'h',
    type: 'started',
    at: '2026-11-20T09:00:00Z',
    received_at: new Date(ms),
  });
}

async function count(knex: Knex, table: string, column: string, ref: string) {
  // The SLO sample tables name the entity through their series.
  const [{ n }] = table.startsWith('slo_samples_')
    ? await knex(table)
        .join('slo_series', 'slo_series.id', `${table}.series_id`)
        .where(`slo_series.${column}`, ref)
        .count({ n: '*' })
    : await knex(table).where(column, ref).count({ n: '*' });
  return Number(n);
}

describe.each(databases.eachSupportedId())(
  'data that follows the catalog, on %p',
  databaseId => {
    async function setUp() {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(
        mockServices.database({ knex, migrations: { skip: false } }),
      );
      await seed(knex);
      let now = T0;
      const cleaner = (entities: Entity[]) =>
        new EntityDataCleaner({
          knex,
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
          graceMs: GRACE,
          now: () => now,
        });
      return {
        knex,
        cleaner,
        at: (d: Date) => {
          now = d;
        },
      };
    }

    it('removes the data of an entity gone longer than the grace period, and only then', async () => {
      const { knex, cleaner, at } = await setUp();
      const catalog = [component('kept')];

      // First seen missing at T0: noted, nothing removed.
      expect(await cleaner(catalog).run()).toEqual({
        entities: 3,
        missing: 2,
        forgotten: [],
        back: 0,
      });
      // A millisecond before the grace period ends: still there.
      at(new Date(T0.getTime() + GRACE - 1));
      expect((await cleaner(catalog).run()).forgotten).toEqual([]);
      expect(await count(knex, 'support_events', 'entity_ref', GONE)).toBe(1);

      // At the end of the grace period: gone from every table, in one go.
      at(new Date(T0.getTime() + GRACE));
      expect((await cleaner(catalog).run()).forgotten).toEqual([
        GONE,
        JOURNEY_GONE,
      ]);
      for (const [table, column] of [
        ['support_events', 'entity_ref'],
        ['slo_series', 'entity_ref'],
        ['slo_samples_fine', 'entity_ref'],
        ['slo_samples_hourly', 'entity_ref'],
        ['deprecation_snapshots', 'entity_ref'],
        ['recorded_change_entities', 'entity_ref'],
        ['journey_events', 'journey_ref'],
      ]) {
        const gone = column === 'journey_ref' ? JOURNEY_GONE : GONE;
        expect({ table, left: await count(knex, table, column, gone) }).toEqual(
          { table, left: 0 },
        );
      }
      // The entity still in the catalog keeps its row in every entity table.
      for (const table of [
        'support_events',
        'slo_series',
        'slo_samples_fine',
        'slo_samples_hourly',
        'deprecation_snapshots',
        'recorded_change_entities',
      ]) {
        expect({
          table,
          kept: await count(knex, table, 'entity_ref', KEPT),
        }).toEqual({ table, kept: 1 });
      }
      // The change that concerned only the gone entity is gone; the other stays.
      expect(
        (await knex('recorded_changes').select('id')).map(r => r.id),
      ).toEqual(['change-kept']);
      // Nothing is noted any more.
      expect(
        Number((await knex('entity_orphans').count({ n: '*' }))[0].n),
      ).toBe(0);
    });

    it('keeps the data of an entity that comes back in time', async () => {
      const { knex, cleaner, at } = await setUp();
      await cleaner([component('kept')]).run();
      // Back in the catalog a week later: no longer noted.
      at(new Date(T0.getTime() + 7 * DAY));
      expect(
        (await cleaner([component('kept'), component('gone')]).run()).back,
      ).toBe(2 - 1);
      // Gone again later: the grace period starts over.
      at(new Date(T0.getTime() + GRACE + DAY));
      expect((await cleaner([component('kept')]).run()).forgotten).toEqual([
        JOURNEY_GONE,
      ]);
      expect(await count(knex, 'support_events', 'entity_ref', GONE)).toBe(1);
    });

    it('lists every table of the schema that names an entity', async () => {
      const { knex } = await setUp();
      const columns = ['entity_ref', 'journey_ref', 'dependent_ref'];
      const tables: string[] =
        knex.client.config.client === 'pg'
          ? (
              await knex('information_schema.tables')
                .select('table_name')
                .where('table_schema', 'public')
            ).map((r: { table_name: string }) => r.table_name)
          : (
              await knex('sqlite_master').select('name').where('type', 'table')
            ).map((r: { name: string }) => r.name);
      const found: string[] = [];
      for (const table of tables) {
        if (
          table.startsWith('rollup_') ||
          table === 'entity_orphans' ||
          table.startsWith('knex_')
        ) {
          continue;
        }
        const info = await knex(table).columnInfo();
        for (const column of columns) {
          if (column in info) found.push(`${table}.${column}`);
        }
      }
      expect(found.sort()).toEqual(
        [
          ...ENTITY_DATA_TABLES.map(t => `${t.table}.${t.column}`),
          ...ENTITY_REFERENCES_KEPT,
        ].sort(),
      );
    });
  },
);
