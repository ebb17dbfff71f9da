// @ts-check

/**
 * A page was unique per (incident, level, round, person), which swallowed every page after the
 * first that repeats one of those: a second reassignment to the same person (always level 0,
 * round 0) and the escalation that a reopened incident starts again from its first level. A
 * page now also names what it belongs to, so each of those is a new page, and still one page
 * however often the same one is written:
 * - `run`: which start of the incident's escalation a policy page belongs to (1 for the first,
 *   one more each time a reopened incident starts it again); 0 for a reassignment page;
 * - `reassignment`: the incident's reassignment number (1, 2, ...) of a reassignment page; 0
 *   for a policy page.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('escalations', table => {
    table
      .integer('run')
      .notNullable()
      .defaultTo(1)
      .comment(
        '1 for the first start; one more each time a reopened incident starts it again',
      );
  });
  await knex.schema.alterTable('escalation_pages', table => {
    table
      .integer('run')
      .notNullable()
      .defaultTo(1)
      .comment('the escalation run of a policy page; 0 for a reassignment');
    table
      .integer('reassignment')
      .notNullable()
      .defaultTo(0)
      .comment("the incident's reassignment number; 0 for a policy page");
  });
  // each reassignment page so far was the only one of its person: call it reassignment 1
  await knex('escalation_pages')
    .where({ level: 0 })
    .update({ run: 0, reassignment: 1 });
  await knex.schema.alterTable('escalation_pages', table => {
    table.dropUnique(['incident_seq', 'level', 'round', 'user_ref']);
    // a run's step, or a reassignment, can never page the same person twice
    table.unique(
      ['incident_seq', 'run', 'reassignment', 'level', 'round', 'user_ref'],
      { indexName: 'escalation_pages_slot_user_unique' },
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // the old key holds one page per (incident, level, round, person): keep one of each
  await knex('escalation_pages')
    .whereNotIn(
      'id',
      knex('escalation_pages')
        .min('id')
        .groupBy(['incident_seq', 'level', 'round', 'user_ref']),
    )
    .delete();
  await knex.schema.alterTable('escalation_pages', table => {
    table.dropUnique([], 'escalation_pages_slot_user_unique');
  });
  await knex.schema.alterTable('escalation_pages', table => {
    table.dropColumn('reassignment');
    table.dropColumn('run');
    table.unique(['incident_seq', 'level', 'round', 'user_ref']);
  });
  await knex.schema.alterTable('escalations', table => {
    table.dropColumn('run');
  });
};
