// @ts-check

/**
 * Runbooks written in Lookout, and the catalog entities each one is attached to. Runbooks read
 * from repositories (the `lookout.dev/runbooks` annotation) and from alerts (`runbook_url`) are
 * not stored: they are read where they live. Ticked checklist steps are timeline events
 * (`runbook_step`), so they are not stored here either.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('runbooks', table => {
    table.comment(
      'A runbook written in Lookout: markdown with checklist steps',
    );
    table.string('id', 36).primary();
    table.string('title', 200).notNullable();
    table.text('markdown').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('optimistic concurrency: an edit names the version it read');
  });

  await knex.schema.createTable('runbook_entities', table => {
    table.comment('The catalog entities a Lookout runbook is attached to');
    table
      .string('runbook_id', 36)
      .notNullable()
      .references('id')
      .inTable('runbooks')
      .onDelete('CASCADE');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('full entity ref, lowercased');
    table.primary(['runbook_id', 'entity_ref']);
    table.index(['entity_ref'], 'runbook_entities_entity_ref_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runbook_entities');
  await knex.schema.dropTable('runbooks');
};
