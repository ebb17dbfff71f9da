// @ts-check

/**
 * Escalation and paging: one escalation per incident (its frozen policy and where it stands),
 * the pages it sent, outbound paging webhooks and the key that signs acknowledge links. The due
 * timers themselves live in the work queue's table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('escalations', table => {
    table.comment('The escalation of one incident; its policy is frozen here');
    table
      .integer('incident_seq')
      .primary()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('group_ref', 255).notNullable();
    table.string('policy_id', 64).notNullable();
    table
      .text('policy')
      .notNullable()
      .comment('JSON: the levels and repeat count as they were at the start');
    table
      .string('state', 16)
      .notNullable()
      .comment('active, acknowledged, resolved or exhausted');
    table
      .integer('level')
      .notNullable()
      .comment('the last level that fired, 0 before the first');
    table.integer('round').notNullable().comment('1-based round of the level');
    table
      .integer('epoch')
      .notNullable()
      .comment(
        'bumped by a manual escalation; a timer of an older epoch does nothing',
      );
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('stopped_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('escalation_pages', table => {
    table.comment('One notification to one person for one escalation step');
    table.string('id', 36).primary();
    table
      .integer('incident_seq')
      .notNullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .integer('level')
      .notNullable()
      .comment('1-based; 0 for a page sent by reassignment');
    table.integer('round').notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('reason', 500).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, sent, failed or acknowledged');
    table.text('channels').notNullable().comment('JSON array of channel names');
    table.timestamp('due_at', { useTz: true }).notNullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('when the step fired, on the database clock');
    table.timestamp('sent_at', { useTz: true }).nullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.string('error', 1000).nullable();
    // a step can never page the same person twice
    table.unique(['incident_seq', 'level', 'round', 'user_ref']);
    table.index(['user_ref', 'created_at']);
  });

  await knex.schema.createTable('paging_webhooks', table => {
    table.comment('Outbound webhooks every page is also posted to, signed');
    table.string('id', 36).primary();
    table.string('name', 100).notNullable();
    table.string('url', 2000).notNullable();
    table
      .string('secret', 128)
      .notNullable()
      .comment('HMAC-SHA256 key; kept readable because signing needs it');
    table
      .string('group_ref', 255)
      .nullable()
      .comment('only pages of incidents this group owns; null for all');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('paging_keys', table => {
    table.comment('Generated secrets shared by every replica');
    table.string('name', 64).primary();
    table.string('value', 128).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paging_keys');
  await knex.schema.dropTable('paging_webhooks');
  await knex.schema.dropTable('escalation_pages');
  await knex.schema.dropTable('escalations');
};
