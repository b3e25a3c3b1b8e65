/**
 * Reports for organizers over the admin API, the same as the CLI's:
 *
 *   GET  /api/admin/feedback?since=7d&until=...&format=csv|json&flow=...&topic=...&language=...&channel=...
 *   GET  /api/admin/engagement?since=30d&until=...
 *   GET  /api/admin/digest            the digest as it would be posted now (JSON: text, blocks)
 *   POST /api/admin/digest            post it to DIGEST_CHANNEL now
 *   GET  /api/admin/questions/unanswered?since=7d&until=...&format=csv|json&language=es
 *                                     what the assistant could not answer, grouped (docs/knowledge.md)
 */
import type { RouteDef, RouteRequest } from '../http/route';
import type { Runtime } from '../runtime/runtime';
import { digestAsText } from '../feedback/digest';
import { digestTimeZone, postDigest, previewDigest } from '../feedback/digest-job';
import { engagementData, engagementFigures, engagementTotal, leastEngaged, leftOut } from '../feedback/engagement';
import { renderFeedbackExport } from '../feedback/export';
import { listFeedback } from '../feedback/query';
import { parseInstant } from '../feedback/time';
import { renderQuestionsExport } from '../knowledge/unanswered/export';
import { listUnanswered } from '../knowledge/unanswered/store';
import { badRequest, queryValue } from './http';

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** since/until from the query (defaults: `defaultSince` ago, now); a message when malformed. */
function window(rt: Runtime, req: RouteRequest, defaultSince: string): { since: Date; until: Date } | string {
  const now = rt.now();
  const tz = digestTimeZone(rt);
  try {
    const since = parseInstant(queryValue(req, 'since') ?? defaultSince, now, tz);
    const untilText = queryValue(req, 'until');
    const until = untilText ? parseInstant(untilText, now, tz) : now;
    if (since >= until) return 'since must be before until';
    return { since, until };
  } catch (err) {
    return (err as Error).message;
  }
}

/** The report routes (unauthenticated: src/admin/module.ts puts them behind the token). */
export function reportRoutes(rt: Runtime): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/admin/feedback',
      handler: async (req) => {
        const w = window(rt, req, '30d');
        if (typeof w === 'string') return badRequest(w);
        const format = queryValue(req, 'format') ?? 'json';
        if (format !== 'csv' && format !== 'json') return badRequest('format must be csv or json');
        const flow = queryValue(req, 'flow');
        const topic = queryValue(req, 'topic');
        if ((flow && !NAME.test(flow)) || (topic && !NAME.test(topic))) return badRequest('flow and topic are lower_snake_case names');
        const language = queryValue(req, 'language');
        if (language && !LANGUAGE.test(language)) return badRequest('language is a language code (es, zh, ...)');
        const channel = queryValue(req, 'channel');
        if (channel && !NAME.test(channel)) return badRequest('channel is a channel name (sms, telegram, ...)');
        const rows = await listFeedback(rt.db.kysely, { ...w, flow, topic, language, channel });
        const out = renderFeedbackExport(rows, format, digestTimeZone(rt), { ...w, exportedAt: rt.now() });
        return { status: 200, headers: { 'content-type': out.contentType, 'content-disposition': `attachment; filename="${out.filename}"` }, body: out.body };
      },
    },
    {
      method: 'GET',
      path: '/api/admin/questions/unanswered',
      handler: async (req) => {
        const w = window(rt, req, '30d');
        if (typeof w === 'string') return badRequest(w);
        const format = queryValue(req, 'format') ?? 'json';
        if (format !== 'csv' && format !== 'json') return badRequest('format must be csv or json');
        const language = queryValue(req, 'language');
        if (language && !LANGUAGE.test(language)) return badRequest('language is a language code (es, zh, ...)');
        const rows = await listUnanswered(rt.db.kysely, { ...w, language });
        const out = renderQuestionsExport(rows, format, digestTimeZone(rt), { ...w, exportedAt: rt.now() });
        return { status: 200, headers: { 'content-type': out.contentType, 'content-disposition': `attachment; filename="${out.filename}"` }, body: out.body };
      },
    },
    {
      method: 'GET',
      path: '/api/admin/engagement',
      handler: async (req) => {
        const w = window(rt, req, '30d');
        if (typeof w === 'string') return badRequest(w);
        const rows = await engagementData(rt.db.kysely, w.since, w.until);
        return {
          status: 200,
          body: { since: w.since.toISOString(), until: w.until.toISOString(), communities: engagementFigures(rows), total: engagementTotal(rows), left_out: leftOut(rows), least_engaged: leastEngaged(rows) },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/admin/digest',
      handler: async () => {
        const message = await previewDigest(rt);
        return { status: 200, body: { text: digestAsText(message), slack: { text: message.text, blocks: message.blocks }, summary: message.summary } };
      },
    },
    {
      method: 'POST',
      path: '/api/admin/digest',
      handler: async () => {
        if (!rt.config.DIGEST_CHANNEL || !rt.config.SLACK_BOT_TOKEN) return { status: 409, body: { error: 'the digest is off: set DIGEST_CHANNEL and SLACK_BOT_TOKEN' } };
        const result = await postDigest(rt, `manual-${rt.now().toISOString().replace(/[:.]/g, '-')}`);
        return { status: 200, body: result };
      },
    },
  ];
}
