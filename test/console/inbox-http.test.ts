/**
 * The inbox over plain HTTP (no browser, no workers): what each role sees of a person, the reply
 * refused when empty, too long, to a closed conversation or to someone who opted out (nothing
 * stored or sent), CSRF on every action, the live fragments, the inbox's own script, and the
 * audit entries. Tickets are opened through the store as the runner opens them.
 */
import { recordConsent } from '../../src/store/consent';
import { findOrCreateIdentity, updateContact } from '../../src/store/contacts';
import { consoleDb } from '../../src/console/store/tables';
import type { TestSystem } from '../helpers/system';
import { addAccount, Browserless, h1Of, startConsoleSystem } from './helpers';


let system: TestSystem;
const db = () => system.runtime.db.kysely;
const client = (ip: string) => new Browserless(system.url!, { 'x-forwarded-for': ip });

/** A person on SMS with an open ticket (as the runner opens one); returns the ticket id and identity. */
async function openTicket(phone: string, opts: { name?: string; language?: string } = {}) {
  const { identity } = await findOrCreateIdentity(db(), 'sms', phone);
  await updateContact(db(), identity.contact_id, { language: opts.language ?? 'en', ...(opts.name ? { vars: { name: opts.name } } : {}) });
  const row = await db().insertInto('handoffs').values({ contact_id: identity.contact_id, identity_id: identity.id, flow_id: 'handoff', reason: 'user_request', status: 'open' }).returning('id').executeTakeFirstOrThrow();
  await db().insertInto('messages').values({ contact_id: identity.contact_id, identity_id: identity.id, channel: 'sms', direction: 'in', kind: 'reply', body: 'I need a ride <b>now</b>', status: 'processed' }).execute();
  return { id: String(row.id), identity };
}

const outbound = (identityId: string) => db().selectFrom('messages').select(['body', 'status']).where('identity_id', '=', identityId).where('direction', '=', 'out').execute();

beforeAll(async () => {
  system = await startConsoleSystem('console-inbox-http');
  await addAccount(system, 'otto@example.org', 'organizer', 'Otto');
  await addAccount(system, 'agnes@example.org', 'agent', 'Agnes');
});
afterAll(async () => system?.close());

it('shows an agent the first name and a masked number, an organizer the whole name and number', async () => {
  const { id } = await openTicket('+12125550101', { name: 'Maria José Quintero' });
  const agent = client('198.51.100.20');
  await agent.signIn('agnes@example.org');
  const list = await agent.get('/console/inbox');
  expect(list.status).toBe(200);
  expect(list.body).toContain('Maria</bdi>');
  expect(list.body).toContain('+1******0101');
  expect(list.body).not.toContain('2125550101');
  expect(list.body).not.toContain('Quintero');
  const page = await agent.get(`/console/inbox/${id}`);
  expect(h1Of(page.body)).toBe('Conversation with Maria');
  expect(page.body).not.toContain('2125550101');
  // The person's words are escaped, and marked with their language and direction.
  expect(page.body).toContain('<p class="message-text" lang="en" dir="auto">I need a ride &lt;b>now&lt;/b></p>');
  expect(page.body).toContain('<script src="/console/assets/inbox.js" defer></script>');

  const organizer = client('198.51.100.21');
  await organizer.signIn('otto@example.org');
  const full = await organizer.get(`/console/inbox/${id}`);
  expect(h1Of(full.body)).toBe('Conversation with Maria José Quintero');
  expect(full.body).toContain('+12125550101');

  // The live fragments: no layout, the ticket's status in a header.
  const live = await agent.get(`/console/inbox/${id}/live`);
  expect([live.status, live.headers.get('x-ticket-status'), live.body.startsWith('<ol class="transcript">')]).toEqual([200, 'open', true]);
  const liveList = await agent.get('/console/inbox/live');
  expect(liveList.body.startsWith('<table class="table inbox">')).toBe(true);
  expect(liveList.body).not.toContain('2125550101');
});

it('refuses an empty or too long reply, and one without its CSRF token, storing nothing', async () => {
  const { id, identity } = await openTicket('+12125550102');
  const agent = client('198.51.100.22');
  await agent.signIn('agnes@example.org');
  const empty = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/reply`, { text: '   ' });
  expect(empty.status).toBe(400);
  expect(empty.body).toContain('Write a reply first.');
  const long = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/reply`, { text: 'x'.repeat(1601) });
  expect(long.status).toBe(400);
  expect(long.body).toContain('A reply can have at most 1600 characters.');
  const forged = await agent.request('POST', `/console/inbox/${id}/reply`, { text: 'forged' });
  expect(forged.status).toBe(403);
  expect(h1Of(forged.body)).toBe('This form has expired');
  for (const action of ['claim', 'close']) expect((await agent.request('POST', `/console/inbox/${id}/${action}`, {})).status).toBe(403);
  expect(await outbound(identity.id)).toEqual([]);
  expect((await db().selectFrom('handoffs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('open');
});

it('sends a reply through the normal outbound path, claims the ticket, closes it, and audits each step', async () => {
  const { id, identity } = await openTicket('+12125550103');
  const agent = client('198.51.100.23');
  await agent.signIn('agnes@example.org');
  const claimed = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/claim`, {});
  expect([claimed.status, claimed.location]).toEqual([303, `/console/inbox/${id}?claimed=1`]);
  const sent = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/reply`, { text: 'On my way ¿sí?\r\nAgnes' });
  expect([sent.status, sent.location]).toEqual([303, `/console/inbox/${id}?sent=1`]);
  // Stored and queued like every message (no worker runs here: it waits to be sent).
  expect(await outbound(identity.id)).toEqual([{ body: 'On my way ¿sí?\nAgnes', status: 'pending' }]);
  const page = await agent.get(`/console/inbox/${id}?sent=1`);
  expect(page.body).toContain('Waiting to be sent');
  expect(page.body).toContain('You are answering this person.');

  const closed = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/close`, {});
  expect([closed.status, closed.location]).toEqual([303, `/console/inbox?closed=${id}`]);
  expect((await db().selectFrom('handoffs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('closed');
  // The person is told the assistant is back.
  expect((await outbound(identity.id)).map((m) => m.body)).toEqual(['On my way ¿sí?\nAgnes', expect.stringMatching(/^Thanks for talking with us!/)]);
  // Closed: a late reply is refused, nothing more is stored.
  const late = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/reply`, { text: 'one more thing' });
  expect(late.status).toBe(409);
  expect(late.body).toContain('This conversation is closed');
  expect(await outbound(identity.id)).toHaveLength(2);

  const entries = await consoleDb(db()).selectFrom('console_audit_log').selectAll().where('target_id', '=', id).orderBy('id').execute();
  expect(entries.map((e) => [e.action, e.actor_label, e.target_label])).toEqual([
    ['handoff_claimed', 'agnes@example.org', `#${id} sms +1******0103`],
    ['handoff_replied', 'agnes@example.org', `#${id} sms +1******0103`],
    ['handoff_closed', 'agnes@example.org', `#${id} sms +1******0103`],
  ]);
  expect(entries[1].detail).toEqual({ channel: 'sms', characters: 20, segments: 1, encoding: 'UCS-2' });
});

it('keeps an opted-out person read-only: the reason shown, a reply refused', async () => {
  const { id, identity } = await openTicket('+12125550104');
  await recordConsent(db(), identity, 'opt_out', { word: 'BASTA', source: 'keyword', at: new Date('2030-01-02T15:00:00Z') });
  const agent = client('198.51.100.24');
  await agent.signIn('agnes@example.org');
  const page = await agent.get(`/console/inbox/${id}`);
  expect(page.body).toContain('Read-only: this person opted out');
  expect(page.body).toContain('by sending “BASTA”.');
  expect(page.body).not.toContain('name="text"');
  expect((await agent.get('/console/inbox')).body).toContain('Opted out');
  const refused = await agent.submit(`/console/inbox/${id}`, `/console/inbox/${id}/reply`, { text: 'hello?' });
  expect(refused.status).toBe(409);
  expect(refused.body).toContain('This person opted out: nothing can be sent to them.');
  expect(await outbound(identity.id)).toEqual([]);
});

it('serves its script from the console itself, bundled with the SMS segment counter', async () => {
  const res = await client('198.51.100.25').get('/console/assets/inbox.js');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  // The GSM-7 extension table travels with it (non-ASCII escaped by esbuild): the same count as the server's.
  expect(res.body).toContain(String.raw`\f^{}\\[~]|\u20AC`);
  const again = await client('198.51.100.25').request('GET', '/console/assets/inbox.js', undefined, { 'if-none-match': res.headers.get('etag')! });
  expect(again.status).toBe(304);
});

it('answers 404 for a ticket that does not exist', async () => {
  const agent = client('198.51.100.26');
  await agent.signIn('agnes@example.org');
  for (const path of ['/console/inbox/999999', '/console/inbox/abc']) expect((await agent.get(path)).status).toBe(404);
});
