/**
 * "What people said" (/console/feedback), for organizers and admins: the page, the feedback
 * export and the unanswered questions' export. Everything is read through the domain code the
 * CLI and the admin API use (src/feedback, src/knowledge/unanswered): the page's figures, the
 * digest's and `feedback engagement`'s are the same numbers, and a download is the same file as
 * `feedback export` / `questions export` with the page's filters. Downloads are audited (they
 * carry what people wrote).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type english from '../../../locales/en/console-said.json';
import { digestTimeZone } from '../../feedback/digest-job';
import { engagementData, leastEngaged } from '../../feedback/engagement';
import { renderFeedbackExport } from '../../feedback/export';
import { feedbackFacets, listFeedback } from '../../feedback/query';
import { summarizeFeedback } from '../../feedback/summary';
import { groupUnanswered } from '../../knowledge/unanswered/group';
import { renderQuestionsExport } from '../../knowledge/unanswered/export';
import { listUnanswered } from '../../knowledge/unanswered/store';
import { actorOf, recordAudit } from '../audit';
import type { ConsoleDeps } from '../context';
import { sectionT } from '../i18n';
import { query, seeOther, sendPage } from '../render';
import { readFilter, type SaidFilter } from '../said/filter';
import { communityNames } from '../said/names';
import { SaidPage } from '../views/said';

const ORGANIZERS = { access: ['admin', 'organizer'] } as const;
/** A community needs this many people in the denominator to be named least engaged (as leftOut's default). */
const MIN_SAMPLE = 5;

function filterOf(deps: ConsoleDeps, req: FastifyRequest) {
  return readFilter((name) => query(req, name), deps.now(), digestTimeZone(deps.rt));
}

function feedbackFilter(f: SaidFilter) {
  return { since: f.since, until: f.until, flow: f.flow, topic: f.topic, language: f.language, channel: f.channel };
}

/** Sends an export as a download. */
function download(reply: FastifyReply, out: { body: string; contentType: string; filename: string }): FastifyReply {
  return reply.header('content-type', out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).header('cache-control', 'no-store').send(out.body);
}

/** A download with a malformed filter: back to the page, which says what is wrong with it. */
function backToPage(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const at = req.url.indexOf('?');
  const params = new URLSearchParams(at >= 0 ? req.url.slice(at + 1) : '');
  params.delete('format');
  const rest = params.toString();
  return seeOther(reply, `/console/feedback${rest ? `?${rest}` : ''}`);
}

export async function saidRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/feedback', { config: ORGANIZERS }, async (req, reply) => {
    const { filter, errors } = filterOf(deps, req);
    const tz = digestTimeZone(deps.rt);
    const [rows, facets, engagement, questions] = await Promise.all([
      listFeedback(deps.db, feedbackFilter(filter)),
      feedbackFacets(deps.db),
      engagementData(deps.db, filter.since, filter.until),
      listUnanswered(deps.db, { since: filter.since, until: filter.until, language: filter.language }),
    ]);
    const t = sectionT<typeof english>(req.page, 'console-said');
    const names = communityNames(deps.rt.translator, req.page.lang, { language: t('unknown_language'), channel: t('unknown_channel') });
    const page = SaidPage({
      page: req.page,
      filter,
      errors,
      facets,
      timeZone: tz,
      summary: summarizeFeedback(rows, tz),
      engagement,
      least: leastEngaged(engagement, MIN_SAMPLE),
      minSample: MIN_SAMPLE,
      unanswered: groupUnanswered(questions).languages,
      names,
    });
    return sendPage(reply, page, errors.length ? 400 : 200);
  });

  app.get('/feedback/export', { config: ORGANIZERS }, async (req, reply) => {
    const { filter, errors } = filterOf(deps, req);
    const format = query(req, 'format') || 'csv';
    if (errors.length || (format !== 'csv' && format !== 'json')) return backToPage(req, reply);
    const rows = await listFeedback(deps.db, feedbackFilter(filter));
    const now = deps.now();
    await recordAudit(deps.db, {
      actor: actorOf(req.page.user!),
      action: 'feedback_exported',
      detail: { what: 'feedback', format, rows: rows.length, from: filter.from, to: filter.to, flow: filter.flow ?? null, topic: filter.topic ?? null, language: filter.language ?? null, channel: filter.channel ?? null },
      at: now,
    });
    return download(reply, renderFeedbackExport(rows, format, digestTimeZone(deps.rt), { since: filter.since, until: filter.until, exportedAt: now }));
  });

  app.get('/feedback/questions', { config: ORGANIZERS }, async (req, reply) => {
    const { filter, errors } = filterOf(deps, req);
    const format = query(req, 'format') || 'csv';
    if (errors.length || (format !== 'csv' && format !== 'json')) return backToPage(req, reply);
    const rows = await listUnanswered(deps.db, { since: filter.since, until: filter.until, language: filter.language });
    const now = deps.now();
    await recordAudit(deps.db, { actor: actorOf(req.page.user!), action: 'feedback_exported', detail: { what: 'unanswered_questions', format, rows: rows.length, from: filter.from, to: filter.to, language: filter.language ?? null }, at: now });
    return download(reply, renderQuestionsExport(rows, format, digestTimeZone(deps.rt), { since: filter.since, until: filter.until, exportedAt: now }));
  });
}
