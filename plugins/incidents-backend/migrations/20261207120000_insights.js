// @ts-check

/**
 * Insights read figures straight from the event log. These lookups they make per incident had
 * no index of their own:
 * - recurrence: earlier incidents on the same origin within 30 or 90 days;
 * - time to response: the first alert of an incident (its earliest `first_seen_at`);
 * - automation coverage: who did each step of an incident (its events by type and actor), read
 *   from the index alone instead of a scan of the whole event log;
 * - recurrence by cause: postmortems naming the same cause, in order of their incidents.
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
  await knex.schema.alterTable('incident_events', table => {
    table.index(['incident_seq', 'type', 'actor'], 'incident_events_steps_idx');
  });
  await knex.schema.alterTable('postmortems', table => {
    table.index(
      ['root_cause_entity_ref', 'incident_declared_at'],
      'postmortems_cause_declared_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('postmortems', table => {
    table.dropIndex([], 'postmortems_cause_declared_idx');
  });
  await knex.schema.alterTable('incident_events', table => {
    table.dropIndex([], 'incident_events_steps_idx');
  });
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex([], 'alerts_incident_first_seen_idx');
  });
  await knex.schema.alterTable('incidents', table => {
    table.dropIndex([], 'incidents_origin_declared_idx');
  });
};
