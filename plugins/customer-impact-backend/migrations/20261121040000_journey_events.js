/**
 * Journey events and step feedback. People appear only as a keyed hash
 * (HMAC-SHA256 with `customerImpact.journeys.subjectHashSecret`): the raw
 * subject is never stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('journey_events', table => {
    table.comment('What happened to a person on a journey step');
    table
      .string('event_id', 255)
      .primary()
      .comment('Id given by the pushing client; a replay changes nothing');
    table
      .string('journey_ref', 255)
      .notNullable()
      .comment('journey:namespace/name in lower case');
    table.string('step_id', 255).notNullable().comment('Step id in the spec');
    table
      .string('subject_hash', 64)
      .notNullable()
      .comment('Hex HMAC-SHA256 of the person id; never the raw id');
    table
      .string('type', 16)
      .notNullable()
      .comment('started, completed or abandoned');
    table
      .string('at', 32)
      .notNullable()
      .comment('When it happened, ISO 8601 in UTC (sorts as text)');
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .comment('When it was last written');
    table.index(['journey_ref'], 'journey_events_journey_idx');
  });

  await knex.schema.createTable('journey_feedback', table => {
    table.comment(
      'Answers of people on journey steps: done, stuck, effort. Every answer is kept',
    );
    table
      .string('feedback_id', 255)
      .primary()
      .comment('Id given by the pushing client, or generated for portal answers');
    table
      .string('journey_ref', 255)
      .notNullable()
      .comment('journey:namespace/name in lower case');
    table.string('step_id', 255).notNullable().comment('Step id in the spec');
    table
      .string('subject_hash', 64)
      .notNullable()
      .comment('Hex HMAC-SHA256 of the person id; never the raw id');
    table.string('kind', 16).notNullable().comment('done or stuck');
    table.text('comment').nullable().comment('Free text; never returned');
    table
      .integer('effort')
      .nullable()
      .comment('Customer Effort Score 1 (very easy) to 7 (very hard)');
    table
      .string('at', 32)
      .notNullable()
      .comment('When it was given, ISO 8601 in UTC');
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .comment('When it was last written');
    table.index(['journey_ref'], 'journey_feedback_journey_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('journey_feedback');
  await knex.schema.dropTable('journey_events');
};
