// @ts-check

/**
 * Insights read each incident's rows of the event log and its pages by index, once per
 * incident in range (see src/insights/incidentFacts.ts). These indexes hold every column those
 * reads use, so PostgreSQL answers them from the index alone instead of fetching each event
 * from the table: the incident's events in order of time (status visits, acknowledgement, who
 * did each response step), and its pages (first page, who paged, when). The events index
 * replaces the narrower one insights added for automation coverage.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const postgres = String(knex.client.config.client) === 'pg';
  if (postgres) {
    await knex.raw(
      'create index incident_events_timeline_idx on incident_events (incident_seq, at, id) include (type, status, actor)',
    );
    await knex.raw(
      'create index escalation_pages_incident_sent_idx on escalation_pages (incident_seq, sent_at) include (level, user_ref)',
    );
  } else {
    await knex.schema.alterTable('incident_events', table => {
      table.index(
        ['incident_seq', 'at', 'id', 'type', 'status', 'actor'],
        'incident_events_timeline_idx',
      );
    });
    await knex.schema.alterTable('escalation_pages', table => {
      table.index(
        ['incident_seq', 'sent_at', 'level', 'user_ref'],
        'escalation_pages_incident_sent_idx',
      );
    });
  }
  await knex.schema.alterTable('incident_events', table => {
    table.dropIndex([], 'incident_events_steps_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('incident_events', table => {
    table.index(['incident_seq', 'type', 'actor'], 'incident_events_steps_idx');
  });
  await knex.schema.alterTable('escalation_pages', table => {
    table.dropIndex([], 'escalation_pages_incident_sent_idx');
  });
  await knex.schema.alterTable('incident_events', table => {
    table.dropIndex([], 'incident_events_timeline_idx');
  });
};
