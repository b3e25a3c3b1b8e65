/**
 * The circuit breaker's read (src/campaigns/breaker.ts: recentFinished): a campaign's newest
 * finished sends on a channel, newest first, read back from its newest message in chunks, so its
 * cost follows the window and the sends in flight, not the campaign's size.
 */
import { recentFinished } from '../../src/campaigns/breaker';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { insertOutbound } from '../../src/store/messages';
import { describeOnBothDatabases } from '../helpers/databases';

describeOnBothDatabases('the circuit breaker read', (db) => {
  test('reads the newest finished sends of the campaign and channel only, newest first, across chunks', async () => {
    const k = db().kysely;
    await k.insertInto('campaigns').values({ id: 'cb', name: 'CB', definition: JSON.stringify({}), status: 'running' }).execute();
    await k.insertInto('campaigns').values({ id: 'other', name: 'Other', definition: JSON.stringify({}), status: 'running' }).execute();
    // Oldest first: 6 delivered, 5 failed (30007), 2 on WhatsApp (another channel), 4 still pending.
    const plan: { status: string; channel: string; error?: string }[] = [
      ...Array.from({ length: 6 }, () => ({ status: 'delivered', channel: 'sms' })),
      ...Array.from({ length: 5 }, () => ({ status: 'failed', channel: 'sms', error: '30007' })),
      ...Array.from({ length: 2 }, () => ({ status: 'failed', channel: 'whatsapp', error: '63016' })),
      ...Array.from({ length: 4 }, () => ({ status: 'pending', channel: 'sms' })),
    ];
    for (const [n, p] of plan.entries()) {
      const { identity } = await findOrCreateIdentity(k, p.channel, `+1555777${String(1000 + n)}`);
      const id = await insertOutbound(k, { contactId: identity.contact_id, identityId: identity.id, channel: p.channel, kind: 'notification', body: `Hello ${n}` });
      await k.updateTable('messages').set({ status: p.status, error_code: p.error ?? null }).where('id', '=', String(id)).execute();
      await k.insertInto('campaign_recipients').values({ campaign_id: 'cb', contact_id: identity.contact_id, step: 1, identity_id: identity.id, channel: p.channel, language: 'en', message_id: String(id), status: 'queued' }).execute();
      // Another campaign's finished send to the same person, newer than this one's: never counted.
      const otherId = await insertOutbound(k, { contactId: identity.contact_id, identityId: identity.id, channel: p.channel, kind: 'notification', body: `Other ${n}` });
      await k.updateTable('messages').set({ status: 'failed', error_code: '21610' }).where('id', '=', String(otherId)).execute();
      await k.insertInto('campaign_recipients').values({ campaign_id: 'other', contact_id: identity.contact_id, step: 1, identity_id: identity.id, channel: p.channel, language: 'en', message_id: String(otherId), status: 'queued' }).execute();
    }
    for (const chunk of [1, 3, 1000]) {
      const seven = await recentFinished(k, 'cb', 'sms', 7, chunk);
      expect(seven.map((m) => `${m.status}:${m.error_code ?? ''}`)).toEqual([...Array(5).fill('failed:30007'), 'delivered:', 'delivered:']);
      // A window larger than what has finished: everything finished, and no more.
      const all = await recentFinished(k, 'cb', 'sms', 50, chunk);
      expect(all).toHaveLength(11);
      expect(await recentFinished(k, 'cb', 'whatsapp', 50, chunk)).toHaveLength(2);
    }
    expect(await recentFinished(k, 'none', 'sms', 50)).toEqual([]);
  });
});
