/**
 * Contacts (organizers and admins): the list with its filters, a contact's page, and the privacy
 * actions on a contact through the same code as `civic-engage contact export|forget` and the admin
 * API (src/privacy): export as a download, forget behind a confirmation page that gives the
 * counts. Forgetting is recorded in the audit log with counts only; its target is the contact's
 * id, which names nobody once they are gone.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHANNEL_NAMES } from '../../channels/registry';
import { contactHistory, contactProfile } from '../../contacts/profile';
import { CONSENT_STATES, searchContacts, tagsInUse, type ConsentState, type ContactFilter } from '../../contacts/search';
import { exportContact } from '../../privacy/export-contact';
import { forgetContact, forgetPreview } from '../../privacy/forget';
import { personalDataOf } from '../../runtime/module';
import { actorOf, recordAudit } from '../audit';
import type { ConsoleDeps, PageContext } from '../context';
import { query, seeOther, sendPage } from '../render';
import { ContactPage, ForgetPage } from '../views/contact';
import { contactsT, ContactsPage, type ContactsNames } from '../views/contacts';
import { ErrorPage } from '../views/error-page';
import { CONTACTS } from './contacts-access';
import { contactsImportRoutes } from './contacts-import';

/** Contacts a page of the list shows. */
export const CONTACTS_PAGE_SIZE = 50;
/** Messages a page of a contact's history shows. */
export const HISTORY_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page number from the query (1 when absent or odd). */
export function pageNumberOf(text: string): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
}

function filterOf(req: FastifyRequest, channels: readonly string[], languages: readonly string[]): ContactFilter {
  const consent = query(req, 'consent');
  const channel = query(req, 'channel');
  const language = query(req, 'language');
  return {
    name: query(req, 'name').trim().slice(0, 200) || undefined,
    number: query(req, 'number').trim().slice(0, 100) || undefined,
    tag: query(req, 'tag').slice(0, 63) || undefined,
    language: languages.includes(language) ? language : undefined,
    state: query(req, 'state').trim().slice(0, 40) || undefined,
    channel: channels.includes(channel) ? channel : undefined,
    consent: (CONSENT_STATES as readonly string[]).includes(consent) ? (consent as ConsentState) : undefined,
  };
}

export async function contactsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { rt } = deps;
  const privacy = () => ({ db: deps.db, config: rt.config, now: deps.now, queues: rt.queues, personalData: personalDataOf(rt.modules) });
  const namesFor = (page: PageContext): ContactsNames => ({
    channel: (name) => (rt.translator.has(page.lang, `slack.channel_names.${name}`) ? rt.translator.t(page.lang, `slack.channel_names.${name}`) : name),
    language: (code) => {
      const shown = code ?? rt.translator.defaultLanguage;
      return rt.translator.has(shown, 'language.native_name') ? `${rt.translator.t(shown, 'language.native_name')} (${shown})` : shown;
    },
    channels: CHANNEL_NAMES,
    languages: rt.translator.keywordLanguages,
  });
  const notFound = (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404);
  const idOf = (req: FastifyRequest): string | undefined => {
    const id = (req.params as { id: string }).id;
    return UUID.test(id) ? id.toLowerCase() : undefined;
  };

  app.get('/contacts', { config: CONTACTS }, async (req, reply) => {
    const names = namesFor(req.page);
    const filter = filterOf(req, names.channels, names.languages);
    const pageNumber = pageNumberOf(query(req, 'page'));
    const [result, tags] = await Promise.all([
      searchContacts(deps.db, filter, { page: pageNumber, pageSize: CONTACTS_PAGE_SIZE, defaultLanguage: rt.translator.defaultLanguage }),
      tagsInUse(deps.db),
    ]);
    const notice = query(req, 'forgotten') ? contactsT(req.page)('forget.done') : undefined;
    return sendPage(reply, ContactsPage({ page: req.page, filter, result, pageNumber, pageSize: CONTACTS_PAGE_SIZE, tags, names, notice }));
  });

  await contactsImportRoutes(app, deps);

  app.get('/contacts/:id', { config: CONTACTS }, async (req, reply) => {
    const id = idOf(req);
    const profile = id ? await contactProfile(deps.db, id) : undefined;
    if (!profile) return notFound(req, reply);
    const historyPage = pageNumberOf(query(req, 'history'));
    const history = await contactHistory(
      deps.db,
      profile.id,
      profile.identities.map((i) => i.id),
      { page: historyPage, pageSize: HISTORY_PAGE_SIZE },
    );
    return sendPage(reply, ContactPage({ page: req.page, profile, messages: history.messages, hasOlder: history.hasOlder, historyPage, names: namesFor(req.page) }));
  });

  app.get('/contacts/:id/export', { config: CONTACTS }, async (req, reply) => {
    const id = idOf(req);
    const data = id ? await exportContact(privacy(), id) : undefined;
    if (!id || !data) return notFound(req, reply);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="contact-${id}.json"`)
      .header('cache-control', 'no-store')
      .send(`${JSON.stringify(data, null, 2)}\n`);
  });

  app.get('/contacts/:id/forget', { config: CONTACTS }, async (req, reply) => {
    const id = idOf(req);
    const profile = id ? await contactProfile(deps.db, id) : undefined;
    if (!profile) return notFound(req, reply);
    const counts = await forgetPreview(deps.db, profile.id);
    return sendPage(reply, ForgetPage({ page: req.page, contactId: profile.id, name: profile.name, counts }));
  });

  app.post('/contacts/:id/forget', { config: CONTACTS }, async (req, reply) => {
    const id = idOf(req);
    if (!id) return notFound(req, reply);
    const report = await forgetContact(privacy(), id);
    if (!report) return notFound(req, reply);
    const now = deps.now();
    await recordAudit(deps.db, {
      actor: actorOf(req.page.user!),
      action: 'contact_forgotten',
      target: { type: 'contact', id },
      // Counts only. Keys with 'message' or 'comment' in them are dropped by the audit log (they could carry words): hence these names.
      detail: { addresses: report.identities, conversation_lines: report.messages, feedback_notes: report.feedbackComments, tickets: report.tickets },
      at: now,
    });
    return seeOther(reply, '/console/contacts?forgotten=1');
  });
}
