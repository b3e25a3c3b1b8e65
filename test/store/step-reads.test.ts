/**
 * What the runner reads and writes around a conversation step, on PGlite and on PostgreSQL:
 * insertOutbounds' ids in input order (src/store/messages.ts), lockForStep's contact,
 * conversation and open handoff read once the row is locked (and fresh, after a wait for the
 * lock), with the pending messages (message+identity pairs and the prefetched values) in the same
 * read, and writeStep's one-statement write of what the steps changed and their replies
 * (src/store/conversations.ts).
 */
import { sql } from 'kysely';
import type { ConversationState } from '../../src/engine/types';
import { findOrCreateIdentity, getContact, getIdentity, updateContact } from '../../src/store/contacts';
import { lockForStep, writeStep, type PendingPrefetch } from '../../src/store/conversations';
import { insertInbound, insertOutbound, insertOutbounds, type NewOutbound } from '../../src/store/messages';
import { openHandoff } from '../../src/store/records';
import type { Identity } from '../../src/store/schema';
import { describeOnBothDatabases } from '../helpers/databases';
import { eventually } from '../helpers/system';

const AT = new Date('2030-06-04T16:00:00Z');

describeOnBothDatabases('step reads', (db, kind) => {
  const k = () => db().kysely;
  let n = 0;
  const person = async (): Promise<Identity> => (await findOrCreateIdentity(k(), 'sms', `+1555556${String(1000 + n++)}`)).identity;
  const reply = (identity: Identity, body: string): NewOutbound => ({ contactId: identity.contact_id, identityId: identity.id, channel: identity.channel, kind: 'reply', body });
  const inbound = async (identity: Identity, body: string) =>
    (await insertInbound(k(), { contactId: identity.contact_id, identityId: identity.id, channel: identity.channel, body }))!;
  const closeHandoff = (id: string) => k().updateTable('handoffs').set({ status: 'closed', closed_at: AT }).where('id', '=', id).execute();
  /** Saves a conversation as the runner does (writeStep, nothing else changed). */
  const saveConversation = (a: Identity, state: ConversationState | null) =>
    k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state, processed: [], ended: [] }));
  const step = (contactId: string) => k().transaction().execute((tx) => lockForStep(tx, contactId));
  /** The pending messages as the runner reads them (with the contact, after its lock). */
  const pendingInbound = async (contactId: string, prefetch: PendingPrefetch[] = []) =>
    (await k().transaction().execute((tx) => lockForStep(tx, contactId, { pending: { prefetch } })))?.pending ?? [];

  describe('insertOutbounds', () => {
    test('returns one id per message, ascending, each the id of the message given at that position', async () => {
      const a = await person();
      const bodies = ['one', 'two', 'three', 'four', 'five'];
      const ids = await insertOutbounds(k(), bodies.map((b) => reply(a, b)));
      expect(ids).toHaveLength(5);
      ids.forEach((id) => expect(typeof id).toBe('string'));
      const asBig = ids.map((id) => BigInt(id));
      expect([...asBig].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(asBig);
      expect(new Set(ids).size).toBe(5);
      const rows = await k().selectFrom('messages').select(['id', 'body', 'direction', 'kind', 'status']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [String(r.id), r]));
      expect(ids.map((id) => byId.get(id)?.body)).toEqual(bodies);
      for (const r of rows) expect(r).toMatchObject({ direction: 'out', kind: 'reply', status: 'pending' });
      expect(await insertOutbounds(k(), [])).toEqual([]);
    });

    test('ids stay in input order when ids cross a power of ten (compared as numbers, not as text)', async () => {
      const a = await person();
      // Jump the sequence to just below 10^k so the batch spans e.g. 99998..100002: a text sort
      // would put "100000" before "99998".
      await sql`SELECT setval(pg_get_serial_sequence('messages', 'id'), 99997)`.execute(k());
      const bodies = ['a', 'b', 'c', 'd', 'e'];
      const ids = await insertOutbounds(k(), bodies.map((b) => reply(a, b)));
      expect(ids).toEqual(['99998', '99999', '100000', '100001', '100002']);
      const rows = await k().selectFrom('messages').select(['id', 'body']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [String(r.id), r.body]));
      expect(ids.map((id) => byId.get(id))).toEqual(bodies);
    });
  });

  describe('lockForStep with the pending messages', () => {
    test('returns the contact’s unprocessed inbound messages, oldest first, each with its own identity', async () => {
      const sms = await person();
      // The same person on Telegram: a second identity of the same contact.
      const telegram = (
        await k()
          .insertInto('identities')
          .values({ id: `tg-${n++}`, contact_id: sms.contact_id, channel: 'telegram', address: `42${n}`, opted_out_at: null, unreachable_at: null, unreachable_reason: null })
          .returningAll()
          .executeTakeFirstOrThrow()
      );
      const other = await person();

      const m1 = await inbound(sms, 'REGISTER');
      const processed = await inbound(sms, 'already handled');
      const m2 = await inbound(telegram, 'Texas');
      await inbound(other, 'not this contact');
      const m3 = await inbound(sms, '73301');
      await insertOutbound(k(), reply(sms, 'an outbound message is never pending inbound'));
      await k().updateTable('messages').set({ status: 'processed' }).where('id', '=', processed).execute();

      const pending = await pendingInbound(sms.contact_id);
      expect(pending.map((p) => String(p.message.id))).toEqual([m1, m2, m3].map(String));
      expect(pending.map((p) => p.message.body)).toEqual(['REGISTER', 'Texas', '73301']);
      expect(pending.map((p) => p.identity?.id)).toEqual([sms.id, telegram.id, sms.id]);

      // The pair is exactly what two separate reads would have returned.
      for (const p of pending) {
        const message = await k().selectFrom('messages').selectAll().where('id', '=', p.message.id).executeTakeFirstOrThrow();
        expect(p.message).toEqual(message);
        expect(p.identity).toEqual(await getIdentity(k(), p.identity!.id));
      }
      expect(pending[1].identity).toMatchObject({ channel: 'telegram', address: telegram.address, contact_id: sms.contact_id, opted_out: false, opted_out_at: null });
      expect(pending[0].identity!.created_at).toBeInstanceOf(Date);
    });

    test('an opted-out identity comes with its opt-out; a message whose identity is gone comes with none', async () => {
      const a = await person();
      const optedOutAt = new Date('2030-05-01T12:00:00Z');
      await k().updateTable('identities').set({ opted_out: true, opted_out_at: optedOutAt }).where('id', '=', a.id).execute();
      const m = await inbound(a, 'STOP');
      const stray = await k()
        .insertInto('messages')
        .values({ contact_id: a.contact_id, identity_id: 'no-such-identity', channel: 'sms', direction: 'in', kind: 'reply', provider_id: null, body: 'orphan', key: null, payload: null, status: 'received', error_code: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const pending = await pendingInbound(a.contact_id);
      expect(pending.map((p) => String(p.message.id))).toEqual([String(m), String(stray.id)]);
      expect(pending[0].identity!.opted_out).toBe(true);
      expect(new Date(pending[0].identity!.opted_out_at!).toISOString()).toBe(optedOutAt.toISOString());
      expect(pending[1].identity).toBeUndefined();
      expect(pending[1].message.identity_id).toBe('no-such-identity');
      expect(await pendingInbound('no-such-contact')).toEqual([]);
    });
    test('the same read as without them (contact, conversation, handoff), none pending or some', async () => {
      const a = await person();
      await updateContact(k(), a.contact_id, { language: 'es', vars: { state: 'TX' } });
      const ticket = await openHandoff(k(), { contactId: a.contact_id, identityId: a.id, flowId: 'help', at: AT });
      const read = () => k().transaction().execute((tx) => lockForStep(tx, a.contact_id, { pending: {} }));
      const without = await step(a.contact_id);
      expect(without!.openHandoff).toBe(String(ticket));
      expect(await read()).toEqual({ ...without, pending: [] });
      const m1 = await inbound(a, 'one');
      const m2 = await inbound(a, 'two');
      const got = await read();
      expect({ ...got, pending: undefined }).toEqual({ ...without, pending: undefined });
      expect(got!.pending!.map((p) => String(p.message.id))).toEqual([String(m1), String(m2)]);
      expect(got!.pending!.map((p) => p.prefetched)).toEqual([{}, {}]);
      expect(await k().transaction().execute((tx) => lockForStep(tx, 'no-such-contact', { pending: {} }))).toBeUndefined();
    });

    test("each prefetch's value is read per message, by name, null when its expression finds nothing", async () => {
      const a = await person();
      const b = (
        await k()
          .insertInto('identities')
          .values({ id: `tg-${n++}`, contact_id: a.contact_id, channel: 'telegram', address: `43${n}`, opted_out_at: null, unreachable_at: null, unreachable_reason: null })
          .returningAll()
          .executeTakeFirstOrThrow()
      );
      const [last] = await insertOutbounds(k(), [reply(a, 'first'), reply(a, 'the last one sent on sms')]);
      void last;
      const lastBody: PendingPrefetch = {
        name: 'last-body',
        select: (eb) => eb.selectFrom('messages as o').select('o.body').whereRef('o.identity_id', '=', 'm.identity_id').where('o.direction', '=', 'out').orderBy('o.id', 'desc').limit(1),
      };
      const channel: PendingPrefetch = { name: 'channel', select: (eb) => eb.selectFrom('identities as x').select('x.channel').whereRef('x.id', '=', 'i.id') };
      await inbound(a, 'by sms');
      await inbound(b, 'by telegram');
      const pending = await pendingInbound(a.contact_id, [lastBody, channel]);
      expect(pending.map((p) => p.prefetched)).toEqual([
        { 'last-body': 'the last one sent on sms', channel: 'sms' },
        { 'last-body': null, channel: 'telegram' },
      ]);
    });
  });

  describe('lockForStep', () => {
    const state = (seq: number): ConversationState => ({
      flowId: 'reg',
      flowHash: 'abc123',
      value: 'ask_state',
      context: { tries: 1, answers: { name: 'Ana' }, nudged: false },
      seq,
      startedAt: AT.toISOString(),
    });

    test('a contact with no conversation and no handoff: the contact, and nulls', async () => {
      const a = await person();
      await updateContact(k(), a.contact_id, { language: 'es', timezone: 'America/Chicago', vars: { state: 'TX' } });
      const got = await step(a.contact_id);
      expect(got).toEqual({ contact: await getContact(k(), a.contact_id), state: null, identityId: null, openHandoff: null });
      expect(got!.contact).toMatchObject({ id: a.contact_id, language: 'es', timezone: 'America/Chicago', vars: { state: 'TX' } });
      expect(await step('no-such-contact')).toBeUndefined();
    });

    test('reads the active conversation and the identity it happens on', async () => {
      const a = await person();
      await saveConversation(a, state(3));
      expect(await step(a.contact_id)).toMatchObject({ state: state(3), identityId: a.id, openHandoff: null });
      // A finished conversation keeps its identity, with no state.
      await saveConversation(a, null);
      expect(await step(a.contact_id)).toMatchObject({ state: null, identityId: a.id });
    });

    // Regression (issue #13): under a burst from one number, a "didn't understand" sometimes came
    // twice in a row. On PostgreSQL the locking read that had waited for the previous runner
    // returned the conversation as it was before that runner committed: its step was lost.
    test('a step that waited for the lock reads the conversation the previous holder wrote', async () => {
      const a = await person();
      await saveConversation(a, state(1));
      let mayCommit!: () => void;
      const commit = new Promise<void>((resolve) => (mayCommit = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const first = k()
        .transaction()
        .execute(async (tx) => {
          await lockForStep(tx, a.contact_id);
          holding();
          await commit;
          await writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(2), processed: [], ended: [] });
        });
      await held;
      const second = step(a.contact_id);
      // On PostgreSQL the second one's statement is under way, waiting for the row lock (on PGlite,
      // one session, its transaction waits for the first's to end).
      if (kind === 'postgres') {
        await eventually(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(k())).rows[0].n > 0);
      }
      mayCommit();
      await first;
      expect((await second)!.state).toEqual(state(2));
    });

    test('openHandoff is the newest open ticket of this contact, null once all are closed', async () => {
      const a = await person();
      const b = await person();
      const older = await openHandoff(k(), { contactId: a.contact_id, identityId: a.id, flowId: 'help', at: AT });
      const newer = await openHandoff(k(), { contactId: a.contact_id, identityId: a.id, flowId: 'help', reason: 'again', at: AT });
      const others = await openHandoff(k(), { contactId: b.contact_id, identityId: b.id, flowId: 'help', at: AT });
      expect(BigInt(newer)).toBeGreaterThan(BigInt(older));

      expect((await step(a.contact_id))!.openHandoff).toBe(String(newer));
      expect(typeof (await step(a.contact_id))!.openHandoff).toBe('string');
      await closeHandoff(newer);
      expect((await step(a.contact_id))!.openHandoff).toBe(String(older));
      await closeHandoff(older);
      expect((await step(a.contact_id))!.openHandoff).toBeNull();
      // Another contact's open ticket never shows up here, and is unaffected.
      expect((await step(b.contact_id))!.openHandoff).toBe(String(others));
    });

    if (kind === 'postgres') {
      test('holds the contact row lock until the transaction ends, and locks only the contact row', async () => {
        const a = await person();
        await saveConversation(a, state(1));
        const handoff = await openHandoff(k(), { contactId: a.contact_id, identityId: a.id, flowId: 'help', at: AT });
        const tryLock = (table: 'contacts' | 'conversations' | 'handoffs', column: 'id' | 'contact_id', value: string) =>
          k()
            .transaction()
            .execute((other) => sql`SELECT 1 FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${value} FOR UPDATE NOWAIT`.execute(other));

        await k()
          .transaction()
          .execute(async (tx) => {
            const got = await lockForStep(tx, a.contact_id);
            expect(got!.openHandoff).toBe(String(handoff));
            // Another session cannot take the contact's row while this step runs...
            await expect(tryLock('contacts', 'id', a.contact_id)).rejects.toMatchObject({ code: '55P03' });
            // ...but the joined rows are not locked (FOR UPDATE OF the contact only).
            await expect(tryLock('conversations', 'contact_id', a.contact_id)).resolves.toBeDefined();
            await expect(tryLock('handoffs', 'id', handoff)).resolves.toBeDefined();
          });
        // Committed: the lock is gone.
        await expect(tryLock('contacts', 'id', a.contact_id)).resolves.toBeDefined();
      });
    }
  });

  describe('writeStep', () => {
    const state = (seq: number): ConversationState => ({ flowId: 'menu', flowHash: 'h1', value: 'main', context: { tries: 0, answers: {}, nudged: false }, seq, startedAt: AT.toISOString() });
    const conversation = (contactId: string) => k().selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirst();

    test('conversation, processed messages, changed contact and ended conversations in one statement', async () => {
      const a = await person();
      const first = await inbound(a, 'hola');
      const second = await inbound(a, '1');
      const untouched = await inbound(a, 'later');
      await k().transaction().execute((tx) =>
        writeStep(tx, {
          contactId: a.contact_id,
          identityId: a.id,
          state: state(2),
          processed: [String(first), String(second)],
          contact: { language: 'es', vars: { state: 'CA', zip: '90001' } },
          ended: [
            { flowId: 'language', outcome: 'completed', channel: 'sms', language: 'es', at: AT },
            { flowId: 'welcome', outcome: 'completed', channel: 'sms', language: 'es', at: new Date(AT.getTime() + 1000) },
          ],
        }),
      );
      const statuses = await k().selectFrom('messages').select(['id', 'status']).where('id', 'in', [first, second, untouched]).orderBy('id').execute();
      expect(statuses.map((m) => m.status)).toEqual(['processed', 'processed', 'received']);
      expect(await getContact(k(), a.contact_id)).toMatchObject({ language: 'es', vars: { state: 'CA', zip: '90001' } });
      expect(await conversation(a.contact_id)).toMatchObject({ identity_id: a.id, state: state(2), flow_id: 'menu', flow_hash: 'h1' });
      const ended = await k().selectFrom('conversation_events').select(['flow_id', 'outcome', 'channel', 'language', 'created_at']).where('contact_id', '=', a.contact_id).orderBy('id').execute();
      expect(ended.map((e) => [e.flow_id, e.outcome, e.channel, e.language, new Date(e.created_at).toISOString()])).toEqual([
        ['language', 'completed', 'sms', 'es', AT.toISOString()],
        ['welcome', 'completed', 'sms', 'es', new Date(AT.getTime() + 1000).toISOString()],
      ]);
    });

    test('without a contact change the contact row is left alone; a second write replaces the conversation; null state ends it', async () => {
      const a = await person();
      await updateContact(k(), a.contact_id, { language: 'vi', vars: { state: 'TX' } });
      const before = await getContact(k(), a.contact_id);
      await k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(1), processed: [], ended: [] }));
      await k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(5), processed: [], ended: [] }));
      expect(await getContact(k(), a.contact_id)).toEqual(before);
      expect((await conversation(a.contact_id))?.state).toEqual(state(5));
      await k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: null, processed: [], ended: [] }));
      expect(await conversation(a.contact_id)).toMatchObject({ state: null, flow_id: null, flow_hash: null, identity_id: a.id });
    });

    test('the replies go in the same statement; their ids come back in the order given', async () => {
      const a = await person();
      const m = await inbound(a, 'hi');
      const replies: NewOutbound[] = ['one', 'two', 'three'].map((body, i) => ({ ...reply(a, body), key: `k.${body}`, payload: { text: body, n: i }, ...(i === 2 ? { kind: 'notification' as const } : {}) }));
      const ids = await k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(3), processed: [String(m)], ended: [], outbound: replies }));
      expect(ids).toHaveLength(3);
      ids.forEach((id) => expect(typeof id).toBe('string'));
      expect(ids.map((id) => BigInt(id))).toEqual(ids.map((id) => BigInt(id)).sort((x, y) => (x < y ? -1 : 1)));
      const rows = await k().selectFrom('messages').selectAll().where('id', 'in', ids).orderBy('id').execute();
      expect(rows.map((r) => [String(r.id), r.body, r.key, r.payload, r.kind, r.direction, r.status, r.channel, r.contact_id, r.identity_id])).toEqual([
        [ids[0], 'one', 'k.one', { text: 'one', n: 0 }, 'reply', 'out', 'pending', 'sms', a.contact_id, a.id],
        [ids[1], 'two', 'k.two', { text: 'two', n: 1 }, 'reply', 'out', 'pending', 'sms', a.contact_id, a.id],
        [ids[2], 'three', 'k.three', { text: 'three', n: 2 }, 'notification', 'out', 'pending', 'sms', a.contact_id, a.id],
      ]);
      // The rest of the write happened too.
      expect(await conversation(a.contact_id)).toMatchObject({ state: state(3) });
      expect((await k().selectFrom('messages').select('status').where('id', '=', m).executeTakeFirstOrThrow()).status).toBe('processed');
      // No replies: nothing returned; the same shapes again reuse their compiled statements.
      expect(await k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(4), processed: [], ended: [], outbound: [] }))).toEqual([]);
      const again = await k().transaction().execute((tx) => writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(5), processed: [], ended: [], outbound: [reply(a, 'four')] }));
      expect(again).toHaveLength(1);
      expect(BigInt(again[0])).toBeGreaterThan(BigInt(ids[2]));
      expect((await conversation(a.contact_id))?.state).toEqual(state(5));
    });

    test('nothing is written when a later statement of the transaction fails (one transaction, replies included)', async () => {
      const a = await person();
      const m = await inbound(a, 'hi');
      await expect(
        k().transaction().execute(async (tx) => {
          await writeStep(tx, { contactId: a.contact_id, identityId: a.id, state: state(1), processed: [String(m)], ended: [], outbound: [reply(a, 'never stored')] });
          await sql`SELECT 1/0`.execute(tx);
        }),
      ).rejects.toThrow();
      expect(await k().selectFrom('messages').select('body').where('identity_id', '=', a.id).where('direction', '=', 'out').execute()).toEqual([]);
      expect(await conversation(a.contact_id)).toBeUndefined();
    });
  });
});
