/**
 * The system on a Redis Cluster (REDIS_CLUSTER=true): three masters started for the test, the
 * queues on an ioredis Cluster client, PostgreSQL, SMS through the real twilio SDK to the fake
 * Twilio, REDIS_URL naming only the two nodes that do not own the prefix's slot (a plain client
 * would be refused with MOVED). A text gets its reply and the conversation its timer; every key the system wrote is
 * under the {hash tag} prefix, so all of them share one slot (BullMQ's multi-key scripts need
 * that); the admin queue list finds the queues across the masters; and a prefix without a hash
 * tag is refused at start-up with the reason.
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import twilio from 'twilio';
import { boardQueueNames } from '../../src/admin/queue-board';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { QUEUES } from '../../src/queue/jobs';
import { queuePrefix } from '../../src/queue/prefix';
import { startSystem, type System } from '../../src/app/system';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { startRedisCluster, type TestCluster } from '../helpers/redis-cluster';
import { eventually } from '../helpers/system';


const ACCOUNT_SID = `AC${'c'.repeat(32)}`;
const AUTH_TOKEN = 'cluster-test-token';
const OUR_NUMBER = '+15005550006';
const PREFIX = `{ce-cluster-${randomBytes(3).toString('hex')}}`;

let cluster: TestCluster;
let pg: FreshDatabase;
let fake: FakeTwilio;
let system: System;
let publicUrl: string;
/** The port of the master that owns the prefix's slot. */
let owner: number;

beforeAll(async () => {
  [cluster, pg, fake] = await Promise.all([startRedisCluster(3), freshDatabase(), startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN })]);
  // The system is given the two nodes that do NOT own the prefix's slot: a plain client would get
  // MOVED for every queue key; only the cluster client, following redirections, works.
  const probe = new IORedis({ host: '127.0.0.1', port: cluster.ports[0] });
  const slot = Number(await probe.call('CLUSTER', 'KEYSLOT', `${PREFIX}:x`));
  probe.disconnect();
  owner = cluster.ports[cluster.owners.findIndex(([from, to]) => slot >= from && slot < to)];
  const others = cluster.urls.filter((_, i) => cluster.ports[i] !== owner);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: ':memory:',
    DATABASE_URL: pg.url,
    // Two of the three nodes are named: the client discovers the third.
    REDIS_URL: others.join(','),
    REDIS_CLUSTER: 'true',
    QUEUE_PREFIX: PREFIX,
    LOG_LEVEL: 'silent',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: OUR_NUMBER,
    TWILIO_API_URL: fake.url,
    QUIET_HOURS_START: '00:00',
    QUIET_HOURS_END: '00:00',
  });
  system = await startSystem({ config, web: true, workers: true, log: createLogger('silent') });
  publicUrl = system.url!;
});

afterAll(async () => {
  await system?.stop();
  await Promise.all([fake?.close(), pg?.drop(), cluster?.stop()]);
});

async function textIn(from: string, body: string): Promise<Response> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: from, To: OUR_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
  const path = '/webhooks/twilio/sms';
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}${path}`, params);
  return fetch(`${publicUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
}

/** Every key of every master, with the node it is on. */
async function allKeys(): Promise<{ port: number; key: string }[]> {
  const found: { port: number; key: string }[] = [];
  for (const port of cluster.ports) {
    const node = new IORedis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
    try {
      for (const key of await node.keys('*')) found.push({ port, key });
    } finally {
      node.disconnect();
    }
  }
  return found;
}

test('a text gets its reply, and every key is under the hash-tagged prefix, on one slot', async () => {
  const res = await textIn('+12125550101', 'hi'); // unclear: the language menu ("hola" is answered in Spanish)
  expect(res.status).toBe(200);
  const [reply] = await eventually(async () => (fake.messages.length ? fake.messages : undefined), 20_000);
  expect(reply.params.To).toBe('+12125550101');
  expect(String(reply.params.Body)).toContain('Español');

  // The answer: the language is set and the next step's replies come in order.
  expect((await textIn('+12125550101', '2')).status).toBe(200);
  await eventually(async () => fake.messages.length >= 2, 20_000);

  const keys = await allKeys();
  expect(keys.length).toBeGreaterThan(5);
  expect(keys.filter((k) => !k.key.startsWith(`${PREFIX}:`))).toEqual([]);
  expect(new Set(keys.map((k) => k.port))).toEqual(new Set([owner]));
  const probe = new IORedis({ host: '127.0.0.1', port: cluster.ports[0] });
  try {
    const slots = new Set(await Promise.all(keys.slice(0, 50).map(async (k) => Number(await probe.call('CLUSTER', 'KEYSLOT', k.key)))));
    expect(slots.size).toBe(1);
  } finally {
    probe.disconnect();
  }
});

test('the admin queue list finds the queues on the cluster', async () => {
  const names = await boardQueueNames(system.runtime);
  expect(names).toEqual(expect.arrayContaining([QUEUES.inbound, 'outbound-sms']));
});

test('health reports redis ok through the cluster client', async () => {
  const res = await fetch(`${publicUrl}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
});

test('a prefix without a hash tag, or no REDIS_URL, is refused with the reason', () => {
  expect(() => loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: cluster.urls[0], QUEUE_PREFIX: 'ce' })).toThrow(/QUEUE_PREFIX: on a Redis Cluster it must be a hash tag such as \{ce\}/);
  expect(() => loadConfig({ REDIS_CLUSTER: 'true' })).toThrow(/REDIS_URL: REDIS_CLUSTER needs REDIS_URL/);
  // Unset, the prefix is named after the installation, in a hash tag (src/queue/prefix.ts).
  expect(loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: cluster.urls[0] }).QUEUE_PREFIX).toBeUndefined();
  expect(queuePrefix(undefined, { id: '0123456789ab', ownQueuePrefix: true })).toMatch(/^\{[^{}]+\}$/);
});
