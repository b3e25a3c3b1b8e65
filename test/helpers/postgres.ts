/**
 * PostgreSQL for storage tests: a throwaway database per test file or test, on the server that
 * test/global-setup.ts checked (TEST_DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { HANG_GUARD_MS } from './guard';

/** What `freshDatabase` creates: its URL, and `drop()` to remove it (safe to call twice). */
export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Name prefix of every database the tests create; global teardown drops this run's leftovers. */
export const TEST_DATABASE_PREFIX = 'ce_test_';

/** The server URL prepared by global setup; throws if global setup did not run. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts sets it).');
  return url;
}

/** Runs `fn` with a short-lived client on the test server's own database. */
export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: HANG_GUARD_MS });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database `ce_test_<run>_<random>` and returns its URL. The run id (set by
 * global setup) lets global teardown drop what a failed test left behind, without touching the
 * databases of a test run going on beside this one.
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  const run = (process.env.TEST_RUN_ID ?? 'x').replace(/[^a-z0-9]/g, '');
  const name = `${TEST_DATABASE_PREFIX}${run}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      await dropDatabase(name);
      dropped = true;
    },
  };
}

/** Drops a database even while clients are still connected to it. */
export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient(async (c) => {
    const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    if (Number(rows[0].v) >= 130000) {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } else {
      // Before PostgreSQL 13 there is no FORCE: end the other sessions first.
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
    }
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
