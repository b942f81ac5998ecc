/**
 * SLO incidents for the blast radius: a continuous period in which an SLO is
 * in page or ticket state (a no-data gap does not end it; ok does). Consumers
 * of the entity show the open ones; the owners of consumers are notified
 * once per incident (stored, so a restart does not notify again).
 *
 * Times are epoch milliseconds (bigint), as in the other SLO tables.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_incidents', table => {
    table.comment('Continuous periods in which an SLO was in page or ticket');
    table.increments('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('kind:namespace/name, lower case');
    table.string('slo', 255).notNullable().comment('SLO key within the entity');
    table
      .string('slo_name', 255)
      .notNullable()
      .comment('Display name (else name) of the SLO when last evaluated');
    table
      .bigInteger('started_at')
      .notNullable()
      .comment('Entered page or ticket');
    table
      .bigInteger('ended_at')
      .nullable()
      .comment('Back to ok (or the SLO removed); null while open');
    table
      .string('state', 16)
      .notNullable()
      .comment('Last evaluated state: page, ticket or no-data');
    table
      .bigInteger('state_since')
      .notNullable()
      .comment('When the last evaluated state began');
    table.bigInteger('evaluated_at').notNullable().comment('Last evaluation');
    table
      .bigInteger('consumers_notified_at')
      .nullable()
      .comment(
        "When the owners of the entity's consumers were notified; null when not (yet)",
      );
    table.index(['entity_ref', 'ended_at'], 'slo_incidents_entity_open_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_incidents');
};
