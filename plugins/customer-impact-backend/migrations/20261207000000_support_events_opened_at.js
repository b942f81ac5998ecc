/**
 * Indexes for reads that must not scan every support event:
 * - by the time events were opened: when collection began (the earliest
 *   event of an entity the catalog has) is read from the start of it on
 *   every summary;
 * - per entity, the opening time, consuming team and kind: a group's
 *   internal-customer ranking counts events per team and kind from the
 *   index alone. It replaces the index on (entity_ref, opened_at), its
 *   prefix, so that a push does not write one more index;
 * - by the last change: when the events of a group's thousands of
 *   entities last changed is read from its end, and the rollups' 30-second
 *   look for changed entities from there too. Appended to by every push
 *   (its key is the push's time), so it costs a push little.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.index(['opened_at'], 'support_events_opened_at_idx');
    table.index(
      ['entity_ref', 'opened_at', 'consumer_ref', 'kind'],
      'support_events_entity_opened_consumer_idx',
    );
    table.index(['updated_at'], 'support_events_updated_at_idx');
  });
  await knex.schema.alterTable('support_events', table => {
    table.dropIndex(
      ['entity_ref', 'opened_at'],
      'support_events_entity_opened_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.index(
      ['entity_ref', 'opened_at'],
      'support_events_entity_opened_idx',
    );
  });
  await knex.schema.alterTable('support_events', table => {
    table.dropIndex(['opened_at'], 'support_events_opened_at_idx');
    table.dropIndex(
      ['entity_ref', 'opened_at', 'consumer_ref', 'kind'],
      'support_events_entity_opened_consumer_idx',
    );
    table.dropIndex(['updated_at'], 'support_events_updated_at_idx');
  });
};
