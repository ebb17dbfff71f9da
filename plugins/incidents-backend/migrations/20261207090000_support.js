// @ts-check

/**
 * Customer support: helpdesk tickets become reports, linked to incidents; each accepted
 * delivery is kept once (so a helpdesk's retry changes nothing), and every note and reply
 * Lookout sends to a ticket is recorded with its outcome.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('support_reports', table => {
    table.string('id', 36).primary();
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations');
    table.string('provider', 16).notNullable();
    table.string('ticket_id', 255).notNullable();
    table.string('ticket_url', 1000).nullable();
    table.string('subject', 500).notNullable();
    table.text('description').notNullable();
    table.string('requester', 255).nullable();
    table.string('organization', 255).nullable();
    table.string('product', 255).nullable();
    table.text('tags').notNullable().comment('JSON array of strings');
    table
      .text('entity_refs')
      .notNullable()
      .comment('JSON array of matched entity refs, best first');
    table
      .string('primary_entity_ref', 255)
      .nullable()
      .comment('the best match, for the entity filter');
    table.string('status', 16).notNullable().comment('open, linked, escalated');
    table.string('incident_id', 32).nullable().comment('INC-42');
    table.string('linked_by', 255).nullable().comment('auto, or who linked');
    table.timestamp('linked_at', { useTz: true }).nullable();
    table.text('suggestions').notNullable().comment('JSON array');
    table.string('ticket_status', 64).nullable();
    table
      .timestamp('event_at', { useTz: true })
      .notNullable()
      .comment(
        'time of the newest event applied; an older one arriving late is ignored',
      );
    table.timestamp('reported_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['integration_id', 'ticket_id'], {
      indexName: 'support_reports_ticket_unique',
    });
    table.index(['status', 'reported_at'], 'support_reports_status_idx');
    table.index(['incident_id'], 'support_reports_incident_idx');
    table.index(['primary_entity_ref'], 'support_reports_entity_idx');
    table.index(['reported_at', 'id'], 'support_reports_order_idx');
  });

  await knex.schema.createTable('support_events', table => {
    table.bigIncrements('id').primary();
    table.string('integration_id', 36).notNullable();
    table
      .string('event_key', 255)
      .notNullable()
      .comment(
        "the helpdesk's event id, or a hash of the body when it has none",
      );
    table.string('report_id', 36).notNullable();
    table.text('payload').notNullable().comment('the delivery as received');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.unique(['integration_id', 'event_key'], {
      indexName: 'support_events_key_unique',
    });
  });

  await knex.schema.createTable('support_notices', table => {
    table.string('id', 36).primary();
    table
      .string('report_id', 36)
      .notNullable()
      .references('id')
      .inTable('support_reports')
      .onDelete('CASCADE');
    table.string('incident_id', 32).notNullable();
    table.string('kind', 16).notNullable().comment('note or resolution');
    table
      .string('update_key', 255)
      .notNullable()
      .comment('which update: the incident status and version it tells of');
    table.text('body').notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, delivered, failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error').nullable();
    table.timestamp('delivered_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['report_id', 'kind', 'update_key'], {
      indexName: 'support_notices_once',
    });
    table.index(['incident_id', 'kind'], 'support_notices_incident_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('support_notices');
  await knex.schema.dropTable('support_events');
  await knex.schema.dropTable('support_reports');
};
