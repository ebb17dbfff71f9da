// @ts-check

/**
 * Incidents, the entities each one touches, and their append-only timeline.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incidents', table => {
    table.comment('One row per incident; the human id is INC-<seq>');
    table.increments('seq').primary();
    table.string('title', 200).notNullable();
    table.text('description').notNullable().defaultTo('');
    table.string('severity', 8).notNullable();
    table.string('status', 32).notNullable();
    table.string('entity_ref', 255).notNullable().comment('origin, lowercased');
    table.text('impacted_entity_refs').notNullable().comment('JSON array');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment("the origin entity's owner when declared, for permission rules");
    table.string('source', 16).notNullable();
    table.text('customer_impact').notNullable().defaultTo('');
    table.text('labels').notNullable().comment('JSON object');
    table.text('links').notNullable().comment('JSON array');
    table.string('commander_ref', 255).nullable();
    table.string('communications_ref', 255).nullable();
    table.string('scribe_ref', 255).nullable();
    table.integer('merged_into').nullable().comment('seq of the primary');
    table.string('created_by', 255).notNullable();
    table.integer('version').notNullable();
    // acknowledged, mitigated, resolved and closed times are derived from the timeline
    table.timestamp('declared_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['declared_at', 'seq'], 'incidents_declared_idx');
    table.index(['status', 'declared_at'], 'incidents_status_idx');
    table.index(['owner_ref', 'declared_at'], 'incidents_owner_idx');
    table.index(['merged_into'], 'incidents_merged_into_idx');
  });

  // Origin and impacted entities, one row each, so "the incidents of an entity" is an index scan.
  await knex.schema.createTable('incident_entities', table => {
    table
      .integer('incident_seq')
      .notNullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('role', 16).notNullable().comment('origin or impacted');
    table.timestamp('declared_at', { useTz: true }).notNullable();
    table.primary(['incident_seq', 'entity_ref']);
    table.index(
      ['entity_ref', 'declared_at', 'incident_seq'],
      'incident_entities_ref_idx',
    );
  });

  await knex.schema.createTable('incident_events', table => {
    table.comment('Append-only timeline; metrics are derived from it');
    table.bigIncrements('id').primary();
    table
      .integer('incident_seq')
      .notNullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('type', 64).notNullable();
    table
      .string('status', 32)
      .nullable()
      .comment(
        'the status entered, on status events; timestamps derive from it',
      );
    table.string('actor', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.text('data').notNullable().comment('JSON object');
    table.index(['incident_seq', 'id'], 'incident_events_incident_idx');
  });

  // A retried create or transition with the same Idempotency-Key gets the first answer.
  await knex.schema.createTable('incident_idempotency_keys', table => {
    table.string('actor', 255).notNullable();
    table.string('key', 255).notNullable();
    table.string('operation', 255).notNullable();
    table.integer('response_status').nullable().comment('null while in flight');
    table.text('response_body').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['actor', 'key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_idempotency_keys');
  await knex.schema.dropTable('incident_events');
  await knex.schema.dropTable('incident_entities');
  await knex.schema.dropTable('incidents');
};
