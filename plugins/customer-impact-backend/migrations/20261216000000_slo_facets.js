/**
 * The SLO facet of each entity precomputed for an evaluation instant, and
 * the write counter of each series it is checked against.
 *
 * - `slo_series.version`: raised by every write that changes a series'
 *   buckets (a push, a pull, the roll-up job), in the write's transaction.
 * - `slo_facets`: the facet of an entity at an instant (`at`, epoch ms on
 *   the 5-minute grid) with the stamp of what it was computed from (the
 *   definitions, the series with their versions, the pull state, the
 *   settings). A summary serves it only when the stamp of what it reads now
 *   is the same, so it equals the facet computed afresh.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slo_series', table => {
    table
      .integer('version')
      .notNullable()
      .defaultTo(0)
      .comment('Raised by every write that changes the series buckets');
  });
  await knex.schema.createTable('slo_facets', table => {
    table.comment(
      'The SLO facet of an entity precomputed for an evaluation instant',
    );
    table.string('entity_ref', 255).notNullable();
    table
      .bigInteger('at')
      .notNullable()
      .comment('The evaluation instant, epoch ms');
    table
      .string('stamp', 64)
      .notNullable()
      .comment('Hash of what the facet was computed from');
    table.text('facet').notNullable().comment('The facet, JSON');
    table.bigInteger('computed_at').notNullable().comment('epoch ms');
    table.primary(['entity_ref', 'at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_facets');
  await knex.schema.alterTable('slo_series', table => {
    table.dropColumn('version');
  });
};
