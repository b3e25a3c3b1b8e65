/**
 * The baseline of the inbound benchmark, run as its own process: the least a correct system must
 * do per inbound SMS, written plainly. A Fastify server takes Twilio's webhook, verifies its
 * signature (the twilio SDK's validateRequest), stores the message once (INSERT ... ON CONFLICT on
 * the provider's id) and queues it (BullMQ, job id = message id, with retries); a BullMQ worker
 * reads and locks the person's state row (SELECT ... FOR UPDATE in a transaction), decides the
 * reply from that state (a first message gets the language menu, the answer "1" the welcome and
 * the main menu, as the shipped flows do), stores the reply and the new state, commits, sends each
 * reply through the twilio SDK to the same fake Twilio, and records its status and provider id.
 * No flows engine, no i18n, no consent or quiet-hours check, no logging, no metrics.
 *
 * Environment: BENCH_DATABASE_URL (an empty database: the tables are made here), BENCH_REDIS_URL,
 * BENCH_PREFIX, BENCH_PORT, BENCH_PUBLIC_URL, BENCH_CONCURRENCY, BENCH_TWILIO_URL,
 * BENCH_TWILIO_SID, BENCH_TWILIO_TOKEN, BENCH_FROM, BENCH_REPLIES (JSON: { first: string[],
 * answer: string[] }, the reply bodies). Prints "ready" once listening; exits on SIGTERM.
 */
import { Queue, Worker } from 'bullmq';
import Fastify from 'fastify';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import twilio from 'twilio';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS people (phone text PRIMARY KEY, state text NOT NULL DEFAULT 'new');
CREATE TABLE IF NOT EXISTS messages (
  id bigserial PRIMARY KEY,
  phone text NOT NULL,
  direction text NOT NULL,
  body text NOT NULL,
  provider_id text,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_in_provider_id ON messages (provider_id) WHERE direction = 'in';
`;

async function main(): Promise<void> {
  const from = env('BENCH_FROM');
  const authToken = env('BENCH_TWILIO_TOKEN');
  const publicUrl = env('BENCH_PUBLIC_URL');
  const prefix = env('BENCH_PREFIX');
  const replies = JSON.parse(env('BENCH_REPLIES')) as { first: string[]; answer: string[] };
  const pool = new Pool({ connectionString: env('BENCH_DATABASE_URL'), max: 12 });
  await pool.query(SCHEMA);
  const connection = new IORedis(env('BENCH_REDIS_URL'), { maxRetriesPerRequest: null });
  const queue = new Queue('inbound', { connection, prefix });
  const client = twilio(env('BENCH_TWILIO_SID'), authToken, { autoRetry: false, timeout: 15_000 });
  client.api.baseUrl = env('BENCH_TWILIO_URL');

  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.get('/healthz', async () => ({ ok: true }));
  app.post('/webhooks/twilio/sms', async (req, reply) => {
    const params = req.body as Record<string, string>;
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || !twilio.validateRequest(authToken, signature, `${publicUrl}${req.url}`, params)) return reply.code(403).send();
    const stored = await pool.query<{ id: string }>(
      `INSERT INTO messages (phone, direction, body, provider_id, status) VALUES ($1, 'in', $2, $3, 'received') ON CONFLICT (provider_id) WHERE direction = 'in' DO NOTHING RETURNING id`,
      [params.From, params.Body ?? '', params.MessageSid],
    );
    // A delivery seen before was queued then (its job id is its message id).
    if (stored.rows[0]) {
      const id = stored.rows[0].id;
      await queue.add('in', { id }, { jobId: `in-${id}`, attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600, count: 10_000 } });
    }
    return reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  const worker = new Worker<{ id: string }>(
    'inbound',
    async (job) => {
      const db = await pool.connect();
      let out: { id: string; phone: string; body: string }[];
      try {
        await db.query('BEGIN');
        const inbound = (await db.query<{ phone: string; body: string }>('SELECT phone, body FROM messages WHERE id = $1', [job.data.id])).rows[0];
        await db.query('INSERT INTO people (phone) VALUES ($1) ON CONFLICT DO NOTHING', [inbound.phone]);
        const { state } = (await db.query<{ state: string }>('SELECT state FROM people WHERE phone = $1 FOR UPDATE', [inbound.phone])).rows[0];
        const [bodies, next] = state === 'new' ? [replies.first, 'language'] : state === 'language' && inbound.body.trim() === '1' ? [replies.answer, 'menu'] : [replies.first, state];
        await db.query('UPDATE people SET state = $2 WHERE phone = $1', [inbound.phone, next]);
        await db.query(`UPDATE messages SET status = 'processed' WHERE id = $1`, [job.data.id]);
        const ids = await db.query<{ id: string }>(`INSERT INTO messages (phone, direction, body, status) SELECT $1, 'out', b, 'queued' FROM unnest($2::text[]) AS b RETURNING id`, [inbound.phone, bodies]);
        await db.query('COMMIT');
        out = ids.rows.map((r, i) => ({ id: r.id, phone: inbound.phone, body: bodies[i] }));
      } catch (err) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        db.release();
      }
      // In order, each after the previous was accepted (replies to one person keep their order).
      for (const m of out) {
        const sent = await client.messages.create({ to: m.phone, from, body: m.body });
        await pool.query('UPDATE messages SET status = $2, provider_id = $3 WHERE id = $1', [m.id, sent.status, sent.sid]);
      }
    },
    { connection, prefix, concurrency: Number(env('BENCH_CONCURRENCY')) },
  );
  worker.on('failed', (_job, err) => process.stderr.write(`job failed: ${err.message}\n`));
  await worker.waitUntilReady();
  await app.listen({ host: '127.0.0.1', port: Number(env('BENCH_PORT')) });
  process.stdout.write('ready\n');
  process.once('SIGTERM', async () => {
    await app.close();
    await worker.close();
    await queue.close();
    connection.disconnect();
    await pool.end();
    process.exit(0);
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
