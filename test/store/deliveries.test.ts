/**
 * The send path's batch queries (src/store/deliveries.ts), on PGlite and on PostgreSQL: the joined
 * read deliver() makes (message, identity, contact, "is an older reply still pending?"), the
 * "send started" mark, and the multi-row status write that never moves a delivery report back;
 * marks and statuses mixed in one write (the send path's group commit).
 */
import { CompiledQuery, sql } from 'kysely';
import { findOrCreateIdentity, markUnreachable, updateContact } from '../../src/store/contacts';
import { deliveryStatement, loadDeliveries, markSendsStarted, setDeliveryStatuses, writeDeliveries, type DeliveryRow } from '../../src/store/deliveries';
import { insertOutbound, insertOutbounds, type NewOutbound } from '../../src/store/messages';
import type { Identity } from '../../src/store/schema';
import { addressHash, addressHashSqlText, hmacPads, suppress, type SuppressionKey } from '../../src/store/suppressions';
import { describeOnBothDatabases } from '../helpers/databases';

const WINDOW = 120;
const KEY: SuppressionKey = { secret: 'test suppression secret', id: 'test' };
const PADS = hmacPads(KEY);

describeOnBothDatabases('deliveries', (db, kind) => {
  const k = () => db().kysely;
  let n = 0;
  /** A new person on SMS (a fresh address per call). */
  const person = async (): Promise<Identity> => (await findOrCreateIdentity(k(), 'sms', `+1555555${String(1000 + n++)}`)).identity;
  const outbound = (identity: Identity, kindOf: NewOutbound['kind'], body: string, extra: Partial<NewOutbound> = {}): NewOutbound => ({
    contactId: identity.contact_id,
    identityId: identity.id,
    channel: identity.channel,
    kind: kindOf,
    body,
    ...extra,
  });
  const row = (id: string) =>
    k().selectFrom('messages').select(['status', 'provider_id', 'error_code', 'send_started_at', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

  test('a delivery row carries the message, its identity and the contact language and timezone', async () => {
    const identity = await person();
    await updateContact(k(), identity.contact_id, { language: 'es', timezone: 'America/Chicago' });
    const id = await insertOutbound(k(), outbound(identity, 'reply', 'Hola', { key: 'reg.ask_state', payload: { buttons: ['TX', 'CA'] } }));
    const rows = await loadDeliveries(k(), [String(id)], WINDOW, PADS);
    expect([...rows.keys()]).toEqual([String(id)]);
    const d = rows.get(String(id))!;
    expect(d).toMatchObject({
      id: String(id),
      direction: 'out',
      kind: 'reply',
      status: 'pending',
      body: 'Hola',
      payload: { buttons: ['TX', 'CA'] },
      send_started_at: null,
      identity_id: identity.id,
      identity: { id: identity.id, contact_id: identity.contact_id, channel: 'sms', address: identity.address, opted_out: false, unreachable_at: null },
      language: 'es',
      timezone: 'America/Chicago',
      older_reply_pending: false,
      suppressed_since: null,
    });
    expect(d.created_at).toBeInstanceOf(Date);
    expect(Math.abs(new Date(d.created_at).getTime() - Date.now())).toBeLessThan(60_000);
    // Its age by the database's clock: just stored.
    expect(d.age_seconds).toBeGreaterThanOrEqual(0);
    expect(d.age_seconds).toBeLessThan(60);
  });

  test('an opted-out or unreachable identity is reported as such; a contact without language has nulls', async () => {
    const identity = await person();
    const at = new Date('2030-01-02T03:04:05Z');
    await markUnreachable(k(), identity.id, 'invalid_number', at);
    await k().updateTable('identities').set({ opted_out: true }).where('id', '=', identity.id).execute();
    const id = await insertOutbound(k(), outbound(identity, 'notification', 'Reminder'));
    const d = (await loadDeliveries(k(), [id], WINDOW, PADS)).get(String(id))!;
    expect(d.identity?.opted_out).toBe(true);
    expect(new Date(d.identity!.unreachable_at!).toISOString()).toBe(at.toISOString());
    expect(d.language).toBeNull();
    expect(d.timezone).toBeNull();
  });

  test('a message without an identity (erased) loads with identity null; unknown ids are simply absent', async () => {
    const identity = await person();
    await updateContact(k(), identity.contact_id, { language: 'en' });
    const orphan = await k()
      .insertInto('messages')
      .values({ contact_id: identity.contact_id, identity_id: null, channel: 'sms', direction: 'out', kind: 'notification', provider_id: null, body: 'x', key: null, payload: null, status: 'pending', error_code: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const gone = await insertOutbound(k(), outbound(identity, 'reply', 'to an identity that is erased next'));
    await k().deleteFrom('identities').where('id', '=', identity.id).execute();
    const rows = await loadDeliveries(k(), [String(orphan.id), String(gone), '999999999'], WINDOW, PADS);
    expect(rows.size).toBe(2);
    expect(rows.has('999999999')).toBe(false);
    for (const id of [orphan.id, gone]) {
      const d = rows.get(String(id))!;
      expect(d.identity).toBeNull();
      // The contact is reached through the identity: without one there is no language either.
      expect(d.language).toBeNull();
      expect(d.older_reply_pending).toBe(false);
    }
    expect(rows.get(String(gone))!.identity_id).toBe(identity.id);
    expect(await loadDeliveries(k(), [], WINDOW, PADS)).toEqual(new Map());
  });

  test('older_reply_pending: only a reply with an older pending reply to the same identity, within the window', async () => {
    const a = await person();
    const b = await person();
    const [firstReply, secondReply, notification, otherPerson] = await insertOutbounds(k(), [
      outbound(a, 'reply', 'first'),
      outbound(a, 'reply', 'second'),
      outbound(a, 'notification', 'a notification after two pending replies'),
      outbound(b, 'reply', 'someone else'),
    ]);
    const load = async () => {
      const rows = await loadDeliveries(k(), [firstReply, secondReply, notification, otherPerson], WINDOW, PADS);
      return [firstReply, secondReply, notification, otherPerson].map((id) => rows.get(String(id))!.older_reply_pending);
    };
    expect(await load()).toEqual([false, true, false, false]);

    // The first reply went out: the second no longer waits.
    await setDeliveryStatuses(k(), [{ id: firstReply, status: 'sent', providerId: 'SM-first' }]);
    expect(await load()).toEqual([false, false, false, false]);

    // A third reply waits for the second, not for the sent first one.
    const third = await insertOutbound(k(), outbound(a, 'reply', 'third'));
    const rows = await loadDeliveries(k(), [secondReply, third], WINDOW, PADS);
    expect(rows.get(String(secondReply))!.older_reply_pending).toBe(false);
    expect(rows.get(String(third))!.older_reply_pending).toBe(true);
  });

  test('older_reply_pending: an older reply stuck longer than the window no longer holds a newer one back', async () => {
    const a = await person();
    const [stuck, newer] = await insertOutbounds(k(), [outbound(a, 'reply', 'stuck'), outbound(a, 'reply', 'newer')]);
    await k()
      .updateTable('messages')
      .set({ created_at: sql`now() - interval '10 minutes'` as any })
      .where('id', '=', stuck)
      .execute();
    expect((await loadDeliveries(k(), [newer], WINDOW, PADS)).get(String(newer))!.older_reply_pending).toBe(false);
    expect((await loadDeliveries(k(), [newer], 3600, PADS)).get(String(newer))!.older_reply_pending).toBe(true);
  });

  test('ids given as numbers (as PGlite returns them into job data) load the same rows as strings', async () => {
    const a = await person();
    const ids = await insertOutbounds(k(), [outbound(a, 'reply', 'one'), outbound(a, 'reply', 'two')]);
    const asStrings = await loadDeliveries(k(), ids.map(String), WINDOW, PADS);
    const asNumbers = await loadDeliveries(k(), ids.map(Number) as unknown as string[], WINDOW, PADS);
    expect([...asStrings.keys()].sort()).toEqual(ids.map(String).sort());
    expect([...asNumbers.keys()].sort()).toEqual(ids.map(String).sort());
    // The same rows, but for their age (read at two instants).
    const ageless = (row: DeliveryRow | undefined) => row && { ...row, age_seconds: 0 };
    for (const id of ids) expect(ageless(asNumbers.get(String(id)))).toEqual(ageless(asStrings.get(String(id))));
    expect(asNumbers.get(String(ids[1]))!.body).toBe('two');
    expect(asNumbers.get(String(ids[1]))!.older_reply_pending).toBe(true);
  });

  test('the read looks the address up on the opt-out list with the hash addressHash makes, for any key length and address', async () => {
    // A key shorter than HMAC's block, one of exactly a block (the generated keys: 64 hex digits), one longer (hashed first).
    for (const secret of ['k', 'a'.repeat(64), `${'é'.repeat(40)}long`]) {
      const key: SuppressionKey = { secret, id: secret.slice(0, 4) };
      const listed = await person();
      const other = await person();
      const at = new Date('2030-04-05T06:07:08Z');
      await suppress({ db: k(), config: { PRIVACY_SECRET: secret }, now: () => at }, [{ channel: 'sms', address: listed.address }], key);
      const [onList, offList] = await insertOutbounds(k(), [outbound(listed, 'notification', 'listed'), outbound(other, 'notification', 'other')]);
      const rows = await loadDeliveries(k(), [onList, offList], WINDOW, hmacPads(key));
      expect(rows.get(String(onList))!.suppressed_since).toEqual(at);
      expect(rows.get(String(offList))!.suppressed_since).toBeNull();
      // Listed under another key: not found (the hash is the key's).
      expect((await loadDeliveries(k(), [onList], WINDOW, PADS)).get(String(onList))!.suppressed_since).toBeNull();
    }
    // The SQL hash is addressHash's, also for an address outside ASCII (a Telegram or e-mail address may be).
    const address = 'Zoë@example.org';
    const { rows } = await k().executeQuery(CompiledQuery.raw(`SELECT ${addressHashSqlText('$1', '$2', '$3::text', '$4::text')} AS h`, [PADS.inner, PADS.outer, 'email', address]) as CompiledQuery<{ h: string }>);
    expect(rows[0].h).toBe(addressHash(KEY, 'email', address));
  });

  test('deliveryStatement writes, then reads and marks, in one statement: a reply finishing in it no longer holds the next one back', async () => {
    const a = await person();
    const [first, second, third] = await insertOutbounds(k(), [outbound(a, 'reply', 'first'), outbound(a, 'reply', 'second'), outbound(a, 'reply', 'third')]);
    await markSendsStarted(k(), [first], true);
    // The first's "sent" and the second's read (with a mark) together: the second goes, and is marked.
    const rows = await deliveryStatement(k(), [{ id: first, status: 'sent', providerId: 'SM-in-statement' }], [{ id: second, markAge: 1e9 }, { id: third, markAge: 1e9 }], WINDOW, PADS);
    expect([...rows.keys()].sort()).toEqual([second, third].map(String).sort());
    expect(rows.get(String(second))).toMatchObject({ older_reply_pending: false, marked: true, send_started_at: null });
    // The third still waits for the second (pending), and is not marked.
    expect(rows.get(String(third))).toMatchObject({ older_reply_pending: true, marked: false });
    expect(await row(first)).toMatchObject({ status: 'sent', provider_id: 'SM-in-statement' });
    expect((await row(second)).send_started_at).toBeInstanceOf(Date);
    expect((await row(third)).send_started_at).toBeNull();
    // A mark taken back (a wait) leaves the message pending: the next one still waits for it.
    const again = await deliveryStatement(k(), [{ id: second, started: false }], [{ id: third, markAge: null }], WINDOW, PADS);
    expect(again.get(String(third))!.older_reply_pending).toBe(true);
    expect((await row(second)).send_started_at).toBeNull();
    // Nothing to do: no rows, no error.
    expect(await deliveryStatement(k(), [], [], WINDOW, PADS)).toEqual(new Map());
  });

  test('markSendsStarted marks and unmarks exactly the messages given', async () => {
    const a = await person();
    const [x, y, z] = await insertOutbounds(k(), [outbound(a, 'notification', 'x'), outbound(a, 'notification', 'y'), outbound(a, 'notification', 'z')]);
    await markSendsStarted(k(), [x, y], true);
    const [rx, ry, rz] = await Promise.all([row(x), row(y), row(z)]);
    expect(rx.send_started_at).toBeInstanceOf(Date);
    expect(ry.send_started_at).toBeInstanceOf(Date);
    expect(rz.send_started_at).toBeNull();
    expect((await loadDeliveries(k(), [x], WINDOW, PADS)).get(String(x))!.send_started_at).toBeInstanceOf(Date);

    await markSendsStarted(k(), [Number(x)] as unknown as string[], false);
    expect((await row(x)).send_started_at).toBeNull();
    expect((await row(y)).send_started_at).toBeInstanceOf(Date);
    await expect(markSendsStarted(k(), [], true)).resolves.toBeUndefined();
  });

  test('the read marks "send started" in the same statement, only where the database sees nothing against the send, and returns the mark from before', async () => {
    const a = await person();
    const optedOut = await person();
    const unreachable = await person();
    const listed = await person();
    await k().updateTable('identities').set({ opted_out: true }).where('id', '=', optedOut.id).execute();
    await markUnreachable(k(), unreachable.id, 'invalid_number', new Date());
    await suppress({ db: k(), config: { PRIVACY_SECRET: KEY.secret }, now: () => new Date() }, [{ channel: 'sms', address: listed.address }], KEY);
    const ids = await insertOutbounds(k(), [
      outbound(a, 'notification', 'goes'),
      outbound(a, 'reply', 'first reply'),
      outbound(a, 'reply', 'second reply: waits for the first'),
      outbound(optedOut, 'notification', 'opted out'),
      outbound(optedOut, 'consent' as 'notification', 'the opt-out confirmation goes anyway'), // a reply the runner stores as 'consent'
      outbound(unreachable, 'notification', 'unreachable'),
      outbound(listed, 'notification', 'on the opt-out list'),
      outbound(a, 'notification', 'not asked to mark'),
      outbound(a, 'notification', 'already sent'),
      outbound(a, 'notification', 'marked by a crashed attempt'),
      outbound(a, 'notification', 'too old for this caller'),
    ]);
    const [goes, first, second, opted, consent, unreach, onList, notAsked, sent, crashed, old] = ids;
    await setDeliveryStatuses(k(), [{ id: sent, status: 'sent', providerId: 'SM-x' }]);
    const crashedAt = new Date('2030-01-01T00:00:00Z');
    await k().updateTable('messages').set({ send_started_at: crashedAt }).where('id', '=', crashed).execute();
    await k()
      .updateTable('messages')
      .set({ created_at: sql`now() - interval '1 minute'` as any })
      .where('id', '=', old)
      .execute();
    const ages = ids.map((id) => (id === notAsked ? null : id === old ? 10 : 1e9));
    const rows = await loadDeliveries(k(), ids, WINDOW, PADS, ages);
    const marked = (id: string) => rows.get(String(id))!.marked;
    expect(ids.filter(marked).sort()).toEqual([goes, first, consent].map(String).sort());
    // What was read is from before the mark: no send started yet, or the crashed attempt's.
    expect(rows.get(String(goes))!.send_started_at).toBeNull();
    expect(new Date(rows.get(String(crashed))!.send_started_at!).toISOString()).toBe(crashedAt.toISOString());
    expect(rows.get(String(second))!.older_reply_pending).toBe(true);
    // In the table: the marked ones now, the crashed attempt's mark kept, the others untouched.
    for (const id of [goes, first, consent]) expect((await row(id)).send_started_at).toBeInstanceOf(Date);
    expect(new Date((await row(crashed)).send_started_at!).toISOString()).toBe(crashedAt.toISOString());
    for (const id of [second, opted, unreach, onList, notAsked, sent, old]) expect((await row(id)).send_started_at).toBeNull();
    // A second read marks nothing more: they are marked.
    const again = await loadDeliveries(k(), [goes], WINDOW, PADS, [1e9]);
    expect(again.get(String(goes))).toMatchObject({ marked: false, status: 'pending' });
    expect(again.get(String(goes))!.send_started_at).toBeInstanceOf(Date);
  });

  test('setDeliveryStatuses writes many outcomes in one statement, each on its own message', async () => {
    const a = await person();
    const [sent, failed, retry, suppressed] = await insertOutbounds(k(), [
      outbound(a, 'notification', 'sent'),
      outbound(a, 'notification', 'failed'),
      outbound(a, 'notification', 'retry later'),
      outbound(a, 'notification', 'suppressed'),
    ]);
    await setDeliveryStatuses(k(), [
      { id: sent, status: 'sent', providerId: 'SM-1' },
      { id: failed, status: 'failed', errorCode: '21211' },
      { id: Number(retry) as unknown as string, status: 'pending', errorCode: '30008' },
      { id: suppressed, status: 'suppressed', errorCode: 'opted_out' },
    ]);
    expect(await row(sent)).toMatchObject({ status: 'sent', provider_id: 'SM-1', error_code: null });
    expect(await row(failed)).toMatchObject({ status: 'failed', provider_id: null, error_code: '21211' });
    expect(await row(retry)).toMatchObject({ status: 'pending', provider_id: null, error_code: '30008' });
    expect(await row(suppressed)).toMatchObject({ status: 'suppressed', provider_id: null, error_code: 'opted_out' });
    await expect(setDeliveryStatuses(k(), [])).resolves.toBeUndefined();
    // An id that does not exist changes nothing and is no error.
    await expect(setDeliveryStatuses(k(), [{ id: '999999999', status: 'sent' }])).resolves.toBeUndefined();
  });

  test('a delivery report that arrived first is not moved back to sent, but the provider id is still recorded', async () => {
    const a = await person();
    const [delivered, failedFirst] = await insertOutbounds(k(), [outbound(a, 'notification', 'fast report'), outbound(a, 'notification', 'failed report')]);
    await k().updateTable('messages').set({ status: 'delivered' }).where('id', '=', delivered).execute();
    await k().updateTable('messages').set({ status: 'failed', error_code: '30003' }).where('id', '=', failedFirst).execute();
    const before = await row(delivered);
    await setDeliveryStatuses(k(), [
      { id: delivered, status: 'sent', providerId: 'SM-d' },
      { id: failedFirst, status: 'sent', providerId: 'SM-f' },
    ]);
    const after = await row(delivered);
    expect(after).toMatchObject({ status: 'delivered', provider_id: 'SM-d', error_code: null });
    expect(new Date(after.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(before.updated_at).getTime());
    expect(await row(failedFirst)).toMatchObject({ status: 'failed', provider_id: 'SM-f', error_code: '30003' });
  });

  test('writeDeliveries mixes marks and statuses in one write; a message given twice gets both, in order', async () => {
    const a = await person();
    const [starting, finishing, refused, twice] = await insertOutbounds(k(), [
      outbound(a, 'notification', 'starting'),
      outbound(a, 'notification', 'finishing'),
      outbound(a, 'notification', 'refused'),
      outbound(a, 'notification', 'twice'),
    ]);
    await markSendsStarted(k(), [finishing, refused], true);
    await writeDeliveries(k(), [
      { id: starting, started: true },
      { id: finishing, status: 'sent', providerId: 'SM-fin' },
      { id: refused, started: false },
      { id: twice, started: true },
      { id: twice, status: 'failed', errorCode: '21211' },
    ]);
    const [s, f, r, t] = await Promise.all([row(starting), row(finishing), row(refused), row(twice)]);
    expect(s).toMatchObject({ status: 'pending', provider_id: null, error_code: null });
    expect(s.send_started_at).toBeInstanceOf(Date);
    expect(f).toMatchObject({ status: 'sent', provider_id: 'SM-fin', error_code: null });
    // A status alone leaves the mark as it was.
    expect(f.send_started_at).toBeInstanceOf(Date);
    expect(r).toMatchObject({ status: 'pending', send_started_at: null });
    expect(t).toMatchObject({ status: 'failed', error_code: '21211' });
    expect(t.send_started_at).toBeInstanceOf(Date);
    await expect(writeDeliveries(k(), [])).resolves.toBeUndefined();
  });

  test('provider id and error code: undefined keeps what is stored, null clears the error code while pending', async () => {
    const a = await person();
    const id = await insertOutbound(k(), outbound(a, 'reply', 'retried'));
    await setDeliveryStatuses(k(), [{ id, status: 'pending', errorCode: '30008' }]);
    expect(await row(id)).toMatchObject({ status: 'pending', error_code: '30008' });
    await setDeliveryStatuses(k(), [{ id, status: 'pending', errorCode: null }]);
    expect(await row(id)).toMatchObject({ status: 'pending', error_code: null });
    await setDeliveryStatuses(k(), [{ id, status: 'pending', errorCode: '20429' }]);
    // A retry that succeeds without mentioning the error code keeps it.
    await setDeliveryStatuses(k(), [{ id, status: 'sent', providerId: 'SM-r' }]);
    expect(await row(id)).toMatchObject({ status: 'sent', provider_id: 'SM-r', error_code: '20429' });
    // Once it has gone, a late update neither erases the provider id nor touches the error code.
    await setDeliveryStatuses(k(), [{ id, status: 'failed', errorCode: '30001' }]);
    expect(await row(id)).toMatchObject({ status: 'sent', provider_id: 'SM-r', error_code: '20429' });
  });
});
