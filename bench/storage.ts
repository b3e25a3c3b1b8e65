/**
 * Benchmark 5, storage: what one conversation state costs (its stored JSON, and the V8 heap of a
 * state held in memory while a step runs), and the PostgreSQL size of contacts: 100k (quick: 20k,
 * scaled) imported with an attested opt-in and a tag, each with one stored conversation.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Client } from 'pg';
import { freshDatabase } from '../test/helpers/postgres';
import type { ConversationState } from '../src/engine/types';
import { benchEngineEnv, play, SCRIPTS } from './engine';
import { importBenchContacts } from './seed';
import { bytes, fmt } from './stats';
import type { Benchmark } from './types';

/** A garbage collection on demand (the flag is allowed at run time). */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Representative states: where each script's conversation is after each step. */
function sampleStates(): { name: string; state: ConversationState }[] {
  const env = benchEngineEnv();
  const out: { name: string; state: ConversationState }[] = [];
  const seen = new Set<string>();
  for (const script of SCRIPTS) {
    const states: ConversationState[] = [];
    play(env, script, Date.parse('2030-06-04T16:00:00Z'), (s) => states.push(s));
    states.forEach((s, i) => {
      const where = `${s.flowId}.${s.value}`;
      // The 50-state flow: a few points along it, not all fifty.
      if (s.flowId.startsWith('bench_') && ![0, 24, states.length - 1].includes(i)) return;
      if (seen.has(where)) return;
      seen.add(where);
      out.push({ name: s.flowId.startsWith('bench_') ? `50-state flow, question ${i + 1} (${Object.keys(s.context.answers).length} answers kept)` : where, state: s });
    });
  }
  return out;
}

/** Heap bytes per state when `n` copies (each parsed from its JSON, as loaded from the database) are held at once. */
function heapPerState(json: string, n: number, gc: () => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) held[i] = JSON.parse(json);
  gc();
  const after = process.memoryUsage().heapUsed;
  if (held.length !== n) throw new Error('unreachable');
  return (after - before) / n;
}

const TABLES = ['contacts', 'identities', 'consent_events', 'contact_tags', 'conversations'];

export const storageBenchmark: Benchmark = {
  name: 'storage',
  title: 'Storage: conversation state and database size per contact',
  async run({ quick, report }) {
    const gc = collector();
    const copies = quick ? 20_000 : 100_000;
    const samples = sampleStates();
    report.note(
      `Stored state: \`JSON.stringify\` of the state the runner saves (conversations.state, jsonb). Heap: ${copies.toLocaleString('en-US')} states, each ` +
        'parsed from its JSON, held at once; V8 heap after a forced GC, per state.',
    );
    report.table(
      ['conversation at', 'stored JSON', 'heap per state in memory'],
      samples.map((s) => {
        const json = JSON.stringify(s.state);
        return [s.name, bytes(Buffer.byteLength(json)), bytes(heapPerState(json, copies, gc))];
      }),
    );

    const n = quick ? 20_000 : 100_000;
    const db = await freshDatabase();
    try {
      const seconds = await importBenchContacts(db.url, n);
      report.progress(`${n.toLocaleString('en-US')} contacts imported in ${fmt(seconds)} s`);
      const menu = samples.find((s) => s.name === 'menu.main')?.state ?? samples[0].state;
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(
          `INSERT INTO conversations (contact_id, identity_id, state, flow_id, flow_hash, updated_at)
           SELECT i.contact_id, i.id, $1::jsonb, $2, $3, now() FROM identities i`,
          [JSON.stringify(menu), menu.flowId, menu.flowHash],
        );
        await client.query('VACUUM ANALYZE');
        const sizes = await client.query<{ t: string; total: string; rows: string }>(
          `SELECT t, pg_total_relation_size(t::regclass) AS total, (SELECT reltuples::bigint FROM pg_class WHERE oid = t::regclass) AS rows FROM unnest($1::text[]) AS t`,
          [TABLES],
        );
        const scale = 100_000 / n;
        let sum = 0;
        const rows = sizes.rows.map((r) => {
          const total = Number(r.total);
          sum += total;
          return [r.t, Number(r.rows).toLocaleString('en-US'), bytes(total), bytes(total * scale), bytes(total * scale * 100), fmt(total / n)];
        });
        rows.push(['all five', '', bytes(sum), bytes(sum * scale), bytes(sum * scale * 100), fmt(sum / n)]);
        report.say(
          `${n.toLocaleString('en-US')} contacts from \`contacts import\` (phone, language, state, one tag, an attested opt-in), each with one stored ` +
            `conversation (at menu.main, ${bytes(Buffer.byteLength(JSON.stringify(menu)))} of JSON), after VACUUM ANALYZE; tables with their indexes and TOAST${quick ? ', scaled from 20k' : ''}:`,
        );
        report.table(['table', 'rows', `size at ${n / 1000}k`, 'per 100k contacts', 'per 10M contacts', 'bytes/contact'], rows);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  },
};
