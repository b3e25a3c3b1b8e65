/**
 * BEGIN sent with the transaction's first statement, in one round trip. Kysely opens a transaction
 * by sending `begin` on its own and waiting for the answer; on the inbound path that was one of
 * the seven statements a message took, each a write to PostgreSQL, a wake-up of its backend and a
 * read (the socket writes were the largest single cost in the profile: docs/benchmarks.md).
 *
 * On a client wrapped here, `begin` is answered at once and remembered. The next statement, when
 * it has no parameters, goes as one simple query `begin; <statement>` (PostgreSQL runs the two in
 * turn, and answers with the statement's result); one with parameters (the extended protocol
 * carries one statement) is preceded by the `begin` on its own, as before. A `commit` or
 * `rollback` of a transaction that sent nothing sends nothing either. The runner's lock
 * (src/store/conversations.ts: lockForStep) is written without parameters for this.
 *
 * What a failure leaves is what it left before: a `begin; select ... for update` that fails has
 * either not started the transaction or aborted it, and the rollback that follows ends it (a
 * rollback outside a transaction is only a warning).
 */
import type { PoolClient } from 'pg';

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

const BEGIN = 'begin';
const ENDS = new Set(['commit', 'rollback']);

/** An empty result, as node-postgres gives for BEGIN, COMMIT and ROLLBACK. */
const nothing = (command: string) => ({ command: command.toUpperCase(), rowCount: null, rows: [], fields: [] });

/** Makes this client send a transaction's BEGIN with its first statement (see above). */
export function deferBegin(client: PoolClient): void {
  const query = client.query.bind(client) as Query;
  let pending = false;
  const wrapped: Query = (config, values, callback) => {
    // A plain text without parameters (and no callback): what can be answered or merged here.
    const plain = typeof config === 'string' && callback === undefined && (!Array.isArray(values) || values.length === 0) ? config : undefined;
    if (plain === BEGIN && !pending) {
      pending = true;
      return Promise.resolve(nothing(BEGIN));
    }
    if (!pending) return query(config, values, callback);
    pending = false;
    if (plain !== undefined && ENDS.has(plain)) return Promise.resolve(nothing(plain));
    if (plain !== undefined) {
      // Two statements in one simple query: node-postgres answers with one result per statement.
      return (query(`${BEGIN}; ${plain}`) as Promise<unknown>).then((results) => (Array.isArray(results) ? results[results.length - 1] : results));
    }
    return (query(BEGIN) as Promise<unknown>).then(() => query(config, values, callback));
  };
  (client as unknown as { query: Query }).query = wrapped;
}
