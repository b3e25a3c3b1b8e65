/**
 * CPU per inbound SMS of the system's own code, measured alone (issue #18: replies sent by the
 * runner's job instead of a send job each). One process: the whole system (workers, PostgreSQL,
 * Redis) with the SMS channel pointed at the in-process fake Twilio; messages go in through
 * acceptInbound (no HTTP: the webhook's cost is the same either way). A round is 2 × N messages:
 * N first contacts ("hi": one reply each), then their answers ("1": two replies each), each wave
 * waited for until every reply reached the fake; with a rate (messages per second), the messages of
 * a round go out one by one at that rate instead (open loop, as the inbound benchmark sends), and
 * the round ends when every reply has reached the fake. Prints the CPU of this process and of the
 * PostgreSQL backends per inbound message for each round after a warm-up round, and the Redis
 * commands and PostgreSQL queries this process sent per message (deterministic, unlike the CPU).
 *
 *   TEST_REDIS_URL=redis://127.0.0.1:6379/<db> TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npx tsx bench/inline-cpu.ts [N=200] [rounds=3] [rate]
 *
 * The fake Twilio's own CPU (it answers each send) is in the process figure too: compare two
 * versions of the code by their difference, run one after the other, alternating.
 */
import IORedis from 'ioredis';
import { Client } from 'pg';
import { acceptInbound } from '../src/runtime/accept';
import { ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER } from '../test/helpers/sms-harness';
import { startFakeTwilio } from '../test/helpers/fake-twilio';
import { startTestSystem } from '../test/helpers/system';
import { backendCpu, backendCpuBetween } from './cpu';

/** Round trips of this process: Redis commands (a script or pipeline counts each command) and PostgreSQL queries. */
const counts = { redis: 0, pg: 0 };
function countRoundTrips(): void {
  const send = IORedis.prototype.sendCommand;
  IORedis.prototype.sendCommand = function (this: IORedis, ...args: Parameters<typeof send>) {
    counts.redis++;
    return send.apply(this, args);
  } as typeof send;
  const query = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    counts.pg++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

async function main(): Promise<void> {
  countRoundTrips();
  const n = Number(process.argv[2] ?? 200);
  const rounds = Number(process.argv[3] ?? 3);
  const rate = Number(process.argv[4] ?? 0);
  process.env.TEST_RUN_ID ||= 'inlinecpu';
  const fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const system = await startTestSystem(
    'inline-cpu',
    { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: OUR_NUMBER, TWILIO_API_URL: fake.url, TWILIO_MPS: '100000', SIMULATOR: 'false', QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' },
    { postgres: true, web: false },
  );
  const databaseUrl = system.config.DATABASE_URL!;
  let sid = 0;
  const accept = (address: string, text: string) => acceptInbound(system.runtime, { channel: 'sms', address, text, providerId: `SM${String(++sid).padStart(32, '0')}` });
  const until = async (want: number) => {
    while (fake.messages.length < want) await new Promise((r) => setTimeout(r, 10));
  };
  const wave = async (phones: string[], text: string, replies: number) => {
    const want = fake.messages.length + phones.length * replies;
    await Promise.all(phones.map((address) => accept(address, text)));
    await until(want);
  };
  const paced = async (phones: string[]) => {
    const want = fake.messages.length + phones.length * 3;
    const start = Date.now();
    const sent: Promise<unknown>[] = [];
    const plan = [...phones.map((p) => [p, 'hi']), ...phones.map((p) => [p, '1'])];
    for (let i = 0; i < plan.length; i++) {
      const wait = start + (i * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sent.push(accept(plan[i][0], plan[i][1]));
    }
    await Promise.all(sent);
    await until(want);
  };
  try {
    for (let round = 0; round <= rounds; round++) {
      const phones = Array.from({ length: n }, (_, i) => `+1718${String(round).padStart(2, '0')}${String(i).padStart(5, '0')}`);
      const redis0 = counts.redis;
      const pgq0 = counts.pg;
      const cpu0 = process.cpuUsage();
      const pg0 = await backendCpu(databaseUrl);
      const t0 = Date.now();
      if (rate > 0) await paced(phones);
      else {
        await wave(phones, 'hi', 1);
        await wave(phones, '1', 2);
      }
      const ms = Date.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const pg = backendCpuBetween(pg0, await backendCpu(databaseUrl));
      const perMsg = (cpu.user + cpu.system) / 1000 / (2 * n);
      const label = round === 0 ? 'warm-up' : `round ${round}`;
      process.stdout.write(`${label}: ${2 * n} messages in ${ms} ms; process ${perMsg.toFixed(2)} ms CPU/msg, PostgreSQL ${((pg * 1000) / (2 * n)).toFixed(2)} ms/msg; per message ${((counts.redis - redis0) / (2 * n)).toFixed(1)} Redis commands, ${((counts.pg - pgq0) / (2 * n)).toFixed(1)} PostgreSQL queries\n`);
    }
  } finally {
    await system.close();
    await fake.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
