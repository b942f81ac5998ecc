/**
 * SLOs: the compact layout of the SLI counts (issue 10, storage). Every
 * series (entity and SLO) gets an integer id in `slo_series`; the fine and
 * hourly sample tables are keyed by (series_id, start) instead of repeating
 * the entity ref and SLO name in every row and in a primary-key index. On
 * SQLite they are WITHOUT ROWID tables (the primary key is the table; knex
 * cannot express it, hence raw SQL); on PostgreSQL ordinary tables with that
 * primary key. No `start` index: the roll-up and the retention go per series
 * through the key.
 *
 * Existing samples are moved (copied with their series ids, the old tables
 * dropped, the new ones renamed); `down` moves them back into the old layout.
 */

const TABLES = [
  ['slo_samples_fine', 'SLI counts per fine (pushed or pulled) bucket'],
  ['slo_samples_hourly', 'SLI counts rolled up per hour, for the long windows'],
];

const VALUE_COLUMNS = [
  'start',
  'duration_seconds',
  'good',
  'total',
  'value_min',
  'value_max',
];

/** @param {import('knex').Knex} knex */
const isSqlite = knex => !String(knex.client.config.client).startsWith('pg');

/** @param {import('knex').Knex} knex */
async function renameTable(knex, from, to) {
  await knex.schema.renameTable(from, to);
  if (!isSqlite(knex)) {
    // PostgreSQL keeps the primary key's name of the table created.
    await knex.raw('alter table ?? rename constraint ?? to ??', [
      to,
      `${from}_pkey`,
      `${to}_pkey`,
    ]);
  }
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_series', table => {
    table.comment('A series of SLI counts: one SLO of one entity');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('slo', 255).notNullable().comment('SLO key within the entity');
    table.unique(['entity_ref', 'slo'], {
      indexName: 'slo_series_entity_ref_slo_uniq',
    });
  });
  await knex.raw(
    `insert into slo_series (entity_ref, slo)
     select entity_ref, slo from (
       select entity_ref, slo from slo_samples_fine
       union
       select entity_ref, slo from slo_samples_hourly
     ) x order by entity_ref, slo`,
  );

  for (const [name, comment] of TABLES) {
    const next = `${name}_next`;
    if (isSqlite(knex)) {
      await knex.raw(
        `create table ${next} (
           series_id integer not null,
           start bigint not null,
           duration_seconds integer not null,
           good float not null,
           total float not null,
           value_min float null,
           value_max float null,
           primary key (series_id, start)
         ) without rowid`,
      );
    } else {
      await knex.schema.createTable(next, table => {
        table.comment(comment);
        table.integer('series_id').notNullable().comment('slo_series.id');
        table
          .bigInteger('start')
          .notNullable()
          .comment('Bucket start, epoch ms');
        table.integer('duration_seconds').notNullable();
        table.double('good').notNullable();
        table.double('total').notNullable();
        table
          .double('value_min')
          .nullable()
          .comment('Threshold metrics: the lowest value in the bucket');
        table
          .double('value_max')
          .nullable()
          .comment('Threshold metrics: the highest value in the bucket');
        table.primary(['series_id', 'start']);
      });
    }
    await knex.raw(
      `insert into ${next} (series_id, ${VALUE_COLUMNS.join(', ')})
       select s.id, ${VALUE_COLUMNS.map(c => `x.${c}`).join(', ')}
         from ${name} x
         join slo_series s on s.entity_ref = x.entity_ref and s.slo = x.slo
        order by s.id, x.start`,
    );
    await knex.schema.dropTable(name);
    await renameTable(knex, next, name);
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [name, comment] of TABLES) {
    const previous = `${name}_previous`;
    await knex.schema.createTable(previous, table => {
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
      table
        .double('value_min')
        .nullable()
        .comment('Threshold metrics: the lowest value in the bucket');
      table
        .double('value_max')
        .nullable()
        .comment('Threshold metrics: the highest value in the bucket');
      table.primary(['entity_ref', 'slo', 'start']);
    });
    await knex.raw(
      `insert into ${previous} (entity_ref, slo, ${VALUE_COLUMNS.join(', ')})
       select s.entity_ref, s.slo, ${VALUE_COLUMNS.map(c => `x.${c}`).join(
         ', ',
       )}
         from ${name} x
         join slo_series s on s.id = x.series_id`,
    );
    await knex.schema.dropTable(name);
    await renameTable(knex, previous, name);
    await knex.schema.alterTable(name, table => {
      table.index(['start'], `${name}_start_idx`);
    });
  }
  await knex.schema.dropTable('slo_series');
};
