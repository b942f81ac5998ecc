/**
 * Group rollups, precomputed so that reading one never scans raw events:
 * each entity's pain index now and per week, what each consuming team
 * experienced of it, and the closure of the group tree.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollup_entity_pain', table => {
    table.comment("The pain index of each catalog entity, as last computed");
    table.string('entity_ref', 255).primary().comment('Lower case');
    table.string('kind', 63).notNullable();
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('The owning group (ownedBy), lower case');
    table
      .double('value')
      .nullable()
      .comment('The pain index; null when nothing was measured');
    table
      .text('terms')
      .notNullable()
      .comment('JSON: the terms, as in the summary');
    table
      .text('no_data')
      .notNullable()
      .comment('JSON: facets with nothing measured');
    table.bigInteger('window_from').notNullable().comment('Epoch ms');
    table.bigInteger('window_to').notNullable().comment('Epoch ms');
    table.boolean('deprecated').notNullable().defaultTo(false);
    table.string('sunset', 10).nullable().comment('YYYY-MM-DD');
    table.integer('dependents_left').nullable();
    table.bigInteger('computed_at').notNullable().comment('Epoch ms');
    table.index(['owner_ref', 'value'], 'rollup_entity_pain_owner_value_idx');
  });
  await knex.schema.createTable('rollup_entity_pain_weekly', table => {
    table.comment(
      'The pain index of each entity at the end of each ISO week (the current week: now)',
    );
    table.string('entity_ref', 255).notNullable();
    table
      .bigInteger('week_start')
      .notNullable()
      .comment('Monday 00:00 UTC, epoch ms');
    table.double('value').nullable();
    table.integer('dependents_left').nullable();
    table.bigInteger('computed_at').notNullable().comment('Epoch ms');
    table.primary(['entity_ref', 'week_start']);
  });
  await knex.schema.createTable('rollup_consumer_pain', table => {
    table.comment(
      'What each consuming team experienced of each entity over the pain window',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('consumer_ref', 255).notNullable();
    table
      .double('points')
      .notNullable()
      .comment('The weighted quantities of the team on the entity');
    table.text('quantities').notNullable().comment('JSON');
    table.text('categories').notNullable().comment('JSON: top categories');
    table.primary(['entity_ref', 'consumer_ref']);
    table.index(['consumer_ref'], 'rollup_consumer_pain_consumer_idx');
  });
  await knex.schema.createTable('rollup_group_tree', table => {
    table.comment('Every group and each of its descendants (parentOf, any depth)');
    table.string('ancestor_ref', 255).notNullable();
    table.string('descendant_ref', 255).notNullable();
    table.integer('depth').notNullable().comment('0: the group itself');
    table.primary(['ancestor_ref', 'descendant_ref']);
  });
  await knex.schema.createTable('rollup_state', table => {
    table.comment('Watermarks of the rollup tasks');
    table.string('key', 64).primary();
    table.bigInteger('at').notNullable().comment('Epoch ms');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollup_state');
  await knex.schema.dropTable('rollup_group_tree');
  await knex.schema.dropTable('rollup_consumer_pain');
  await knex.schema.dropTable('rollup_entity_pain_weekly');
  await knex.schema.dropTable('rollup_entity_pain');
};
