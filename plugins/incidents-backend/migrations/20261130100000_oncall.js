// @ts-check

/**
 * On-call: schedules (their layers as JSON, overrides as rows so the timeline can query a
 * range) and escalation policies (their levels as JSON), each owned by a Group entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('oncall_schedules', table => {
    table.comment('A rotation of people owned by a Group entity');
    table.string('id', 36).primary();
    table.string('name', 100).notNullable();
    table.string('owner_ref', 255).notNullable().comment('a Group entity ref');
    table.string('time_zone', 64).notNullable().comment('IANA zone');
    table
      .text('layers')
      .notNullable()
      .comment('JSON array of ScheduleLayer; later layers win');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .integer('version')
      .notNullable()
      .comment('optimistic concurrency: a stale write gets 409');
    table.index(['owner_ref'], 'oncall_schedules_owner_idx');
  });

  await knex.schema.createTable('oncall_overrides', table => {
    table.comment('Someone covers a time range of a schedule');
    table.string('id', 36).primary();
    table
      .string('schedule_id', 36)
      .notNullable()
      .references('id')
      .inTable('oncall_schedules')
      .onDelete('CASCADE');
    table.string('user_ref', 255).notNullable();
    table.string('replaces_user_ref', 255).nullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['schedule_id', 'ends_at'], 'oncall_overrides_schedule_idx');
  });

  await knex.schema.createTable('escalation_policies', table => {
    table.comment('Ordered levels of whom to page, owned by a Group entity');
    table.string('id', 36).primary();
    table
      .string('name', 100)
      .notNullable()
      .unique({ indexName: 'escalation_policies_name_uq' })
      .comment('unique, so the escalation-policy annotation can name it');
    table.string('owner_ref', 255).notNullable().comment('a Group entity ref');
    table.text('levels').notNullable().comment('JSON array of EscalationLevel');
    table.integer('repeat').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.integer('version').notNullable();
    table.index(['owner_ref', 'created_at'], 'escalation_policies_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('escalation_policies');
  await knex.schema.dropTable('oncall_overrides');
  await knex.schema.dropTable('oncall_schedules');
};
