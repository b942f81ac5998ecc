/**
 * Indexes for reads that must not scan every support event:
 * - by the time events were opened: when collection began (the earliest
 *   event of an entity the catalog has) is read from the start of it on
 *   every summary;
 * - per entity, the consuming team, kind and opening time: a group's
 *   internal-customer ranking counts events per team and kind from the
 *   index alone, already in the order it groups them;
 * - per entity, the last change: when the events of a group's thousands of
 *   entities last changed, from the index alone.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.index(['opened_at'], 'support_events_opened_at_idx');
    table.index(
      ['entity_ref', 'consumer_ref', 'kind', 'opened_at'],
      'support_events_entity_consumer_idx',
    );
    table.index(
      ['entity_ref', 'updated_at'],
      'support_events_entity_updated_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('support_events', table => {
    table.dropIndex(['opened_at'], 'support_events_opened_at_idx');
    table.dropIndex(
      ['entity_ref', 'consumer_ref', 'kind', 'opened_at'],
      'support_events_entity_consumer_idx',
    );
    table.dropIndex(
      ['entity_ref', 'updated_at'],
      'support_events_entity_updated_idx',
    );
  });
};
