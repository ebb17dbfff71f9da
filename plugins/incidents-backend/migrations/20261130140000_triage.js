// @ts-check

/**
 * The triage assistant: the suggestions computed for each incident, and what responders said
 * about them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('triage_results', table => {
    table.comment('The latest triage of an incident; recomputed in place');
    table
      .integer('incident_seq')
      .primary()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .text('result')
      .notNullable()
      .comment('the IncidentTriage as JSON, without verdicts');
    table
      .string('trigger', 16)
      .notNullable()
      .comment('declared, change, refresh or on_read');
    table.timestamp('computed_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('triage_feedback', table => {
    table.comment('One responder verdict on one triage suggestion');
    table.bigIncrements('id');
    table
      .integer('incident_seq')
      .notNullable()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .string('suggestion_id', 255)
      .notNullable()
      .comment(
        'stable across recomputation: kind and target, e.g. cause:component:default/x',
      );
    table
      .string('kind', 16)
      .notNullable()
      .comment('severity, cause, similar, runbook or responder');
    table
      .string('target', 512)
      .notNullable()
      .comment(
        'what the suggestion named: an entity ref, incident id, user ref, URL, severity',
      );
    table.string('verdict', 8).notNullable().comment('right or wrong');
    table.string('actor', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    // a responder changes their mind by judging again; one verdict per person and suggestion
    table.unique(['incident_seq', 'suggestion_id', 'actor']);
    table.index(['kind', 'verdict']);
    table.index(['kind', 'target', 'verdict']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('triage_feedback');
  await knex.schema.dropTable('triage_results');
};
