// @ts-check

/**
 * The public status page: components mapped to catalog entities, public incidents and
 * maintenances with their updates, subscribers, and the delivery of each update to each
 * subscriber (the coverage figure).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('status_components', table => {
    table.comment('A component of the public status page');
    table.string('id', 16).primary().comment('public id, Statuspage style');
    table.string('name', 100).notNullable().unique();
    table.text('description').nullable();
    table
      .string('group_name', 100)
      .nullable()
      .comment('the component group it is shown under, if any');
    table.integer('position').notNullable().defaultTo(0);
    table
      .text('entity_refs')
      .notNullable()
      .comment(
        'JSON array of entity refs mapped by hand, besides the annotated ones',
      );
    table
      .string('override_status', 32)
      .nullable()
      .comment('set by the communications lead; wins over live status');
    table.string('override_reason', 500).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('status_incidents', table => {
    table.comment('A public incident or scheduled maintenance');
    table.string('id', 16).primary();
    table.string('kind', 16).notNullable().comment('incident or maintenance');
    table
      .integer('incident_seq')
      .nullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('SET NULL')
      .comment('the internal incident it was published from; never shown');
    table
      .string('name', 200)
      .notNullable()
      .comment('the customer-facing title');
    table.string('status', 32).notNullable();
    table.string('impact', 16).notNullable();
    table.text('component_ids').notNullable().comment('JSON array');
    table.timestamp('scheduled_for', { useTz: true }).nullable();
    table.timestamp('scheduled_until', { useTz: true }).nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('monitoring_at', { useTz: true }).nullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['kind', 'created_at'], 'status_incidents_kind_idx');
    table.index(['incident_seq'], 'status_incidents_seq_idx');
  });

  await knex.schema.createTable('status_updates', table => {
    table.comment('One public update of a status incident; append-only');
    table.string('id', 16).primary();
    table
      .string('status_incident_id', 16)
      .notNullable()
      .references('id')
      .inTable('status_incidents')
      .onDelete('CASCADE');
    table.string('status', 32).notNullable();
    table.text('body').notNullable();
    table
      .string('created_by', 255)
      .notNullable()
      .comment('internal: who published it; never shown publicly');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['status_incident_id', 'created_at'], 'status_updates_idx');
  });

  await knex.schema.createTable('status_subscribers', table => {
    table.comment('Who is told about updates: an email address or a webhook');
    table.string('id', 36).primary();
    table.string('kind', 16).notNullable().comment('email or webhook');
    table.string('address', 500).notNullable();
    table
      .text('component_ids')
      .notNullable()
      .comment('JSON array; empty means the whole page');
    table
      .string('confirm_token', 64)
      .nullable()
      .unique()
      .comment('the double opt-in token, until the address is confirmed');
    table
      .string('unsubscribe_token', 64)
      .notNullable()
      .unique()
      .comment(
        'the token of every unsubscribe link; it can only remove this subscriber',
      );
    table.timestamp('confirmed_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['kind', 'address'], {
      indexName: 'status_subscribers_address_uq',
    });
  });

  await knex.schema.createTable('status_deliveries', table => {
    table.comment(
      'One update to one subscriber: the coverage figure counts these',
    );
    table
      .string('update_id', 16)
      .notNullable()
      .references('id')
      .inTable('status_updates')
      .onDelete('CASCADE');
    table.string('subscriber_id', 36).notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('pending, delivered, failed or skipped');
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('last_error', 500).nullable();
    table.timestamp('delivered_at', { useTz: true }).nullable();
    table.primary(['update_id', 'subscriber_id']);
  });

  // One row: bumped by every change to what the public page shows, so each replica can check
  // its cache with one primary-key read.
  await knex.schema.createTable('status_page_state', table => {
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
  });
  await knex('status_page_state').insert({ id: 1, version: 1 });

  // Subscribe attempts per client and hour, counted across replicas.
  await knex.schema.createTable('status_rate_windows', table => {
    table.string('bucket', 128).primary();
    table.bigInteger('window_start').notNullable();
    table.integer('count').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('status_rate_windows');
  await knex.schema.dropTable('status_page_state');
  await knex.schema.dropTable('status_deliveries');
  await knex.schema.dropTable('status_subscribers');
  await knex.schema.dropTable('status_updates');
  await knex.schema.dropTable('status_incidents');
  await knex.schema.dropTable('status_components');
};
