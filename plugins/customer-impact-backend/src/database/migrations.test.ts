import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY, applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ROLLUP_TABLES = [
  'rollup_entity_pain',
  'rollup_entity_pain_weekly',
  'rollup_consumer_pain',
  'rollup_group_tree',
  'rollup_state',
];

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('runs every migration up, down to nothing, and up again', async () => {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });

    await applyDatabaseMigrations(database);
    expect(await knex.schema.hasTable('deprecation_snapshots')).toBe(true);
    expect(await knex.schema.hasTable('journey_events')).toBe(true);
    expect(await knex.schema.hasTable('journey_feedback')).toBe(true);
    for (const table of [
      'slo_definitions',
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
