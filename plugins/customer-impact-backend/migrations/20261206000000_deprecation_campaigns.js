/**
 * Deprecation campaigns: exemptions recorded by the owners of dependents
 * (history: a new row per exemption, never updated), and the notices sent to
 * the owners of dependents (one row per dependent, sunset date and notice, so
 * that a notice is sent once, across restarts and replicas).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deprecation_exemptions', table => {
    table.comment(
      'Exemptions of dependents from a deprecation campaign; rows are only ever added',
    );
    table.increments('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The deprecated entity, kind:namespace/name in lower case');
    table
      .string('dependent_ref', 255)
      .notNullable()
      .comment('The exempt dependent, kind:namespace/name in lower case');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment("The dependent's owner when the exemption was recorded");
    table.text('reason').notNullable().comment('Why it cannot migrate yet');
    table
      .string('until', 10)
      .notNullable()
      .comment('Last exempt UTC day, YYYY-MM-DD');
    table
      .text('recorded_by')
      .notNullable()
      .comment(
        'Who recorded it (user entity ref or service subject); never returned by the API',
      );
    table
      .bigInteger('recorded_at')
      .notNullable()
      .comment('When it was recorded, epoch ms');
    table.index(['entity_ref'], 'deprecation_exemptions_entity_idx');
  });

  await knex.schema.createTable('deprecation_notices', table => {
    table.comment(
      'Deprecation notices sent to the owners of dependents, one per notice and sunset date',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The deprecated entity, lower case');
    table
      .string('dependent_ref', 255)
      .notNullable()
      .comment('The dependent whose owner was told, lower case');
    table
      .string('sunset', 10)
      .notNullable()
      .comment(
        'The sunset date the notice was about; a new date re-arms the notices',
      );
    table
      .string('notice', 16)
      .notNullable()
      .comment('days-<n> (n days before the sunset) or passed');
    table.string('owner_ref', 255).notNullable().comment('Who was told');
    table.bigInteger('sent_at').notNullable().comment('When, epoch ms');
    table.primary(['entity_ref', 'dependent_ref', 'sunset', 'notice']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deprecation_notices');
  await knex.schema.dropTable('deprecation_exemptions');
};
