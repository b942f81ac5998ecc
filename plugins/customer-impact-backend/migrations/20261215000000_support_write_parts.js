/**
 * A write counter per part of the entities (16 parts, by a hash of the
 * entity ref; rows 100 to 115 of support_write_version, beside row 1 that
 * counts every write): a push that only inserts events bumps the parts of
 * its entities, so the group rankings keep what they counted of the others.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const row = await knex('support_write_version')
    .where({ id: 1 })
    .first('version');
  await knex('support_write_version').insert(
    Array.from({ length: 16 }, (_, part) => ({
      id: 100 + part,
      version: row ? row.version : 0,
    })),
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('support_write_version').where('id', '>=', 100).delete();
};
