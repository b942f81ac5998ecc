/**
 * Support load: tickets, pages, escalations and manual exceptions, one row per
 * (source, external_id); and the state of each pull source (cursor, last
 * success, last error).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('support_events', table => {
    table.comment('One ticket, page, escalation or manual exception');
    table.bigIncrements('id').primary();
    table
      .string('source', 64)
      .notNullable()
      .comment('e.g. pagerduty, github, jira');
    table.string('external_id', 256).notNullable().comment('Id in the source');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The entity the load concerns, lower case');
    table
      .string('consumer_ref', 255)
      .nullable()
      .comment('The consuming team, lower case, when known');
    table.string('kind', 32).notNullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.string('category', 100).nullable();
    table.string('severity', 32).nullable();
    table.text('title').nullable();
    table.text('url').nullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['source', 'external_id'], {
      indexName: 'support_events_source_external_id_uniq',
    });
    table.index(
      ['entity_ref', 'opened_at'],
      'support_events_entity_opened_idx',
    );
  });
  await knex.schema.createTable('support_source_state', table => {
    table.comment('Where each support pull source stands');
    table.string('source_id', 64).primary();
    table
      .text('cursor')
      .nullable()
      .comment('Opaque cursor the source returned');
    table.timestamp('last_run_at', { useTz: true }).nullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.timestamp('last_error_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('support_source_state');
  await knex.schema.dropTable('support_events');
};
