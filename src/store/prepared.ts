/**
 * Named prepared statements on node-postgres connections. Kysely sends every query as an unnamed
 * statement, which PostgreSQL parses and plans each time: on the path an inbound message takes,
 * parsing and planning were about a third of the database's CPU (docs/benchmarks.md). Naming a
 * statement by a hash of its text lets each connection parse it once and reuse it, and lets
 * PostgreSQL keep a plan for it where a generic plan costs no more than a custom one.
 *
 * Only small parameterized statements are named (BEGIN, COMMIT and DDL have no parameters; a
 * 500-row insert is not worth a cached plan), and at most MAX_STATEMENTS per connection.
 * A connection stops naming statements when the server says a named statement no longer fits:
 * the schema changed under it (0A000, "cached plan must not change result type", after a
 * migration by a newer version), or a pooler in transaction mode lost or mixed statements
 * (26000, 42P05). That statement fails once (the job or webhook is retried), and the rest goes
 * unnamed. Set DATABASE_PREPARED_STATEMENTS=false to never name statements (a pooler such as an
 * older PgBouncer in transaction mode).
 */
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';

/** Statements with more parameters than this go unnamed (bulk inserts and long IN lists). */
const MAX_PARAMETERS = 100;
/** Named statements per connection at most; beyond, the rest go unnamed. */
const MAX_STATEMENTS = 500;
/** Errors that mean named statements do not work on this connection (any more). */
const GIVE_UP = new Set(['0A000', '26000', '42P05']);

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Statement names by text, shared by every connection: a SHA-1 per statement showed in the profile. */
const names = new Map<string, string>();
/** Texts named at most (the queries are a fixed set; a cap keeps odd dynamic SQL from growing it). */
const MAX_NAMES = 5000;

/** The name of a statement: `ce_` and the first 24 hex digits of its text's SHA-1, computed once per text. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ce_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Makes this client send small parameterized statements as named prepared statements. */
export function prepareStatements(client: PoolClient): void {
  const query = client.query.bind(client) as Query;
  const named = new Set<string>();
  let enabled = true;
  const wrapped: Query = (config, values, callback) => {
    if (!enabled || typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || values.length > MAX_PARAMETERS || callback !== undefined) {
      return query(config, values, callback);
    }
    const name = statementName(config);
    if (!named.has(name)) {
      if (named.size >= MAX_STATEMENTS) return query(config, values);
      named.add(name);
    }
    return (query({ name, text: config, values }) as Promise<unknown>).catch((err: { code?: string }) => {
      if (err && typeof err.code === 'string' && GIVE_UP.has(err.code)) enabled = false;
      throw err;
    });
  };
  (client as unknown as { query: Query }).query = wrapped;
}
