import knexFactory, { Knex } from 'knex';

/** The PostgreSQL server benches run on; LOOKOUT_BENCH_PG overrides it. */
export const BENCH_PG_SERVER =
  process.env.LOOKOUT_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';

/**
 * Drops and creates `name` on the bench server, so every run starts empty, and answers a
 * connection to it with a pool of up to `poolMax`. Pair with `dropDatabase` when done.
 */
export async function freshDatabase(
  name: string,
  options: { poolMax: number },
): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: BENCH_PG_SERVER });
  await admin.raw(`drop database if exists ${name}`);
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(BENCH_PG_SERVER);
  url.pathname = `/${name}`;
  return knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: options.poolMax },
  });
}

/** Drops a database `freshDatabase` made (close its connection first). */
export async function dropDatabase(name: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: BENCH_PG_SERVER });
  await admin.raw(`drop database if exists ${name}`);
  await admin.destroy();
}
