/**
 * The inbox: people who asked for a person. Every role may use it (an agent sees first names and
 * masked numbers only). Claiming, replying and closing are recorded in the audit log; replying
 * and closing go through the ticket desk (src/handoff/desk.ts), the same path as Slack's thread
 * replies and Close button, so the reply takes the normal outbound path (consent, reply order,
 * pacing, delivery status) and every other view of the ticket is told.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPhoneChannel } from '../../channels/registry';
import { ticketDesk } from '../../handoff/desk';
import { countSegments } from '../../lib/sms-segments';
import { actorOf, recordAudit, type AuditTarget } from '../audit';
import type { ConsoleDeps, PageContext } from '../context';
import { cannedIds, cannedText, duration, shownAddress, shownName } from '../inbox/shown';
import { field, query, seeOther, sendPage } from '../render';
import { claimIfFree, claimTicket, consentState, inboxRows, type InboxRow } from '../store/inbox';
import type { ConsoleKey } from '../i18n';
import { shownErrors, type ShownError } from '../views/components';
import { ErrorPage } from '../views/error-page';
import { ConversationPage, InboxList, InboxPage, MAX_REPLY_LENGTH, Transcript, type ConversationView, type InboxNames } from '../views/inbox';

const INBOX = { access: ['admin', 'organizer', 'agent'] } as const;
/** How many messages of the conversation its page shows. */
const TRANSCRIPT_LIMIT = 50;

/** Sends a live fragment (no layout): what the page's script swaps in. */
function sendFragment(reply: FastifyReply, html: JSX.Element, status?: string): FastifyReply {
  if (status) reply.header('x-ticket-status', status);
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export async function inboxRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { rt } = deps;
  const desk = () => ticketDesk(rt);
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const notFound = (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404);

  const namesFor = (page: PageContext): InboxNames => ({
    channel: (name) => (name ? rt.translator.t(page.lang, `slack.channel_names.${name}`) : '—'),
    language: (code) => (code && rt.translator.has(code, 'language.native_name') ? `${rt.translator.t(code, 'language.native_name')} (${code})` : (code ?? '—')),
  });
  const durationFor = (page: PageContext) => (ms: number) => duration(page.lang, ms);
  const statusOf = (req: FastifyRequest): 'open' | 'closed' => (query(req, 'status') === 'closed' ? 'closed' : 'open');

  /** The ticket as the audit log names it: its number, channel and masked address (never the whole number). */
  const target = (row: InboxRow): AuditTarget => ({ type: 'ticket', id: row.id, label: `#${row.id} ${row.channel ?? ''} ${shownAddress('agent', row.channel, row.address)}`.trim() });

  /** The conversation page: the ticket, its messages, consent, canned replies in the person's language, the reply box. */
  async function showConversation(req: FastifyRequest, reply: FastifyReply, opts: { draft?: string; notice?: string; errors?: ShownError[]; status?: number } = {}) {
    const [row] = await inboxRows(deps.db, { id: idOf(req) });
    if (!row) return notFound(req, reply);
    const page = req.page;
    const ticket = await desk().ticket(row.id);
    const lines = ticket ? await desk().transcript(ticket, TRANSCRIPT_LIMIT) : [];
    const consent = ticket?.identity ? ((await consentState(deps.db, ticket.identity.id)) ?? null) : null;
    const contact = await deps.db.selectFrom('contacts').select('vars').where('id', '=', row.contactId).executeTakeFirst();
    const vars = (typeof contact?.vars === 'string' ? JSON.parse(contact.vars) : (contact?.vars ?? {})) as Record<string, string | number>;
    const language = row.language ?? rt.translator.defaultLanguage;
    const canned = cannedIds(rt).map((id) => ({ id, label: page.t(`canned_names.${id}` as ConsoleKey), text: cannedText(rt, id, language, vars) }));
    // Without script, "Insert" reloads the page with the canned reply in the box.
    const picked = canned.find((c) => c.id === query(req, 'canned'));
    const draft = opts.draft ?? picked?.text ?? '';
    const view: ConversationView = {
      row,
      lines,
      consent,
      canned,
      draft,
      segments: row.channel && isPhoneChannel(row.channel) ? countSegments(draft) : null,
      names: namesFor(page),
    };
    return sendPage(reply, ConversationPage({ page, view, notice: opts.notice, errors: opts.errors }), opts.status ?? 200);
  }

  app.get('/inbox', { config: INBOX }, async (req, reply) => {
    const status = statusOf(req);
    const rows = await inboxRows(deps.db, { status });
    const notice = query(req, 'closed') ? req.page.t('inbox.closed_done') : undefined;
    return sendPage(reply, InboxPage({ page: req.page, rows, closed: status === 'closed', names: namesFor(req.page), now: deps.now(), duration: durationFor(req.page), notice }));
  });

  app.get('/inbox/live', { config: INBOX }, async (req, reply) => {
    const status = statusOf(req);
    const rows = await inboxRows(deps.db, { status });
    return sendFragment(reply, InboxList({ page: req.page, rows, closed: status === 'closed', names: namesFor(req.page), now: deps.now(), duration: durationFor(req.page) }));
  });

  app.get('/inbox/:id', { config: INBOX }, async (req, reply) => {
    const notice = query(req, 'sent') ? req.page.t('conversation.sent_done') : query(req, 'claimed') ? req.page.t('conversation.claimed_done') : undefined;
    return showConversation(req, reply, { notice });
  });

  app.get('/inbox/:id/live', { config: INBOX }, async (req, reply) => {
    const [row] = await inboxRows(deps.db, { id: idOf(req) });
    if (!row) return reply.code(404).header('cache-control', 'no-store').send('');
    const ticket = await desk().ticket(row.id);
    const lines = ticket ? await desk().transcript(ticket, TRANSCRIPT_LIMIT) : [];
    const person = shownName(req.page.user!.role, row.name) ?? req.page.t('inbox.someone');
    return sendFragment(reply, Transcript({ page: req.page, lines, person, language: row.language }), row.status);
  });

  app.post('/inbox/:id/claim', { config: INBOX }, async (req, reply) => {
    const [row] = await inboxRows(deps.db, { id: idOf(req) });
    if (!row) return notFound(req, reply);
    if (row.status !== 'open') return seeOther(reply, `/console/inbox/${row.id}`);
    const user = req.page.user!;
    const now = deps.now();
    await claimTicket(deps.db, row.id, String(user.id), now);
    await recordAudit(deps.db, { actor: actorOf(user), action: 'handoff_claimed', target: target(row), detail: row.claimedBy ? { taken_from: row.claimedBy.name } : undefined, at: now });
    return seeOther(reply, `/console/inbox/${row.id}?claimed=1`);
  });

  app.post('/inbox/:id/reply', { config: INBOX }, async (req, reply) => {
    const [row] = await inboxRows(deps.db, { id: idOf(req) });
    if (!row) return notFound(req, reply);
    const page = req.page;
    const user = page.user!;
    const text = field(req, 'text').replace(/\r\n/g, '\n').trim();
    const again = (code: string, status: number) => showConversation(req, reply, { draft: text, errors: shownErrors(page, [{ field: 'reply', code }], { max: String(MAX_REPLY_LENGTH) }), status });
    if (row.status !== 'open') return again('ticket_closed', 409);
    if (row.optedOut || row.unreachable) return again('opted_out', 409);
    if (!text) return again('reply_missing', 400);
    if ([...text].length > MAX_REPLY_LENGTH) return again('reply_too_long', 400);
    const outcome = await desk().reply(row.id, text, { view: 'console', id: String(user.id), name: user.display_name });
    if (outcome === 'closed') return again('ticket_closed', 409);
    if (outcome === 'unknown') return notFound(req, reply);
    const now = deps.now();
    await claimIfFree(deps.db, row.id, String(user.id), now);
    const cost = row.channel && isPhoneChannel(row.channel) ? countSegments(text) : undefined;
    await recordAudit(deps.db, {
      actor: actorOf(user),
      action: 'handoff_replied',
      target: target(row),
      detail: { channel: row.channel, characters: [...text].length, ...(cost ? { segments: cost.segments, encoding: cost.encoding } : {}) },
      at: now,
    });
    return seeOther(reply, `/console/inbox/${row.id}?sent=1`);
  });

  app.post('/inbox/:id/close', { config: INBOX }, async (req, reply) => {
    const [row] = await inboxRows(deps.db, { id: idOf(req) });
    if (!row) return notFound(req, reply);
    const user = req.page.user!;
    const closed = await desk().close(row.id, { view: 'console', id: String(user.id), name: user.display_name });
    // Closed already (in Slack, by someone else): the page shows it so.
    if (!closed) return seeOther(reply, `/console/inbox/${row.id}`);
    await recordAudit(deps.db, { actor: actorOf(user), action: 'handoff_closed', target: target(row), detail: { channel: row.channel }, at: deps.now() });
    return seeOther(reply, `/console/inbox?closed=${row.id}`);
  });
}
