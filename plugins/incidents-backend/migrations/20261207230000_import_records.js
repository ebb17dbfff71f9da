// @ts-check

/**
 * What an import from PagerDuty or Opsgenie wrote: one row per vendor object (schedule,
 * override, escalation policy) with the Lookout object it became, a hash of what the vendor
 * said, and the Lookout version the import left. A later import compares both: a vendor change
 * updates the object only while its version is still the imported one, so what a person edited
 * in Lookout since is never overwritten. No token is kept here or anywhere.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incidents_import_records', table => {
    table.string('vendor', 16).notNullable();
    table.string('kind', 24).notNullable();
    table.string('vendor_id', 255).notNullable();
    table.string('parent_vendor_id', 255).nullable();
    table.string('lookout_id', 64).notNullable();
    table.string('source_hash', 64).notNullable();
    table.integer('lookout_version').nullable();
    table.timestamp('imported_at', { useTz: true }).notNullable();
    table.primary(['vendor', 'kind', 'vendor_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incidents_import_records');
};
