/**
 * Importing a contacts file in the browser, through the same code as `civic-engage contacts
 * import` (src/contacts/import.ts), with the same rules: all or nothing, the same attestation.
 *
 *   GET  /contacts/import              the upload form
 *   POST /contacts/import              the file (multipart, this route only): kept in the database,
 *                                      checked by a dry run, then → its preview
 *   GET  /contacts/import/:id          the preview and the attestation; then the progress; then the result
 *   POST /contacts/import/:id          import it (the attestation when the file carries consent)
 *   GET  /contacts/import/:id/progress the progress bar (a live part the console's script refreshes)
 *   POST /contacts/import/:id/discard  abandon it: the file goes at once
 *
 * The import runs in this web process after the answer (its transaction can take a while on a
 * large file); its progress is two counts in Redis (src/console/store/import-progress.ts). The
 * file is never written to disk or Redis: it waits in the database until imported (its bytes are
 * then erased) or expired (docs/privacy.md).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basename } from 'node:path';
import { importContacts, type ImportReport } from '../../contacts/import';
import { COLUMNS } from '../../contacts/rows';
import { scrubPersonal } from '../../lib/scrub';
import { actorOf, recordAudit } from '../audit';
import { pageContext, type ConsoleDeps } from '../context';
import { findActiveUser } from '../store/users';
import { field, seeOther, sendPage } from '../render';
import { discardUpload, findUpload, finishImport, purgeExpiredUploads, saveUpload, startImport } from '../store/contact-imports';
import { clearImportProgress, getImportProgress, setImportProgress } from '../store/import-progress';
import { contactsT } from '../views/contacts';
import { ImportPreviewPage, ImportProgress, ImportUploadPage } from '../views/contacts-import';
import { ErrorPage } from '../views/error-page';
import { CONTACTS } from './contacts-access';

/** How long an uploaded file waits for its import before it is erased. */
export const CONTACT_IMPORT_TTL_MS = 60 * 60 * 1000;
/** How often expired uploads are looked for (besides each upload). */
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * The most a browser upload may hold, whatever the CLI's caps allow: the upload is read into memory
 * and kept in the database until imported, and 64 MB is 100,000 rows of 640 bytes, far more than a
 * contacts file needs. Bigger files go through the CLI, which streams them.
 */
export const CONSOLE_UPLOAD_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The largest file the upload takes: the CLI's caps (a header and IMPORT_MAX_ROWS rows of at most
 * IMPORT_MAX_RECORD_BYTES each; 819 MB with the defaults), but at most CONSOLE_UPLOAD_MAX_BYTES.
 */
export function uploadCap(config: { IMPORT_MAX_RECORD_BYTES: number; IMPORT_MAX_ROWS: number }): number {
  return Math.min(config.IMPORT_MAX_RECORD_BYTES * (config.IMPORT_MAX_ROWS + 1), CONSOLE_UPLOAD_MAX_BYTES);
}

/** A number of bytes as people read it, in their language ("8.2 MB", "5.4 kB"). */
function byteSize(bytes: number, lang: string): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [bytes / 1000, 'kilobyte'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** The uploaded file as the multipart parser leaves it in the body (see onFile below). */
interface UploadedFile {
  name: string;
  data: Buffer;
}

export async function contactsImportRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { rt } = deps;
  const importDeps = { db: deps.db, config: rt.config, languages: rt.translator.languages, now: deps.now };
  const redis = rt.queues.connection;
  const prefix = rt.queues.prefix;
  /** Imports running in this process, by upload id (awaited when the server closes). */
  const running = new Map<string, Promise<void>>();
  const columns = Object.keys(COLUMNS);

  const purge = () => purgeExpiredUploads(deps.db, deps.now(), [...running.keys()]).catch((err) => deps.log.warn({ err: (err as Error).message }, 'console: removing expired contacts uploads failed'));
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await Promise.allSettled([...running.values()]);
  });

  const uploadPage = (req: FastifyRequest, reply: FastifyReply, error?: string, status = 200) =>
    sendPage(reply, ImportUploadPage({ page: req.page, columns, maxRows: rt.config.IMPORT_MAX_ROWS, errors: error ? [{ field: 'file', message: error }] : [] }), status);
  const notFound = (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404);
  const uploadOf = async (req: FastifyRequest) => {
    const upload = await findUpload(deps.db, (req.params as { id: string }).id, deps.now());
    // An upload is its uploader's: another organizer does not see the file's preview.
    return upload && upload.userId === String(req.page.user!.id) ? upload : undefined;
  };

  app.get('/contacts/import', { config: CONTACTS }, async (req, reply) => uploadPage(req, reply));

  // The upload is the console's only multipart route: the parser lives in this scope alone.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: uploadCap(rt.config), files: 1, fields: 2, parts: 3 },
      async onFile(part) {
        (part as unknown as { value: UploadedFile }).value = { name: part.filename, data: await part.toBuffer() };
      },
    });
    // The body is read before the access guard runs (it needs the CSRF field): read none for
    // someone who is not signed in at all. The guard still decides, on the signed-in ones.
    scope.addHook('onRequest', async (req, reply) => {
      if (!req.session?.userId) return reply.redirect('/console/sign-in', 303);
      return undefined;
    });
    scope.setErrorHandler(async (err: FastifyError, req, reply) => {
      if (err.code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
      // The body is read before the guard: ask who this is here, and answer an organizer with the form.
      const user = req.session?.userId ? await findActiveUser(deps.db, req.session.userId) : undefined;
      if (!user || !(CONTACTS.access as readonly string[]).includes(user.role)) throw err;
      req.page = pageContext(deps, req, reply, user);
      const t = contactsT(req.page);
      return uploadPage(req, reply, t('import.too_large', { size: byteSize(uploadCap(rt.config), req.page.lang) }), 413);
    });

    scope.post('/contacts/import', { config: CONTACTS }, async (req, reply) => {
      const t = contactsT(req.page);
      const file = (req.body as { file?: UploadedFile } | undefined)?.file;
      if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.data) || !file.data.length) return uploadPage(req, reply, t('import.no_file'), 400);
      const fileName = basename(file.name || 'contacts.csv').slice(0, 200);
      const user = req.page.user!;
      const now = deps.now();
      // The preview is the dry run of the import as this organizer would attest it: counts that
      // are exactly what the import will do (the attestation itself is asked on the next page).
      const preview = await importContacts(importDeps, file.data, { fileName, attestedBy: user.display_name || user.email, dryRun: true });
      const id = await saveUpload(deps.db, { userId: String(user.id), fileName, csv: file.data, preview, now, ttlMs: CONTACT_IMPORT_TTL_MS });
      void purge();
      return seeOther(reply, `/console/contacts/import/${id}`);
    });
  });

  app.get('/contacts/import/:id', { config: CONTACTS }, async (req, reply) => {
    const upload = await uploadOf(req);
    if (!upload) return notFound(req, reply);
    let shown = upload;
    // Running here no more (the server restarted during the import: its transaction was rolled back).
    if (upload.status === 'running' && !running.has(upload.id) && !(await getImportProgress(redis, prefix, upload.id))) {
      await finishImport(deps.db, upload.id, null);
      shown = { ...upload, status: 'failed', report: null };
    }
    const progress = shown.status === 'running' ? await getImportProgress(redis, prefix, upload.id) : null;
    return sendPage(reply, ImportPreviewPage({ page: req.page, upload: shown, progress, attestedBy: req.page.user!.display_name }));
  });

  app.get('/contacts/import/:id/progress', { config: CONTACTS }, async (req, reply) => {
    const upload = await uploadOf(req);
    if (!upload) return reply.code(404).header('cache-control', 'no-store').send('');
    const progress = (await getImportProgress(redis, prefix, upload.id)) ?? { done: upload.status === 'running' ? 0 : (upload.preview?.rows ?? 0), total: upload.preview?.rows ?? 0 };
    // The page's script reloads the page when this differs from what it showed (running).
    return reply
      .header('x-ticket-status', upload.status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(ImportProgress({ page: req.page, done: progress.done, total: progress.total }));
  });

  app.post('/contacts/import/:id', { config: CONTACTS }, async (req, reply) => {
    const upload = await uploadOf(req);
    if (!upload || !upload.preview) return notFound(req, reply);
    if (upload.status !== 'previewed' || !upload.preview.ok) return seeOther(reply, `/console/contacts/import/${upload.id}`);
    const t = contactsT(req.page);
    const user = req.page.user!;
    const attestedBy = field(req, 'attested_by').trim().slice(0, 200);
    if (upload.preview.consentRows) {
      const errors = [
        ...(field(req, 'attest') === 'yes' ? [] : [{ field: 'attest', message: t('import.attest_missing') }]),
        ...(attestedBy ? [] : [{ field: 'attested_by', message: t('import.attest_name_missing') }]),
      ];
      if (errors.length) return sendPage(reply, ImportPreviewPage({ page: req.page, upload, progress: null, attestedBy, errors }), 400);
    }
    const csv = await startImport(deps.db, upload.id, deps.now());
    if (!csv) return seeOther(reply, `/console/contacts/import/${upload.id}`);
    const total = upload.preview.rows;
    await setImportProgress(redis, prefix, upload.id, { done: 0, total });
    const job = runImport(upload.id, upload.fileName, csv, upload.preview.consentRows ? attestedBy : undefined, total, actorOf(user)).finally(() => running.delete(upload.id));
    running.set(upload.id, job);
    return seeOther(reply, `/console/contacts/import/${upload.id}`);
  });

  app.post('/contacts/import/:id/discard', { config: CONTACTS }, async (req, reply) => {
    const upload = await uploadOf(req);
    if (upload) await discardUpload(deps.db, upload.id);
    return seeOther(reply, '/console/contacts/import');
  });

  /** Imports the file (all or nothing), then records how it ended and erases the file's bytes. */
  async function runImport(id: string, fileName: string, csv: Buffer, attestedBy: string | undefined, total: number, actor: ReturnType<typeof actorOf>): Promise<void> {
    let report: ImportReport | null = null;
    try {
      report = await importContacts(importDeps, csv, {
        fileName,
        attestedBy,
        onProgress: (done) => void setImportProgress(redis, prefix, id, { done, total }),
      });
    } catch (err) {
      deps.log.error({ err: scrubPersonal((err as Error).message) }, 'console: contacts import failed');
    }
    try {
      await finishImport(deps.db, id, report);
      if (report?.ok) {
        await recordAudit(deps.db, {
          actor,
          action: 'contacts_imported',
          target: { type: 'contacts_file', label: fileName },
          detail: { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, opt_ins: report.optIns, kept_opted_out: report.keptOptedOut, attested_by: attestedBy ?? null },
          at: deps.now(),
        });
      }
    } finally {
      await clearImportProgress(redis, prefix, id);
    }
  }
}
