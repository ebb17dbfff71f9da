// @ts-check

/**
 * Insights read figures straight from the event log. Two lookups they make per incident had no
 * index of their own:
 * - recurrence: earlier incidents on the same origin within 30 or 90 days;
 * - time to response: the first alert of an incident (its earliest `first_seen_at`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('incidents', table => {
    table.index(['entity_ref', 'declared_at'], 'incidents_origin_declared_idx');
  });
  await knex.schema.alterTable('alerts', table => {
    table.index(
      ['incident_seq', 'first_seen_at'],
      'alerts_incident_first_seen_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex([], 'alerts_incident_first_seen_idx');
  });
  await knex.schema.alterTable('incidents', table => {
    table.dropIndex([], 'incidents_origin_declared_idx');
  });
};
