// @ts-check

/**
 * Alert ingestion: integration keys, alerts and their groups, change events and maintenance
 * windows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('integrations', table => {
    table.comment(
      'A sender of alerts or change events, authenticated by its key',
    );
    table.string('id', 36).primary();
    table.string('name', 100).notNullable();
    table
      .string('type', 16)
      .notNullable()
      .comment('alertmanager, grafana, pagerduty or generic');
    table
      .string('key_hash', 64)
      .notNullable()
      .unique()
      .comment(
        'sha256 of the key, hex; the key itself is shown once and never stored',
      );
    table
      .string('key_hint', 16)
      .notNullable()
      .comment('the first characters of the key, to recognise it in a list');
    table.string('entity_ref', 255).nullable();
    table.string('group_ref', 255).nullable();
    table.boolean('auto_resolve').notNullable().defaultTo(true);
    table
      .string('signing_secret', 128)
      .nullable()
      .comment('Grafana HMAC secret; kept readable because verifying needs it');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
  });

  // One counter row per key, apart from the key's row so counting never locks it.
  await knex.schema.createTable('integration_rate_windows', table => {
    table
      .string('integration_id', 36)
      .primary()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table
      .bigInteger('window_start')
      .notNullable()
      .comment('epoch milliseconds of the minute being counted');
    table.integer('count').notNullable();
  });

  // The live alert group of an entity: the row whose unique open_key a delivery claims in its
  // transaction, so concurrent deliveries agree on one incident per entity.
  await knex.schema.createTable('alert_groups', table => {
    table.increments('id').primary();
    table.string('entity_ref', 255).notNullable();
    table
      .string('open_key', 255)
      .nullable()
      .unique()
      .comment('the entity ref while the group is live, null once it ended');
    table
      .integer('incident_seq')
      .nullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('SET NULL');
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table
      .timestamp('last_activity_at', { useTz: true })
      .notNullable()
      .comment(
        'the last time one of its alerts fired, fired again or resolved',
      );
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.index(['entity_ref', 'opened_at'], 'alert_groups_entity_idx');
  });

  await knex.schema.createTable('alerts', table => {
    table.comment(
      'One row per alert (per integration and dedup key), updated per delivery',
    );
    table.bigIncrements('id').primary();
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations');
    table
      .string('dedup_key', 255)
      .notNullable()
      .comment(
        'unique per integration: a hash of group key and fingerprint, or dedup_key',
      );
    table
      .string('fingerprint', 255)
      .notNullable()
      .comment("the sender's fingerprint or dedup key, as people see it");
    table.text('group_key').nullable();
    table.string('status', 16).notNullable().comment('firing or resolved');
    table.text('summary').notNullable();
    table.text('description').notNullable();
    table.string('severity', 64).nullable().comment('as the sender named it');
    table.string('incident_severity', 8).notNullable();
    table.string('source', 255).notNullable();
    table.string('entity_ref', 255).nullable().comment('null while unrouted');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment(
        "the entity's owner when it was routed, for the incident it opens",
      );
    table.text('labels').notNullable().comment('JSON object');
    table.text('annotations').notNullable().comment('JSON object');
    table.text('links').notNullable().comment('JSON array');
    table.text('details').notNullable().comment('JSON object');
    table
      .timestamp('starts_at', { useTz: true })
      .notNullable()
      .comment('when the current firing began, by the sender');
    table.timestamp('ends_at', { useTz: true }).nullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.integer('occurrences').notNullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table
      .integer('incident_seq')
      .nullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('SET NULL');
    table
      .integer('group_id')
      .nullable()
      .references('id')
      .inTable('alert_groups')
      .onDelete('SET NULL');
    table
      .string('suppressed_by', 36)
      .nullable()
      .comment('the maintenance window active when it last fired');
    table.unique(['integration_id', 'dedup_key'], {
      indexName: 'alerts_dedup_key_uq',
    });
    table.index(['entity_ref', 'last_seen_at', 'id'], 'alerts_entity_idx');
    table.index(['incident_seq'], 'alerts_incident_idx');
    table.index(['group_id', 'status'], 'alerts_group_idx');
  });

  await knex.schema.createTable('change_events', table => {
    table.comment('Deploys and other changes, kept per entity for correlation');
    table.bigIncrements('id').primary();
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations');
    table
      .string('dedup_hash', 64)
      .notNullable()
      .comment('sha256 of the event, so a retried delivery is stored once');
    table.string('entity_ref', 255).nullable();
    table.text('summary').notNullable();
    table.string('source', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.text('links').notNullable().comment('JSON array');
    table.text('details').notNullable().comment('JSON object');
    table.unique(['integration_id', 'dedup_hash'], {
      indexName: 'change_events_dedup_uq',
    });
    table.index(['entity_ref', 'at'], 'change_events_entity_idx');
    table.index(['at'], 'change_events_at_idx');
  });

  await knex.schema.createTable('maintenance_windows', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.text('reason').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'ends_at'], 'maintenance_windows_entity_idx');
    table.index(['ends_at'], 'maintenance_windows_ends_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maintenance_windows');
  await knex.schema.dropTable('change_events');
  await knex.schema.dropTable('alerts');
  await knex.schema.dropTable('alert_groups');
  await knex.schema.dropTable('integration_rate_windows');
  await knex.schema.dropTable('integrations');
};
