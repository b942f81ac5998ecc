/**
 * Daily count of the dependents every deprecated entity still has: the data
 * behind the migration burndown.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deprecation_snapshots', table => {
    table.comment('How many dependents a deprecated entity had on a UTC day');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The deprecated entity, kind:namespace/name in lower case');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .integer('dependents')
      .notNullable()
      .comment('Entities that depended on or consumed it that day');
    table
      .timestamp('recorded_at', { useTz: true })
      .notNullable()
      .comment('When the count was last taken');
    table.primary(['entity_ref', 'day']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deprecation_snapshots');
};
