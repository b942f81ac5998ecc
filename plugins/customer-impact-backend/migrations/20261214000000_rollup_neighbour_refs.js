/**
 * The refs of each entity's neighbours as the rollups last read them
 * (`rollup_entity_pain.neighbour_refs`, a JSON array, lower case): the
 * relations a summary reads the targets of (dependencies and dependents,
 * APIs provided and consumed, journeys). A summary reads the entity and
 * those neighbours in one catalog call instead of the entity first and its
 * neighbours after; a neighbour added since is read in a second call, one
 * gone is read for nothing. Null until the rollups compute the entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollup_entity_pain', table => {
    table
      .text('neighbour_refs')
      .nullable()
      .comment(
        "JSON array of the entity's neighbour refs when the rollups last read it",
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollup_entity_pain', table => {
    table.dropColumn('neighbour_refs');
  });
};
