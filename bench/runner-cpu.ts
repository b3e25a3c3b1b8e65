/**
 * CPU of the inbound path's own part, measured alone: acceptInbound (what the SMS webhook does
 * after the signature check) and the runner's transaction (processContact) for conversations
 * like the inbound benchmark's (a first message, then the answer "1"), one message at a time, on
 * PostgreSQL, no workers and no sends (the replies are queued, never sent). Prints this process's
 * CPU and the PostgreSQL backends' per message, median of the repeats, and the statements and
 * Redis commands per message.
 *
 * Usage: npx tsx bench/runner-cpu.ts [conversations=200] [repeats=5]
 * Env: BENCH_REDIS_URL (default redis://127.0.0.1:6379/14), TEST_DATABASE_URL (a server where a
 * database `ce_bench_runner_<pid>` is created and dropped).
 */
import pg from 'pg';
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { startSystem } from '../src/app/system';
import { acceptInbound } from '../src/runtime/accept';
import { processContact } from '../src/runtime/process-contact';
import { backendCpu, backendCpuBetween } from './cpu';

const conversations = Number(process.argv[2] ?? 200);
const repeats = Number(process.argv[3] ?? 5);
const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `ce_bench_runner_${process.pid}`;
const url = admin.replace(/\/[^/]*$/, `/${name}`);

let statements = 0;
let commands = 0;
const query = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
};
const send = (Redis.prototype as unknown as { sendCommand: (...a: unknown[]) => unknown }).sendCommand;
(Redis.prototype as unknown as { sendCommand: unknown }).sendCommand = function (this: Redis, ...args: unknown[]) {
  commands++;
  return send.apply(this, args);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/tmp/perf-stmts/bench', DATABASE_URL: url,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14', QUEUE_PREFIX: `bench-runner-${process.pid}`,
    LOG_LEVEL: 'silent', ORG_NAME: 'Bench', ORG_CONTACT: 'bench@example.org',
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+15005550006', SIMULATOR: 'false',
  });
  const system = await startSystem({ config, web: false, workers: false, log: createLogger('silent') });
  const rt = system.runtime;
  const cpuMs: number[] = [];
  const pgMs: number[] = [];
  const perMsg: string[] = [];
  let phone = 0;
  const one = async (address: string, text: string) => {
    const r = await acceptInbound(rt, { channel: 'sms', address, text, providerId: `SM${(phone * 7 + text.length).toString(16).padStart(32, '0')}${Math.random().toString(16).slice(2, 8)}` });
    if (r.status === 'accepted') await processContact(rt, r.contactId, { type: 'inbound' });
  };
  for (let rep = 0; rep <= repeats; rep++) {
    const people = Array.from({ length: conversations }, () => `+1212${String(5_000_000 + phone++).padStart(7, '0')}`);
    // First contacts outside the measurement for half of each run? No: both halves, as the bench sends them.
    const s0 = statements, c0 = commands;
    const pg0 = await backendCpu(url);
    const u0 = process.cpuUsage();
    for (const p of people) await one(p, 'hello');
    for (const p of people) await one(p, '1');
    const u = process.cpuUsage(u0);
    const pg1 = await backendCpu(url);
    const n = people.length * 2;
    if (rep === 0) continue; // warm-up
    cpuMs.push((u.user + u.system) / 1000 / n);
    pgMs.push((backendCpuBetween(pg0, pg1) * 1000) / n);
    perMsg.push(`${((statements - s0) / n).toFixed(2)} statements, ${((commands - c0) / n).toFixed(2)} Redis commands`);
  }
  console.log(`per message (first contact + answer "1", ${conversations} conversations, median of ${repeats}): process ${median(cpuMs).toFixed(3)} ms CPU, PostgreSQL ${median(pgMs).toFixed(3)} ms; runs ${cpuMs.map((x) => x.toFixed(3)).join(' ')} / ${pgMs.map((x) => x.toFixed(3)).join(' ')}; ${perMsg[0]}`);
  await system.stop();
  await removeKeys(config.REDIS_URL ?? "", `${config.QUEUE_PREFIX}:*`);
  const d = new pg.Client({ connectionString: admin });
  await d.connect();
  await d.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await d.end();
}
/** Deletes this run's queue keys (SCAN + UNLINK). */
async function removeKeys(url: string, pattern: string) {
  const r = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await r.unlink(...keys);
  } while (cursor !== '0');
  await r.quit();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
