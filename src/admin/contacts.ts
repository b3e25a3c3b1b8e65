/**
 * /api/admin/contacts: find people, see everything stored about one ("what do you have on me?"),
 * and forget one ("delete it").
 *
 *   GET  /api/admin/contacts?q=<phone | id | channel:address>&limit=50&offset=0
 *   GET  /api/admin/contacts/<id | phone | channel:address>          everything stored (JSON)
 *   POST /api/admin/contacts/<id | phone | channel:address>/forget   erase; keeps the anonymous opt-out
 */
import type { RouteDef } from '../http/route';
import { personalDataOf } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { exportContact } from '../privacy/export-contact';
import { ContactNotFound, findContactId, parseContactRef, resolveContact } from '../contacts/find-contact';
import { forgetContact } from '../privacy/forget';
import { badRequest, limitOf, maskAddress, pathAfter, queryValue } from './http';

const PREFIX = '/api/admin/contacts';

/** A page of contacts (newest first) with masked addresses; one contact when `q` names someone. */
async function listContacts(rt: Runtime, q: string | undefined, limit: number, offset: number) {
  const db = rt.db.kysely;
  let ids: string[];
  if (q !== undefined) {
    const ref = parseContactRef(q);
    if (!ref) return badRequest('q must be a contact id, a phone number or channel:address');
    const id = await findContactId(db, ref);
    ids = id ? [id] : [];
  } else {
    ids = (await db.selectFrom('contacts').select('id').orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute()).map((r) => r.id);
  }
  if (!ids.length) return { status: 200, body: { contacts: [] } };
  const contacts = await db.selectFrom('contacts').select(['id', 'language', 'timezone', 'created_at', 'updated_at']).where('id', 'in', ids).orderBy('created_at', 'desc').execute();
  const identities = await db.selectFrom('identities').selectAll().where('contact_id', 'in', ids).orderBy('created_at').execute();
  return {
    status: 200,
    body: {
      contacts: contacts.map((c) => ({
        ...c,
        identities: identities
          .filter((i) => i.contact_id === c.id)
          .map((i) => ({ id: i.id, channel: i.channel, address: maskAddress(i.channel, i.address), opted_out: i.opted_out, unreachable: i.unreachable_at !== null })),
      })),
      ...(q === undefined ? { limit, offset } : {}),
    },
  };
}

/** The contacts routes (unauthenticated: src/admin/module.ts puts them behind the token). */
export function contactRoutes(rt: Runtime): RouteDef[] {
  const deps = { db: rt.db.kysely, config: rt.config, now: rt.now, queues: rt.queues, personalData: personalDataOf(rt.modules) };
  const notFound = (err: unknown) => {
    if (err instanceof ContactNotFound) return { status: 404, body: { error: err.message } };
    throw err;
  };
  return [
    {
      method: 'GET',
      path: PREFIX,
      handler: async (req) => {
        const offset = Number(queryValue(req, 'offset') ?? 0);
        return listContacts(rt, queryValue(req, 'q'), limitOf(req, 50, 500), Number.isInteger(offset) && offset >= 0 ? offset : 0);
      },
    },
    {
      method: 'GET',
      path: `${PREFIX}/:ref`,
      handler: async (req) => {
        const [ref] = pathAfter(req, `${PREFIX}/`);
        try {
          const id = await resolveContact(deps.db, ref ?? '');
          const data = await exportContact(deps, id);
          if (!data) return { status: 404, body: { error: 'no contact matches that reference' } };
          return { status: 200, headers: { 'content-disposition': `attachment; filename="contact-${id}.json"` }, body: data };
        } catch (err) {
          return notFound(err);
        }
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/:ref/forget`,
      handler: async (req) => {
        const [ref] = pathAfter(req, `${PREFIX}/`);
        try {
          const id = await resolveContact(deps.db, ref ?? '');
          const report = await forgetContact(deps, id);
          if (!report) return { status: 404, body: { error: 'no contact matches that reference' } };
          rt.log.info({ identities: report.identities, messages: report.messages }, 'contact forgotten (admin API)');
          return { status: 200, body: { forgotten: true, ...report } };
        } catch (err) {
          return notFound(err);
        }
      },
    },
  ];
}
