/**
 * SLOs: threshold metrics (OpenSLO `thresholdMetric`, Timeslices). A bucket
 * of such a metric holds a value, not event counts: the lowest and highest
 * value measured in it (equal for one measurement), so that an hourly
 * roll-up still knows the worst value of its hour. Null for event counts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of ['slo_samples_fine', 'slo_samples_hourly']) {
    await knex.schema.alterTable(table, t => {
      t.double('value_min')
        .nullable()
        .comment('Threshold metrics: the lowest value in the bucket');
      t.double('value_max')
        .nullable()
        .comment('Threshold metrics: the highest value in the bucket');
    });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of ['slo_samples_fine', 'slo_samples_hourly']) {
    await knex.schema.alterTable(table, t => {
      t.dropColumn('value_min');
      t.dropColumn('value_max');
    });
  }
};
