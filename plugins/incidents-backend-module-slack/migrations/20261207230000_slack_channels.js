// @ts-check

/**
 * The Slack channel of each incident and the chat messages already on a timeline.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slack_incident_channels', table => {
    table.string('incident_id', 32).primary();
    table.string('channel_id', 32).notNullable().unique();
    table.string('channel_name', 80).notNullable();
    table.string('announcement_ts', 32);
    table.string('broadcast_ts', 32);
    // the incident version the announcement shows, so an older update never overwrites it
    table.integer('announced_version').notNullable().defaultTo(0);
    table.text('invited').notNullable().defaultTo('[]');
    table.boolean('archived').notNullable().defaultTo(false);
    // one sync at a time per channel: the replica holding it until this time (epoch ms)
    table.bigInteger('sync_until');
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('slack_timeline_messages', table => {
    // slack:<channel>:<ts>; a reaction and a pin of the same message are one entry
    table.string('message_key', 200).primary();
    table.string('incident_id', 32).notNullable();
    table.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slack_timeline_messages');
  await knex.schema.dropTable('slack_incident_channels');
};
