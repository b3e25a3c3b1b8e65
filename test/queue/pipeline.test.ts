import { JOB, QUEUES } from '../../src/queue/jobs';
import { insertOutbound } from '../../src/store/messages';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { sweep } from '../../src/runtime/workers';
import { flowYaml, writeFixtureDirs } from '../engine/fixtures';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';

// The registration flow with timeouts short enough to watch real delayed jobs fire.
const dirs = writeFixtureDirs({ reg: flowYaml.reg.replace('timeout: { nudge: 1h, expire: 1d }', 'timeout: { nudge: 1s, expire: 2s }') });

describe('queue pipeline (real Redis, PGlite)', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem('pipeline', { FLOWS_DIR: dirs.flowsDir, LOCALES_DIR: dirs.localesDir }, { web: false });
  });
  afterAll(async () => sys?.close());

  const db = () => sys.runtime.db.kysely;
  const accept = (address: string, text: string, extra: object = {}) => import('../../src/runtime/accept').then((m) => m.acceptInbound(sys.runtime, { channel: 'web', address, text, ...extra }));
  const outbound = async (address: string) => {
    const identity = await db().selectFrom('identities').select('id').where('channel', '=', 'web').where('address', '=', address).executeTakeFirst();
    if (!identity) return [];
    return db().selectFrom('messages').select(['key', 'status', 'kind']).where('identity_id', '=', identity.id).where('direction', '=', 'out').orderBy('id').execute();
  };

  test('an inbound message is processed by the workers and its replies delivered', async () => {
    await accept('session-aaaaaaaa', 'hello', { localeHint: 'es' });
    const out = await eventually(async () => {
      const rows = await outbound('session-aaaaaaaa');
      return rows.length === 2 && rows.every((r) => r.status === 'delivered') && rows;
    });
    expect(out.map((r) => r.key)).toEqual(['welcome.hello', 'menu.prompt']);
    const contact = await db().selectFrom('contacts').innerJoin('identities', 'identities.contact_id', 'contacts.id').select('language').where('address', '=', 'session-aaaaaaaa').executeTakeFirstOrThrow();
    expect(contact.language).toBe('es');
  });

  test('a wait nudges, then expires, through delayed jobs', async () => {
    await accept('session-bbbbbbbb', 'REGISTER', { localeHint: 'en' });
    const out = await eventually(async () => {
      const rows = await outbound('session-bbbbbbbb');
      return rows.length === 3 && rows;
    }, 15_000);
    expect(out.map((r) => [r.key, r.kind])).toEqual([
      ['reg.ask_state', 'reply'],
      ['common.nudge', 'notification'],
      ['common.expired', 'notification'],
    ]);
    const ended = await db().selectFrom('conversation_events').select(['flow_id', 'outcome']).where('outcome', '=', 'expired').execute();
    expect(ended).toContainEqual({ flow_id: 'reg', outcome: 'expired' });
  });

  test('an answer before the nudge makes the pending nudge stale', async () => {
    await accept('session-cccccccc', 'REGISTER', { localeHint: 'en' });
    await eventually(async () => (await outbound('session-cccccccc')).length === 1);
    await accept('session-cccccccc', 'menu');
    await eventually(async () => (await outbound('session-cccccccc')).length === 2);
    // The menu waits 1h (default); the registration's 1 s nudge must not fire.
    const timers = sys.runtime.queues.get(QUEUES.timers);
    await eventually(async () => (await timers.getDelayedCount()) === 1 || (await timers.getCompletedCount()) > 0, 5000);
    await eventually(async () => {
      const jobs = await timers.getJobs(['completed']);
      return jobs.some((j) => (j.data as any).kind === 'nudge' && (j.data as any).contactId) && jobs;
    }, 5000);
    expect((await outbound('session-cccccccc')).map((r) => r.key)).toEqual(['reg.ask_state', 'menu.prompt']);
  });

  test('a scheduled message to someone who opted out meanwhile is suppressed at send time', async () => {
    await accept('session-dddddddd', 'hi', { localeHint: 'en' });
    await eventually(async () => (await outbound('session-dddddddd')).length === 2);
    const { identity } = await findOrCreateIdentity(db(), 'web', 'session-dddddddd');
    // A follow-up queued before the person says STOP ...
    const followUp = await insertOutbound(db(), { contactId: identity.contact_id, identityId: identity.id, channel: 'web', kind: 'notification', body: 'Reminder', key: 'fb.ask' });
    await accept('session-dddddddd', 'STOP');
    await eventually(async () => (await outbound('session-dddddddd')).some((r) => r.key === 'system.opted_out' && r.status === 'delivered'));
    // ... is dropped when its turn comes, and recorded as suppressed.
    await sys.runtime.queues.get('outbound-web').add(JOB.send, { messageId: followUp }, { jobId: `out-${followUp}` });
    const row = await eventually(async () => {
      const m = await db().selectFrom('messages').select(['status', 'error_code']).where('id', '=', followUp).executeTakeFirstOrThrow();
      return m.status !== 'pending' && m;
    });
    expect(row).toEqual({ status: 'suppressed', error_code: 'opted_out' });
    const ledger = await db().selectFrom('consent_events').select(['action', 'word']).where('identity_id', '=', identity.id).execute();
    expect(ledger).toEqual([{ action: 'opt_out', word: 'STOP' }]);
  });

  test('the sweep re-queues replies a crash left stored but not queued', async () => {
    const { identity } = await findOrCreateIdentity(db(), 'web', 'session-eeeeeeee');
    const id = await insertOutbound(db(), { contactId: identity.contact_id, identityId: identity.id, channel: 'web', kind: 'reply', body: 'Lost?', key: 'fb.ask' });
    const swept = await sweep(sys.runtime, 0); // (normally only what is older than the sweep's period)
    expect(swept.outbound).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await db().selectFrom('messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status === 'delivered');
  });
});
