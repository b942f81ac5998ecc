/**
 * SLOs: the definitions read from each entity's `customer-impact/openslo`
 * file, raw SLI counts per bucket (5-minute buckets for the recent days,
 * hourly roll-ups for the long windows), the pull state of each SLO and the
 * last alert state a notification was sent for.
 *
 * Times are epoch milliseconds (bigint) so that SQLite and PostgreSQL compare
 * and aggregate them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_definitions', table => {
    table.comment('The SLO definitions file of an entity, read and parsed');
    table
      .string('entity_ref', 255)
      .primary()
      .comment('kind:namespace/name, lower case');
    table
      .text('annotation')
      .notNullable()
      .comment('The annotation value as written');
    table
      .text('location')
      .nullable()
      .comment('The file as resolved (url or file: path)');
    table
      .text('result')
      .nullable()
      .comment('JSON of parseSloDefinitions, null before the first read');
    table
      .bigInteger('fetched_at')
      .nullable()
      .comment('Last successful read, epoch ms');
    table
      .bigInteger('attempted_at')
      .notNullable()
      .comment('Last read attempt, epoch ms');
    table.text('fetch_error').nullable().comment('Why the last read failed');
  });

  for (const [name, comment] of [
    ['slo_samples_fine', 'SLI counts per fine (pushed or pulled) bucket'],
    [
      'slo_samples_hourly',
      'SLI counts rolled up per hour, for the long windows',
    ],
  ]) {
    await knex.schema.createTable(name, table => {
      table.comment(comment);
      table.string('entity_ref', 255).notNullable();
      table
        .string('slo', 255)
        .notNullable()
        .comment('SLO key within the entity');
      table.bigInteger('start').notNullable().comment('Bucket start, epoch ms');
      table.integer('duration_seconds').notNullable();
      table.double('good').notNullable();
      table.double('total').notNullable();
      table.primary(['entity_ref', 'slo', 'start']);
    });
  }
  // The roll-up and the retention job scan by time.
  await knex.schema.alterTable('slo_samples_fine', table => {
    table.index(['start'], 'slo_samples_fine_start_idx');
  });
  await knex.schema.alterTable('slo_samples_hourly', table => {
    table.index(['start'], 'slo_samples_hourly_start_idx');
  });

  await knex.schema.createTable('slo_collection', table => {
    table.comment('Pull state of each SLO whose data comes from an SliSource');
    table.string('entity_ref', 255).notNullable();
    table.string('slo', 255).notNullable();
    table
      .bigInteger('last_data_at')
      .nullable()
      .comment('End of the latest bucket fetched, epoch ms');
    table
      .bigInteger('fetched_until')
      .nullable()
      .comment('End of the range fetched so far, epoch ms');
    table.bigInteger('last_success_at').nullable();
    table.bigInteger('last_attempt_at').nullable();
    table.text('last_error').nullable();
    table.primary(['entity_ref', 'slo']);
  });

  await knex.schema.createTable('slo_alert_states', table => {
    table.comment(
      'Last alert state of each SLO and the one its owner was notified of',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('slo', 255).notNullable();
    table.string('state', 16).notNullable();
    table.string('notified_state', 16).nullable();
    table.bigInteger('changed_at').notNullable();
    table.bigInteger('notified_at').nullable();
    table.primary(['entity_ref', 'slo']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_alert_states');
  await knex.schema.dropTable('slo_collection');
  await knex.schema.dropTable('slo_samples_hourly');
  await knex.schema.dropTable('slo_samples_fine');
  await knex.schema.dropTable('slo_definitions');
};
