// @ts-check

/**
 * An incident's derived times (acknowledged, mitigated, resolved, closed) come from its
 * timeline, whose milestones are a handful of events among what can be thousands of
 * `alert_attached` ones in an alert storm. A partial index on the milestones lets every read
 * of an incident find them without scanning the rest of its timeline.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('incident_events', table => {
    table.index(['incident_seq', 'at'], 'incident_events_milestones_idx', {
      predicate: knex.whereRaw("type = 'acknowledged' or status is not null"),
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('incident_events', table => {
    table.dropIndex([], 'incident_events_milestones_idx');
  });
};
