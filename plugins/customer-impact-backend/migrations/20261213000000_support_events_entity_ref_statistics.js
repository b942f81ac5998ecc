/*
 * PostgreSQL only: the statistics of `support_events.entity_ref` keep one
 * most common value instead of 100. A group view binds the entities of a
 * tree as one array (`entity_ref = any(?)`, up to 10,000 refs), and the
 * planner estimates such a condition element by element against the most
 * common values: with 100 of them it planned for 21-35 ms (the whole tree's
 * latest events then took 4 ms to read); with one, 5 ms. The number of
 * distinct refs is still estimated, which is what the one-entity reads'
 * plans need. It takes effect at the table's next ANALYZE (autovacuum's).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (String(knex.client.config.client).startsWith('pg')) {
    await knex.raw(
      'alter table support_events alter column entity_ref set statistics 1',
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (String(knex.client.config.client).startsWith('pg')) {
    await knex.raw(
      'alter table support_events alter column entity_ref set statistics -1',
    );
  }
};
