/**
 * What the hot path's per-call overheads cost, measured alone (CPU time of this process, no
 * database: the pool is never connected): Kysely's build + compile of four statements of the
 * inbound and send paths and the shift answers' lastPrompt (as they were before src/store/precompiled.ts) against filling in a
 * compiled statement's parameters; a SHA-1 statement name against statementName()'s Map; and a
 * promise round with and without an AsyncLocalStorage in use (Node's promise hooks).
 *
 * Usage: npx tsx bench/micro-hot-path.ts
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import type { Database } from '../src/store/schema';
import { statementName } from '../src/store/prepared';

const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/x' }) }) });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system); };
function time(label: string, n: number, f: (i: number) => void) {
  for (let i = 0; i < 2000; i++) f(i);
  const t0 = cpu();
  for (let i = 0; i < n; i++) f(i);
  const us = (cpu() - t0) / n;
  console.log(`${label}: ${us.toFixed(2)} µs CPU per call`);
  return us;
}
const lock = (id: string) => db.selectFrom('contacts as c').leftJoin('conversations as conv', 'conv.contact_id', 'c.id').selectAll('c')
  .select(['conv.state as conv_state', 'conv.identity_id as conv_identity_id', (eb) => eb.selectFrom('handoffs as h').select('h.id').whereRef('h.contact_id', '=', 'c.id').where('h.status', '=', 'open').orderBy('h.id', 'desc').limit(1).as('open_handoff')])
  .where('c.id', '=', id).forUpdate('c').compile();
const pending = (id: string) => db.selectFrom('messages as m').leftJoin('identities as i', 'i.id', 'm.identity_id').selectAll('m')
  .select(['i.id as i_id', 'i.contact_id as i_contact_id', 'i.channel as i_channel', 'i.address as i_address', 'i.opted_out as i_opted_out', 'i.opted_out_at as i_opted_out_at', 'i.unreachable_at as i_unreachable_at', 'i.unreachable_reason as i_unreachable_reason', 'i.created_at as i_created_at'])
  .where('m.contact_id', '=', id).where('m.direction', '=', 'in').where('m.status', '=', 'received').orderBy('m.id').compile();
const deliveries = (ids: string[]) => db.selectFrom('messages as m').leftJoin('identities as i', 'i.id', 'm.identity_id').leftJoin('contacts as c', 'c.id', 'i.contact_id')
  .select(['m.id', 'm.direction', 'm.kind', 'm.status', 'm.body', 'm.payload', 'm.created_at', 'm.send_started_at', 'm.identity_id', 'i.id as i_id', 'i.contact_id as i_contact_id', 'i.channel as i_channel', 'i.address as i_address', 'i.opted_out as i_opted_out', 'i.unreachable_at as i_unreachable_at', 'c.language', 'c.timezone',
    sql<boolean>`m.kind = 'reply' AND m.status = 'pending' AND EXISTS (SELECT 1 FROM messages o WHERE o.identity_id = m.identity_id AND o.id < m.id AND o.created_at > now() - make_interval(secs => ${120}))`.as('older_reply_pending')])
  .where('m.id', 'in', ids).compile();
const mark = (ids: string[]) => db.updateTable('messages').set({ send_started_at: sql<Date>`now()` }).where('id', 'in', ids).compile();
const lastSent = (id: string) => db.selectFrom('messages as m').leftJoin('shift_notices as n', 'n.message_id', 'm.id')
  .select([sql<boolean>`m.created_at > now() - ${'604800000 milliseconds'}::interval`.as('recent'), 'n.id as notice_id', 'n.kind', 'n.signup_id', 'n.channel'])
  .where('m.identity_id', '=', id).where('m.direction', '=', 'out').where('m.status', 'not in', ['pending', 'suppressed', 'failed', 'undelivered']).orderBy('m.id', 'desc').limit(1).compile();
const a = time('lockForStep build+compile', 20000, (i) => lock(`c${i}`));
const b = time('pendingInbound build+compile', 20000, (i) => pending(`c${i}`));
const c = time('loadDeliveries(1 id) build+compile', 20000, (i) => deliveries([`${i}`]));
const d = time('markSendsStarted(1 id) build+compile', 20000, (i) => mark([`${i}`]));
const f = time('shift answers lastPrompt build+compile (every inbound SMS)', 20000, (i) => lastSent(`${i}`));
const texts = [lock('x').sql, pending('x').sql, deliveries(['1']).sql, mark(['1']).sql];
const p = [...texts].map((t, k) => ({ sql: t, parameters: [k, 'open', 1] }));
const e = time('precompiled reuse (parameters filled in)', 200000, (i) => { const v = p[i & 3]; v.parameters.map((x) => (x === 1 ? i : x)); });
const h = time('SHA-1 statement name', 200000, (i) => createHash('sha1').update(texts[i & 3]).digest('hex').slice(0, 24));
const m = time('statementName (Map)', 200000, (i) => statementName(texts[i & 3]));
console.log(`per inbound message (lock + pending + lastPrompt + 1.5 × (deliveries + mark)): ${(a + b + f + 1.5 * (c + d)).toFixed(0)} µs of build+compile saved`);
async function promises(n: number) { for (let i = 0; i < n; i++) await Promise.resolve(i).then((x) => x + 1); }
(async () => {
  const P = 300000;
  await promises(10000);
  let t0 = cpu(); await promises(P); const plain = (cpu() - t0) / P;
  const als = new AsyncLocalStorage<object>();
  await als.run({}, () => promises(10000));
  t0 = cpu(); await promises(P); const hooked = (cpu() - t0) / P;
  console.log(`promise round (await + then): ${plain.toFixed(3)} µs; with an AsyncLocalStorage in use: ${hooked.toFixed(3)} µs (${(hooked / plain).toFixed(2)}×)`);
  void h; void m; void e;
  await db.destroy();
})();
