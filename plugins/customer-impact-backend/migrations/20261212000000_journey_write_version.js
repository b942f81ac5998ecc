/*
 * One counter, bumped in the transaction of every push that inserts or
 * changes journey events or feedback answers, and of every clean-up that
 * removes them (a replay that changes nothing leaves it). The journey figures
 * a backend replica keeps in memory are keyed by it (and by the support
 * events' counter), so a write through any replica retires them on every
 * replica.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('journey_write_version', table => {
    table.comment(
      'Bumped by every write that changes journey events or answers; keys the journey figures cached in memory',
    );
    table.integer('id').primary().comment('Always 1: one row');
    table
      .bigInteger('version')
      .notNullable()
      .comment('Writes that changed journey events or answers so far');
  });
  await knex('journey_write_version').insert({ id: 1, version: 0 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('journey_write_version');
};
