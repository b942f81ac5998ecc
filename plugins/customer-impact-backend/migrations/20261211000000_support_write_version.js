/*
 * One counter, bumped in the transaction of every push or pull that inserts
 * or changes support events (a replay that changes nothing leaves it). The
 * internal-customers rankings a backend replica keeps in memory are keyed by
 * it, so a write through any replica retires them on every replica; a clock
 * (`updated_at`) could not, since replicas' clocks differ.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('support_write_version', table => {
    table.comment(
      'Bumped by every write that changes support events; keys the rankings cached in memory',
    );
    table.integer('id').primary().comment('Always 1: one row');
    table
      .bigInteger('version')
      .notNullable()
      .comment('Writes that changed support events so far');
  });
  await knex('support_write_version').insert({ id: 1, version: 0 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('support_write_version');
};
