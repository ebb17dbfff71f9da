import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';

/** Migrates `knex` and adds the Zendesk integration `int-1` that store tests record deliveries of. */
export async function withZendeskIntegration(knex: Knex): Promise<Knex> {
  await migrateDatabase(mockServices.database({ knex }));
  await knex('integrations').insert({
    id: 'int-1',
    name: 'Zendesk',
    type: 'zendesk',
    key_hash: 'hash',
    key_hint: 'lk_abcd',
    auto_resolve: true,
    created_by: 'user:default/mock',
    created_at: new Date(),
  });
  return knex;
}
