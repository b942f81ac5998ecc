/*
 * Most support events name no journey step: the index on `journey_ref` keeps
 * only the rows that do (a partial index, `where journey_ref is not null`), so
 * that writing an event without a journey updates one index fewer. Reads by
 * journey (`where journey_ref = ?`) use it as before on SQLite and PostgreSQL.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.dropIndex(['journey_ref'], 'support_events_journey_idx');
  });
  await knex.schema.alterTable('support_events', table => {
    table.index(['journey_ref'], 'support_events_journey_idx', {
      predicate: knex.whereNotNull('journey_ref'),
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.dropIndex(['journey_ref'], 'support_events_journey_idx');
  });
  await knex.schema.alterTable('support_events', table => {
    table.index(['journey_ref'], 'support_events_journey_idx');
  });
};
