/**
 * The send path's statement on PostgreSQL runs on a connection of its own whose prepared
 * statements always use a generic plan (Db.generic, src/store/db.ts): parsed and planned once per
 * connection, not planned again at every send. On PGlite (one session) it runs on the one handle.
 */
import { sql } from 'kysely';
import { sendBatches } from '../../src/runtime/send-batches';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { insertOutbound } from '../../src/store/messages';
import { GENERIC_PLAN_MAX_USES } from '../../src/store/db';
import { describeOnBothDatabases } from '../helpers/databases';

const CONFIG = { PRIVACY_SECRET: 'a test secret for the suppression key, long enough' };

describeOnBothDatabases('the send path statement', (db, kind) => {
  test('reads and writes through the send batches, on a generic plan where PostgreSQL is used', async () => {
    const k = db().kysely;
    const batches = sendBatches(db(), CONFIG);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { identity } = await findOrCreateIdentity(k, 'sms', `+1555444${String(1000 + i)}`);
      ids.push(String(await insertOutbound(k, { contactId: identity.contact_id, identityId: identity.id, channel: 'sms', kind: 'notification', body: `Hello ${i}` })));
    }
    // More executions than PostgreSQL's five custom plans before it would consider a generic one.
    for (const id of ids) {
      const row = await batches.load(id, {});
      expect(row).toMatchObject({ id, status: 'pending', marked: true });
      await batches.status({ id, status: 'sent', providerId: `SM${id.padStart(32, '0')}` });
    }
    const rows = await k.selectFrom('messages').select(['status', 'provider_id']).where('id', 'in', ids).execute();
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'sent'));

    if (kind === 'pglite') {
      expect(db().generic).toBeUndefined();
      return;
    }
    const generic = db().generic!;
    expect((await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(generic)).rows[0].plan_cache_mode).toBe('force_generic_plan');
    // Everything else keeps PostgreSQL's own choice (a custom plan may use a partial index).
    expect((await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(k)).rows[0].plan_cache_mode).toBe('auto');
    // One connection: the statement was prepared on the one this query runs on.
    const plans = await sql<{ generic_plans: string; custom_plans: string }>`
      SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%unnest($1::bigint[]%'`.execute(generic);
    expect(plans.rows).toHaveLength(1);
    expect(Number(plans.rows[0].generic_plans)).toBeGreaterThanOrEqual(2 * ids.length);
    expect(Number(plans.rows[0].custom_plans)).toBe(0);
  });

  test('the generic-plan connection is renewed after its uses, so its plan is made again from the tables as they are', async () => {
    if (kind === 'pglite') {
      expect(db().generic).toBeUndefined(); // one session: nothing to renew
      return;
    }
    const generic = db().generic!;
    const pid = async () => Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(generic)).rows[0].pid);
    const first = await pid();
    const seen = new Set([first]);
    for (let i = 0; i < GENERIC_PLAN_MAX_USES + 1; i++) seen.add(await pid());
    expect(seen.size).toBeGreaterThan(1);
  });

  test('no connection to PostgreSQL compiles statements with JIT (its compiling cost more than our small statements take)', async () => {
    if (kind === 'pglite') return; // PGlite has no JIT
    for (const handle of [db().kysely, db().generic!]) {
      expect((await sql<{ jit: string }>`show jit`.execute(handle)).rows[0].jit).toBe('off');
    }
  });
});
