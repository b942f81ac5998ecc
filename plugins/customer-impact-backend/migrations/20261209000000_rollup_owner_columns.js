/**
 * The owner of each entity (`rollup_entity_pain.owner_ref`) copied onto its
 * rows of the consuming teams and of the weeks, each with an index led by
 * it: a group's rollup then sums the teams and the weeks of its tree from
 * those indexes alone, instead of joining every row to its entity (120,000
 * weekly rows for a tree of 10,000 entities). The rollups write the copy
 * with the entity (and move every week of the entity when its owner
 * changes); this migration fills it for the rows already there.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollup_consumer_pain', table => {
    table
      .string('owner_ref', 255)
      .nullable()
      .comment("The entity's owner, as in rollup_entity_pain");
  });
  await knex.schema.alterTable('rollup_entity_pain_weekly', table => {
    table
      .string('owner_ref', 255)
      .nullable()
      .comment("The entity's owner now, as in rollup_entity_pain");
  });
  for (const name of ['rollup_consumer_pain', 'rollup_entity_pain_weekly']) {
    await knex(name).update({
      owner_ref: knex('rollup_entity_pain')
        .select('owner_ref')
        .where('rollup_entity_pain.entity_ref', knex.ref(`${name}.entity_ref`)),
    });
  }
  await knex.schema.alterTable('rollup_consumer_pain', table => {
    table.index(
      ['owner_ref', 'consumer_ref', 'points'],
      'rollup_consumer_pain_owner_idx',
    );
  });
  await knex.schema.alterTable('rollup_entity_pain_weekly', table => {
    table.index(
      ['owner_ref', 'week_start', 'value'],
      'rollup_entity_pain_weekly_owner_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollup_consumer_pain', table => {
    table.dropIndex(
      ['owner_ref', 'consumer_ref', 'points'],
      'rollup_consumer_pain_owner_idx',
    );
  });
  await knex.schema.alterTable('rollup_entity_pain_weekly', table => {
    table.dropIndex(
      ['owner_ref', 'week_start', 'value'],
      'rollup_entity_pain_weekly_owner_idx',
    );
  });
  await knex.schema.alterTable('rollup_consumer_pain', table => {
    table.dropColumn('owner_ref');
  });
  await knex.schema.alterTable('rollup_entity_pain_weekly', table => {
    table.dropColumn('owner_ref');
  });
};
