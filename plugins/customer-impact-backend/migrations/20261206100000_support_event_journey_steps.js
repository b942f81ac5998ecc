/*
 * Support events that name a journey step, raised by a person: the journeys'
 * self-service rate counts them. The person is kept only as the keyed hash of
 * the journeys (customerImpact.journeys.subjectHashSecret), never in clear.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('support_events', table => {
    table
      .string('requester_hash', 64)
      .nullable()
      .comment('HMAC-SHA256 (hex) of the person who raised it, when known');
    table
      .string('journey_ref', 255)
      .nullable()
      .comment('The journey the event names, lower case');
    table
      .string('journey_step_id', 100)
      .nullable()
      .comment('The step of that journey the event names');
    table.index(['journey_ref'], 'support_events_journey_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.dropIndex(['journey_ref'], 'support_events_journey_idx');
    table.dropColumn('journey_step_id');
    table.dropColumn('journey_ref');
    table.dropColumn('requester_hash');
  });
};
