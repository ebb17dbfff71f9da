// @ts-check

/**
 * The durable work queue: every side effect that must happen once across replicas (an
 * escalation step, a subscriber notification) is a row here with a due time, claimed under a
 * lease on the database clock. Times are epoch milliseconds so SQLite and PostgreSQL compare
 * them alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('work_items', table => {
    table.comment(
      'Due work, claimed with a lease by one backend replica at a time',
    );
    table.bigIncrements('id').primary();
    table.string('kind', 64).notNullable();
    table
      .string('key', 255)
      .notNullable()
      .unique()
      .comment(
        'the side effect this item performs; enqueueing a key twice is a no-op',
      );
    table.text('payload').notNullable().comment('JSON');
    table
      .string('status', 16)
      .notNullable()
      .defaultTo('pending')
      .comment('pending, done, failed or cancelled');
    table
      .bigInteger('due_at')
      .notNullable()
      .comment('epoch ms, database clock');
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('lease_owner', 128).nullable();
    table
      .bigInteger('lease_expires_at')
      .nullable()
      .comment('epoch ms, database clock');
    table.text('last_error').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.index(['status', 'kind', 'due_at'], 'work_items_due_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('work_items');
};
