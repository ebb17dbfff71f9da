// @ts-check

/**
 * Postmortems: one per incident, its written sections (each with its own version, so two people
 * editing different sections never collide), reviewers, tags and action items.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('postmortems', table => {
    table.comment(
      'One postmortem per incident; its timeline is read from incident_events',
    );
    table.string('id', 36).primary();
    table
      .integer('incident_seq')
      .notNullable()
      .unique()
      .references('seq')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('title', 200).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('draft, in_review, published');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment("the incident's origin, lowercased");
    table.string('owner_ref', 255).nullable();
    table.string('severity', 8).notNullable();
    table
      .string('root_cause_entity_ref', 255)
      .nullable()
      .comment('what recurrence and related postmortems match on');
    table.string('cause_category', 64).nullable();
    table
      .text('search_text')
      .notNullable()
      .defaultTo('')
      .comment(
        'lowercased title, sections, category and tags, for portable full-text search',
      );
    table.string('created_by', 255).notNullable();
    table
      .integer('version')
      .notNullable()
      .comment('of the details, not the sections');
    table.timestamp('incident_declared_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('published_at', { useTz: true }).nullable();
    table.index(['incident_declared_at', 'id'], 'postmortems_declared_idx');
    table.index(['entity_ref'], 'postmortems_entity_idx');
    table.index(['root_cause_entity_ref'], 'postmortems_root_cause_idx');
  });

  await knex.schema.createTable('postmortem_sections', table => {
    table
      .string('postmortem_id', 36)
      .notNullable()
      .references('id')
      .inTable('postmortems')
      .onDelete('CASCADE');
    table.string('key', 64).notNullable();
    table.integer('position').notNullable();
    table.string('title', 200).notNullable();
    table.text('prompt').notNullable().defaultTo('');
    table.text('body').notNullable().defaultTo('');
    table.integer('version').notNullable();
    table.string('updated_by', 255).nullable();
    table.timestamp('updated_at', { useTz: true }).nullable();
    table.primary(['postmortem_id', 'key']);
  });

  await knex.schema.createTable('postmortem_tags', table => {
    table
      .string('postmortem_id', 36)
      .notNullable()
      .references('id')
      .inTable('postmortems')
      .onDelete('CASCADE');
    table.string('tag', 64).notNullable().comment('lowercased');
    table.primary(['postmortem_id', 'tag']);
    table.index(['tag'], 'postmortem_tags_tag_idx');
  });

  await knex.schema.createTable('postmortem_reviewers', table => {
    table
      .string('postmortem_id', 36)
      .notNullable()
      .references('id')
      .inTable('postmortems')
      .onDelete('CASCADE');
    table.string('user_ref', 255).notNullable();
    table
      .string('decision', 32)
      .notNullable()
      .comment('pending, approved, changes_requested');
    table.text('comment').notNullable().defaultTo('');
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.primary(['postmortem_id', 'user_ref']);
  });

  await knex.schema.createTable('postmortem_action_items', table => {
    table.string('id', 36).primary();
    table
      .string('postmortem_id', 36)
      .notNullable()
      .references('id')
      .inTable('postmortems')
      .onDelete('CASCADE');
    table.string('title', 300).notNullable();
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('a User or Group, lowercased');
    table
      .string('due_date', 10)
      .nullable()
      .comment('YYYY-MM-DD, compares as text');
    table.string('status', 16).notNullable();
    table.string('tracker_url', 2000).nullable();
    table.integer('version').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['postmortem_id'], 'postmortem_action_items_pm_idx');
    table.index(
      ['owner_ref', 'status', 'due_date'],
      'postmortem_action_items_owner_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('postmortem_action_items');
  await knex.schema.dropTable('postmortem_reviewers');
  await knex.schema.dropTable('postmortem_tags');
  await knex.schema.dropTable('postmortem_sections');
  await knex.schema.dropTable('postmortems');
};
