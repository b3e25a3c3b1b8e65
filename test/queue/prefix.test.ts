/**
 * Each installation's queues are its own (src/queue/prefix.ts). Job ids come from database ids, so
 * two databases on one set of queues would take each other's jobs, or drop their own new jobs as
 * duplicates of the other's (a wiped embedded database numbers its messages from 1 again while the
 * old completed jobs are kept for an hour).
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { startSystem } from '../../src/app/system';
import { createLogger } from '../../src/log';
import { acceptInbound } from '../../src/runtime/accept';
import { QUEUES, jobIds } from '../../src/queue/jobs';
import { QueuePrefixTakenError, queuePrefix } from '../../src/queue/prefix';
import { openDb } from '../../src/store/db';
import { loadInstallation } from '../../src/store/installation';
import { migrationProvider } from '../../src/store/migrations/index';
import { freshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { eventually } from '../helpers/system';
import type { System } from '../../src/app/system';

const OWN = /^\{ce-[0-9a-f]{12}\}$/;

describe('queuePrefix', () => {
  test('QUEUE_PREFIX as set wins; unset, the installation names its queues, in a hash tag; an older database keeps {ce}', () => {
    expect(queuePrefix('{ohio}', { id: '0123456789ab', ownQueuePrefix: true })).toBe('{ohio}');
    expect(queuePrefix(undefined, { id: '0123456789ab', ownQueuePrefix: true })).toBe('{ce-0123456789ab}');
    expect(queuePrefix(undefined, { id: '0123456789ab', ownQueuePrefix: false })).toBe('{ce}');
  });

  test('the configuration leaves QUEUE_PREFIX unset by default, on a Redis Cluster too', () => {
    expect(loadConfig({}).QUEUE_PREFIX).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://10.0.0.1:6379' }).QUEUE_PREFIX).toBeUndefined();
  });
});

describe('the installation id (migration 0014)', () => {
  test('a new database gets an id and queues of its own', async () => {
    const fresh = await openDb({ dataDir: ':memory:' });
    try {
      const installation = await loadInstallation(fresh.kysely);
      expect(installation).toEqual({ id: expect.stringMatching(/^[0-9a-f]{12}$/), ownQueuePrefix: true });
    } finally {
      await fresh.close();
    }
  });

  test('a database that already held contacts keeps the plain prefix its jobs are under', async () => {
    const pg = await freshDatabase();
    const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: pg.url, max: 1 }) }) });
    try {
      // An installation from before: migrated up to 0013, with a contact, then upgraded.
      const migrator = new Migrator({ db: kysely, provider: migrationProvider });
      expect((await migrator.migrateTo('0013_campaign_rehearsal')).error).toBeUndefined();
      await kysely.insertInto('contacts').values({ id: 'c-older', vars: '{}' }).execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const installation = await loadInstallation(kysely);
      expect(installation.ownQueuePrefix).toBe(false);
      expect(queuePrefix(undefined, installation)).toBe('{ce}');
    } finally {
      await kysely.destroy();
      await pg.drop();
    }
  });
});

describe('two installations on one Redis', () => {
  const started: System[] = [];
  const prefixes: string[] = [];
  const log = createLogger('silent');
  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: ':memory:', REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', ORG_NAME: 'Test Org', ORG_CONTACT: 'help@example.org', REPLY_BURST: '0', ...env });
    const system = await startSystem({ config, web: false, workers: true, log });
    started.push(system);
    prefixes.push(system.runtime.queues.prefix);
    return system;
  };
  const stop = async (system: System) => {
    started.splice(started.indexOf(system), 1);
    await system.stop();
  };
  afterEach(async () => {
    for (const system of started.splice(0)) await system.stop();
    for (const prefix of new Set(prefixes.splice(0))) await cleanPrefix(prefix);
  });

  /** Sends a first message from the simulator and waits for the replies to be delivered; the inbound message's id. */
  const converse = async (system: System, address: string): Promise<string> => {
    const { messageId } = (await acceptInbound(system.runtime, { channel: 'web', address, text: 'hello', localeHint: 'en' })) as { messageId: string };
    const db = system.runtime.db.kysely;
    await eventually(async () => {
      const rows = await db.selectFrom('messages').select('status').where('direction', '=', 'out').execute();
      return rows.length >= 2 && rows.every((r) => r.status === 'delivered');
    });
    return String(messageId);
  };

  test('by default a wiped database gets queues of its own: its first message is not taken for the old one\'s finished job', async () => {
    const first = await start({});
    const firstId = await converse(first, 'session-aaaaaaaa');
    const inbound = first.runtime.queues.get(QUEUES.inbound);
    expect(await inbound.getJobState(jobIds.inbound(firstId))).toBe('completed');
    await stop(first); // its Redis keys stay, as when an embedded database is deleted and started again

    const second = await start({});
    expect(first.runtime.queues.prefix).toMatch(OWN);
    expect(second.runtime.queues.prefix).toMatch(OWN);
    expect(second.runtime.queues.prefix).not.toBe(first.runtime.queues.prefix);
    const secondId = await converse(second, 'session-bbbbbbbb');
    expect(secondId).toBe(firstId); // the same job id: under one prefix it would have been dropped
    expect(await second.runtime.queues.get(QUEUES.inbound).getJobState(jobIds.inbound(secondId))).toBe('completed');
  });

  test('one QUEUE_PREFIX set for two databases: the second refuses to start and says why; the first works on', async () => {
    const prefix = freshPrefix('shared');
    prefixes.push(prefix);
    const first = await start({ QUEUE_PREFIX: prefix });
    const error = await start({ QUEUE_PREFIX: prefix }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(QueuePrefixTakenError);
    expect((error as Error).message).toMatch(new RegExp(`QUEUE_PREFIX ${prefix} in this Redis belong to another installation`));
    await converse(first, 'session-cccccccc');
  });

  test('the processes of one installation (a web and a worker on one PostgreSQL database) share its queues', async () => {
    const pg = await freshDatabase();
    try {
      const web = await start({ DATABASE_URL: pg.url });
      const worker = await start({ DATABASE_URL: pg.url });
      expect(worker.runtime.queues.prefix).toBe(web.runtime.queues.prefix);
      expect(web.runtime.queues.prefix).toMatch(OWN);
      await stop(worker);
      await stop(web);
    } finally {
      await pg.drop();
    }
  });
});
