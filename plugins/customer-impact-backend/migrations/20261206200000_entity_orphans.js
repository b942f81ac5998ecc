/**
 * Entities the plugin holds data about that the catalog no longer has, and
 * since when: their data is removed once the grace period has passed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('entity_orphans', table => {
    table.comment('Entities with data here that the catalog no longer has');
    table.string('entity_ref', 255).primary().comment('Lower case');
    table
      .bigInteger('missing_since')
      .notNullable()
      .comment('First seen missing, epoch ms');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_orphans');
};
