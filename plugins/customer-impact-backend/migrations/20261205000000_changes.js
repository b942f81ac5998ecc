/**
 * Changes a platform team recorded (`POST /v1/changes`), one row per change
 * id, and the entities each concerns, one row per (change, entity) so that
 * the changes of an entity are read through an index.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('recorded_changes', table => {
    table.comment(
      'A change a platform team made, before and after which relief is measured',
    );
    table.string('id', 200).primary().comment('The id the client gave');
    table.string('title', 200).notNullable();
    table
      .timestamp('at', { useTz: true })
      .notNullable()
      .comment('When the change took effect');
    table.text('url').nullable();
    table
      .string('recorded_by', 255)
      .nullable()
      .comment('User entity ref or service subject that recorded this version');
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.index(['at', 'id'], 'recorded_changes_at_id_idx');
  });
  await knex.schema.createTable('recorded_change_entities', table => {
    table.comment('The entities a recorded change concerns');
    table
      .string('change_id', 200)
      .notNullable()
      .references('id')
      .inTable('recorded_changes')
      .onDelete('CASCADE');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('kind:namespace/name, lower case');
    table
      .integer('position')
      .notNullable()
      .comment('Order of the ref in the change as sent');
    table.primary(['change_id', 'entity_ref']);
    table.index(['entity_ref'], 'recorded_change_entities_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('recorded_change_entities');
  await knex.schema.dropTable('recorded_changes');
};
