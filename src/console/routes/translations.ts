/**
 * The translations section (organizers and admins): every language's completeness by the checks
 * of `civic-engage locales check` (src/i18n/locale-report.ts), the export for translators and the
 * import of their files by the same code as `locales export|import` (src/i18n/exchange/files.ts).
 *
 * An import is two steps: the upload (multipart, only in its own scope, size-capped) shows what
 * would change; the confirmation carries the same file back and writes the locale files, all or
 * nothing, like the CLI. Both read LOCALES_DIR as it is on disk now, not the texts this server
 * started with.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type english from '../../../locales/en/console-translations.json';
import { loadLocales } from '../../i18n/catalog';
import { checkImport, ExchangeError, exportLocales, LocaleWriteError, writeImport } from '../../i18n/exchange/files';
import { localeReport, summaryByLanguage } from '../../i18n/locale-report';
import { guard } from '../access';
import { actorOf, recordAudit } from '../audit';
import type { ConsoleDeps } from '../context';
import { sectionT } from '../i18n';
import { field, query, seeOther, sendPage } from '../render';
import { TRANSLATION_UPLOAD_MAX_BYTES } from '../settings';
import type { ShownError } from '../views/components';
import { formatSize, ImportPreviewPage, TranslationsPage } from '../views/translations';

const ORGANIZERS = { access: ['admin', 'organizer'] } as const;

/** The uploaded file as the multipart scope hands it over. */
interface Upload {
  filename: string;
  data: Buffer;
}

export async function translationsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { config } = deps.rt;
  const opts = { defaultLanguage: config.DEFAULT_LANGUAGE, dir: config.LOCALES_DIR, budget: config.SMS_SEGMENT_BUDGET };
  const t = (req: FastifyRequest) => sectionT<typeof english>(req.page, 'console-translations');

  /** The report page, with a notice or the errors of a refused export or upload. */
  const reportPage = (req: FastifyRequest, reply: FastifyReply, extra: { notice?: string; errors?: ShownError[] } = {}, status = 200) => {
    const report = localeReport(opts.dir, opts.defaultLanguage, opts.budget);
    const view = {
      summaries: summaryByLanguage(report),
      defaultLanguage: opts.defaultLanguage,
      keys: report.keys,
      dir: opts.dir,
      budget: opts.budget,
      maxBytes: TRANSLATION_UPLOAD_MAX_BYTES,
      languages: report.loaded.languages.map((code) => req.page.languages.find((l) => l.code === code) ?? { code, name: code, dir: 'ltr' as const }),
      ...extra,
    };
    return sendPage(reply, TranslationsPage({ page: req.page, view }), status);
  };

  /** The preview of a file (or why it cannot be imported). */
  const preview = (req: FastifyRequest, reply: FastifyReply, upload: Upload, writeError?: string) => {
    const check = checkImport(upload.filename, upload.data, loadLocales(opts.dir, opts.defaultLanguage), opts);
    const page = ImportPreviewPage({
      page: req.page,
      fileName: upload.filename,
      data: upload.data.toString('base64'),
      errors: check.errors,
      plan: check.plan,
      languages: req.page.languages,
      maxBytes: TRANSLATION_UPLOAD_MAX_BYTES,
      dir: opts.dir,
      writeError,
    });
    return { check, reply: () => sendPage(reply, page, writeError ? 409 : check.plan ? 200 : 400) };
  };

  app.get('/translations', { config: ORGANIZERS }, async (req, reply) => {
    const imported = query(req, 'imported');
    const notice = imported === '' ? undefined : imported === '0' ? t(req)('done.nothing') : t(req)('done.imported', { files: Number(imported) || 0 });
    return reportPage(req, reply, { notice });
  });

  app.get('/translations/export', { config: ORGANIZERS }, async (req, reply) => {
    const lang = query(req, 'lang');
    const format = query(req, 'format') || 'csv';
    const loaded = loadLocales(opts.dir, opts.defaultLanguage);
    const errors: ShownError[] = [];
    if (lang && (lang === opts.defaultLanguage || !loaded.languages.includes(lang))) errors.push({ field: 'lang', message: t(req)('errors.language') });
    if (format !== 'csv' && format !== 'xliff') errors.push({ field: 'format', message: t(req)('errors.format') });
    if (errors.length) return reportPage(req, reply, { errors }, 400);
    let exported;
    try {
      exported = exportLocales(loaded, { defaultLanguage: opts.defaultLanguage, format, languages: lang ? [lang] : undefined, budget: opts.budget });
    } catch (err) {
      if (!(err instanceof ExchangeError)) throw err;
      return reportPage(req, reply, { errors: [{ field: 'lang', message: t(req)('errors.export', { reason: err.message }) }] }, 400);
    }
    await recordAudit(deps.db, { actor: actorOf(req.page.user!), action: 'translations_exported', detail: { languages: exported.languages.join(','), format: exported.format, strings: exported.units.length }, at: deps.now() });
    return reply
      .header('content-type', exported.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/xliff+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exported.fileName}"`)
      .header('cache-control', 'no-store')
      .send(exported.body);
  });

  // The upload: multipart only here, in a scope of its own, with the size capped.
  await app.register(async (upload) => {
    // Access is checked before the body is read: nobody without access sends a file, and the
    // size error below has the page context.
    upload.addHook('onRequest', async (req, reply) => guard(deps, req, reply));
    await upload.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: TRANSLATION_UPLOAD_MAX_BYTES, files: 1, fields: 4, parts: 5 },
      throwFileSizeLimit: true,
      async onFile(part) {
        (part as unknown as { value: Upload }).value = { filename: part.filename, data: await part.toBuffer() };
      },
    });
    upload.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') return reportPage(req, reply, { errors: [{ field: 'file', message: t(req)('errors.too_large', { max: formatSize(req.page, TRANSLATION_UPLOAD_MAX_BYTES) }) }] }, 413);
      throw err; // the console's own handler (CSRF, other errors)
    });
    upload.post('/translations/import', { config: ORGANIZERS }, async (req, reply) => {
      const file = ((req.body ?? {}) as { file?: Upload }).file;
      if (!file || typeof file !== 'object' || !file.filename || !file.data?.length) return reportPage(req, reply, { errors: [{ field: 'file', message: t(req)('errors.no_file') }] }, 400);
      try {
        return preview(req, reply, file).reply();
      } catch (err) {
        if (!(err instanceof ExchangeError)) throw err;
        return reportPage(req, reply, { errors: [{ field: 'file', message: t(req)('errors.file_type') }] }, 400);
      }
    });
  });

  // The confirmation carries the previewed file back (base64); it is checked again before anything is written.
  app.post('/translations/import/confirm', { config: ORGANIZERS, bodyLimit: Math.ceil(TRANSLATION_UPLOAD_MAX_BYTES * 1.5) + 64 * 1024 }, async (req, reply) => {
    const upload: Upload = { filename: field(req, 'name').slice(0, 200), data: Buffer.from(field(req, 'data'), 'base64') };
    if (!upload.filename || !upload.data.length) return reportPage(req, reply, { errors: [{ field: 'file', message: t(req)('errors.no_file') }] }, 400);
    let shown;
    try {
      shown = preview(req, reply, upload);
    } catch (err) {
      if (!(err instanceof ExchangeError)) throw err;
      return reportPage(req, reply, { errors: [{ field: 'file', message: t(req)('errors.file_type') }] }, 400);
    }
    const { plan } = shown.check;
    if (!plan) return shown.reply();
    try {
      writeImport(plan.writes, `${process.pid}-${req.id}`);
    } catch (err) {
      if (!(err instanceof LocaleWriteError)) throw err;
      deps.log.warn({ code: err.code }, 'console: translations could not be written');
      return preview(req, reply, upload, t(req)('errors.read_only', { code: err.code })).reply();
    }
    await recordAudit(deps.db, {
      actor: actorOf(req.page.user!),
      action: 'translations_imported',
      target: { type: 'locales', id: opts.dir, label: upload.filename },
      detail: { languages: plan.languages.map((l) => l.language).join(','), files: plan.writes.length, changed: plan.writes.reduce((n, w) => n + w.changed, 0) },
      at: deps.now(),
    });
    return seeOther(reply, `/console/translations?imported=${plan.writes.length}`);
  });
}
