import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseSloSampleStore } from '../slo/SloSampleStore';
import { MIGRATIONS_DIRECTORY, applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SERIES_MIGRATION = '20261208000000_slo_series.js';
const ROLLUP_OWNER_MIGRATION = '20261209000000_rollup_owner_columns.js';
const JOURNEY_PARTIAL_INDEX_MIGRATION =
  '20261210000000_support_events_journey_partial_index.js';
const ENTITY_REF_STATISTICS_MIGRATION =
  '20261213000000_support_events_entity_ref_statistics.js';

/** A row of an SLO sample table before the series layout. */
interface OldRow {
  entity_ref: string;
  slo: string;
  start: number;
  duration_seconds: number;
  good: number;
  total: number;
  value_min: number | null;
  value_max: number | null;
}
const ROLLUP_TABLES = [
  'rollup_entity_pain',
  'rollup_entity_pain_weekly',
  'rollup_consumer_pain',
  'rollup_group_tree',
  'rollup_state',
];

/**
 * A test database with every migration applied (as the plugin applies them),
 * then, with `downTo`, rolled back to before that migration.
 */
async function migrated(
  databaseId: Parameters<typeof databases.init>[0],
  options: { downTo?: string } = {},
) {
  const knex = await databases.init(databaseId);
  await applyDatabaseMigrations(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  if (options.downTo) {
    await knex.migrate.down({
      directory: MIGRATIONS_DIRECTORY,
      name: options.downTo,
    });
  }
  return knex;
}

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('runs every migration up, down to nothing, and up again', async () => {
    const knex = await migrated(databaseId);
    expect(await knex.schema.hasTable('deprecation_snapshots')).toBe(true);
    expect(await knex.schema.hasTable('journey_events')).toBe(true);
    expect(await knex.schema.hasTable('journey_feedback')).toBe(true);
    for (const table of [
      'slo_definitions',
      'slo_series',
      'slo_samples_fine',
      'slo_samples_hourly',
      'slo_collection',
      'slo_alert_states',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    for (const table of [
      'deprecation_exemptions',
      'deprecation_notices',
      'slo_incidents',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    for (const table of ROLLUP_TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    expect(await knex.schema.hasTable('recorded_changes')).toBe(true);
    expect(await knex.schema.hasTable('recorded_change_entities')).toBe(true);

    await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
    expect(await knex.schema.hasTable('deprecation_snapshots')).toBe(false);
    expect(await knex.schema.hasTable('journey_events')).toBe(false);
    expect(await knex.schema.hasTable('journey_feedback')).toBe(false);
    expect(await knex.schema.hasTable('slo_samples_fine')).toBe(false);
    expect(await knex.schema.hasTable('slo_definitions')).toBe(false);
    for (const table of ROLLUP_TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    expect(await knex.schema.hasTable('deprecation_exemptions')).toBe(false);
    expect(await knex.schema.hasTable('deprecation_notices')).toBe(false);
    expect(await knex.schema.hasTable('slo_incidents')).toBe(false);
    expect(await knex.schema.hasTable('recorded_changes')).toBe(false);

    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    expect(await knex.schema.hasTable('deprecation_snapshots')).toBe(true);
  });

  it('moves the SLO samples written before the series layout, and back', async () => {
    // Back to the layout before the series: samples keyed by entity and SLO.
    const knex = await migrated(databaseId, { downTo: SERIES_MIGRATION });
    expect(await knex.schema.hasTable('slo_series')).toBe(false);
    expect(await knex.schema.hasColumn('slo_samples_fine', 'entity_ref')).toBe(
      true,
    );
    const T0 = Date.parse('2026-11-20T10:00:00Z');
    const old = {
      fine: [] as OldRow[],
      hourly: [] as OldRow[],
    };
    for (const entity_ref of ['component:default/a', 'component:default/b']) {
      for (const slo of ['availability', 'latency']) {
        for (let i = 0; i < 24; i++) {
          const value = slo === 'latency' ? 0.1 * (i + 1) : null;
          old.fine.push({
            entity_ref,
            slo,
            start: T0 + i * 300_000,
            duration_seconds: 300,
            good: i,
            total: 24 + i,
            value_min: value,
            value_max: value === null ? null : value * 2,
          });
        }
        // Hourly roll-ups of a series with no fine buckets too.
        for (const s of [slo, `${slo}-old`]) {
          old.hourly.push({
            entity_ref,
            slo: s,
            start: T0 - 3_600_000,
            duration_seconds: 3600,
            good: 99.5,
            total: 100,
            value_min: null,
            value_max: null,
          });
        }
      }
    }
    await knex('slo_samples_fine').insert(old.fine);
    await knex('slo_samples_hourly').insert(old.hourly);
    const sorted = (rows: OldRow[]) =>
      rows
        .map(r => ({
          entity_ref: r.entity_ref,
          slo: r.slo,
          start: Number(r.start),
          duration_seconds: Number(r.duration_seconds),
          good: Number(r.good),
          total: Number(r.total),
          value_min: r.value_min === null ? null : Number(r.value_min),
          value_max: r.value_max === null ? null : Number(r.value_max),
        }))
        .sort((a, b) =>
          `${a.entity_ref} ${a.slo} ${String(a.start).padStart(16)}` <
          `${b.entity_ref} ${b.slo} ${String(b.start).padStart(16)}`
            ? -1
            : 1,
        );

    // Up: every sample under its series, the same values.
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    expect(await knex.schema.hasColumn('slo_samples_fine', 'entity_ref')).toBe(
      false,
    );
    expect(Number((await knex('slo_series').count({ n: '*' }))[0].n)).toBe(8);
    for (const table of ['fine', 'hourly'] as const) {
      const moved = await knex(`slo_samples_${table}`)
        .join('slo_series', 'slo_series.id', `slo_samples_${table}.series_id`)
        .select(
          'slo_series.entity_ref',
          'slo_series.slo',
          'start',
          'duration_seconds',
          'good',
          'total',
          'value_min',
          'value_max',
        );
      expect(sorted(moved)).toEqual(sorted(old[table]));
    }
    // Read through the store as the plugin reads them.
    const store = await DatabaseSloSampleStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const read = await store.readBuckets({
      entityRef: 'component:default/b',
      slos: ['latency', 'availability-old'],
      fromMs: T0 - 3_600_000,
      toMs: T0 + 3_600_000,
      splitMs: T0,
    });
    expect(read.get('latency')).toHaveLength(1 + 12);
    expect(read.get('latency')![1]).toEqual({
      start: T0,
      durationSeconds: 300,
      good: 0,
      total: 24,
      valueMin: 0.1,
      valueMax: 0.2,
    });
    expect(read.get('availability-old')).toEqual([
      { start: T0 - 3_600_000, durationSeconds: 3600, good: 99.5, total: 100 },
    ]);
    expect(
      await store.latestSampleEnds('component:default/a', [
        'availability',
        'availability-old',
        'none',
      ]),
    ).toEqual(
      new Map([
        ['availability', T0 + 24 * 300_000],
        ['availability-old', T0],
      ]),
    );

    // Down again: the old layout with the same rows.
    await knex.migrate.down({
      directory: MIGRATIONS_DIRECTORY,
      name: SERIES_MIGRATION,
    });
    expect(await knex.schema.hasTable('slo_series')).toBe(false);
    for (const table of ['fine', 'hourly'] as const) {
      expect(sorted(await knex(`slo_samples_${table}`).select())).toEqual(
        sorted(old[table]),
      );
    }
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  });

  it("copies each rollup entity's owner onto its teams' and weeks' rows", async () => {
    const knex = await migrated(databaseId, { downTo: ROLLUP_OWNER_MIGRATION });
    expect(
      await knex.schema.hasColumn('rollup_consumer_pain', 'owner_ref'),
    ).toBe(false);
    const entity = (entity_ref: string, owner_ref: string | null) => ({
      entity_ref,
      kind: 'component',
      owner_ref,
      value: 1,
      terms: '[]',
      no_data: '[]',
      window_from: 0,
      window_to: 1,
      deprecated: false,
      computed_at: 1,
    });
    await knex('rollup_entity_pain').insert([
      entity('component:default/a', 'group:default/x'),
      entity('component:default/b', null),
    ]);
    for (const entity_ref of ['component:default/a', 'component:default/b']) {
      await knex('rollup_consumer_pain').insert({
        entity_ref,
        consumer_ref: 'group:default/t',
        points: 1,
        quantities: '[]',
        categories: '[]',
      });
      await knex('rollup_entity_pain_weekly').insert(
        [0, 604_800_000].map(week_start => ({
          entity_ref,
          week_start,
          value: 1,
          computed_at: 1,
        })),
      );
    }
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    for (const table of ['rollup_consumer_pain', 'rollup_entity_pain_weekly']) {
      const rows = await knex(table)
        .select('entity_ref', 'owner_ref')
        .orderBy('entity_ref');
      expect(rows.map(r => [r.entity_ref, r.owner_ref])).toEqual(
        rows.map(r => [
          r.entity_ref,
          r.entity_ref === 'component:default/a' ? 'group:default/x' : null,
        ]),
      );
      expect(rows.length).toBeGreaterThan(1);
    }
  });

  it("indexes only the support events that name a journey, and a journey's reads use that index", async () => {
    const knex = await migrated(databaseId);
    const definition = async () => {
      if (knex.client.config.client === 'pg') {
        const { rows } = await knex.raw(
          "select indexdef as sql from pg_indexes where indexname = 'support_events_journey_idx'",
        );
        return String(rows[0].sql);
      }
      const [row] = await knex('sqlite_master')
        .where({ type: 'index', name: 'support_events_journey_idx' })
        .select('sql');
      return String(row.sql);
    };
    expect(await definition()).toMatch(
      /where\s+\(?["\x60]?journey_ref["\x60]?\)?\s+is not null/i,
    );
    // The plan of a journey's read (PostgreSQL told not to scan the table,
    // which it would prefer for an empty one).
    const plan = await knex.transaction(async tx => {
      const read =
        "select * from support_events where journey_ref = 'journey:default/a'";
      if (tx.client.config.client === 'pg') {
        await tx.raw('set local enable_seqscan = off');
        return tx.raw(`explain ${read}`);
      }
      return tx.raw(`explain query plan ${read}`);
    });
    expect(JSON.stringify(plan)).toContain('support_events_journey_idx');
    await knex.migrate.down({
      directory: MIGRATIONS_DIRECTORY,
      name: JOURNEY_PARTIAL_INDEX_MIGRATION,
    });
    expect(await definition()).not.toMatch(/ where /i);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  });

  it("keeps one most common entity ref in PostgreSQL's statistics of the support events", async () => {
    const knex = await migrated(databaseId);
    const applied = await knex('knex_migrations').where({
      name: ENTITY_REF_STATISTICS_MIGRATION,
    });
    expect(applied).toHaveLength(1);
    if (!String(knex.client.config.client).startsWith('pg')) {
      // Nothing to do on SQLite, which has no such statistics.
      return;
    }
    const target = async () => {
      const { rows } = await knex.raw(
        `select attstattarget as target from pg_attribute
          where attrelid = 'support_events'::regclass and attname = 'entity_ref'`,
      );
      return Number(rows[0].target);
    };
    expect(await target()).toBe(1);
    // 2,000 events over 20 entities, one of them with a quarter of them:
    // analysed, at most one most common value is kept.
    await knex('support_events').insert(
      Array.from({ length: 2000 }, (_, i) => ({
        source: 'jira',
        external_id: `S-${i}`,
        entity_ref: `component:default/svc-${i % 4 === 0 ? 0 : i % 20}`,
        kind: 'ticket',
        opened_at: new Date('2026-11-01T00:00:00Z'),
        received_at: new Date('2026-11-02T00:00:00Z'),
        updated_at: new Date('2026-11-02T00:00:00Z'),
      })),
    );
    await knex.raw('analyze support_events');
    const { rows } = await knex.raw(
      `select array_length(most_common_vals::text::text[], 1) as kept
         from pg_stats where tablename = 'support_events' and attname = 'entity_ref'`,
    );
    expect(Number(rows[0].kept)).toBe(1);
    await knex.migrate.down({
      directory: MIGRATIONS_DIRECTORY,
      name: ENTITY_REF_STATISTICS_MIGRATION,
    });
    expect(await target()).toBe(-1);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  });

  it('leaves the schema alone when the installation skips migrations', async () => {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({
      knex,
      migrations: { skip: true },
    });
    await applyDatabaseMigrations(database);
    expect(await knex.schema.hasTable('deprecation_snapshots')).toBe(false);
  });
});
