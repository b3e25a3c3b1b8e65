/**
 * Jest global teardown: stops the private Redis global setup may have launched, and drops the
 * scratch databases this run's tests created but did not drop (a failed test's leftovers).
 */
import { Client } from 'pg';
import { stopRedis } from './global-setup';
import { dropDatabase, TEST_DATABASE_PREFIX } from './helpers/postgres';

export default async function globalTeardown(): Promise<void> {
  await stopRedis();
  await dropLeftoverDatabases();
}

async function dropLeftoverDatabases(): Promise<void> {
  const run = (process.env.TEST_RUN_ID ?? '').replace(/[^a-z0-9]/g, '');
  if (!run || !process.env.TEST_DATABASE_URL) return;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    let names: string[];
    try {
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [`${TEST_DATABASE_PREFIX}${run}_`],
      );
      names = rows.map((r) => r.datname);
    } finally {
      await client.end().catch(() => {});
    }
    for (const name of names) await dropDatabase(name);
  } catch (err) {
    process.stderr.write(`[global-teardown] could not drop leftover test databases: ${(err as Error).message}\n`);
  }
}
