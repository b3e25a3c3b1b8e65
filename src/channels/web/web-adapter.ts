import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { simulatorMode } from '../../config';
import type { ChannelAdapter, ChannelContext } from '../types';
import type { RouteDef, RouteLimit, RouteRequest } from '../../http/route';

const postSchema = z
  .object({
    session: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'session must be 8-64 letters, digits, _ or -'),
    text: z.string().max(2000).default(''),
    payload: z.string().max(100).optional(),
    lang: z.string().max(10).optional(),
    id: z.string().max(64).optional(),
  })
  .refine((m) => m.text.trim() !== '' || m.payload, 'text or payload is required');

function json(req: RouteRequest): unknown {
  try {
    return JSON.parse(req.rawBody.toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

/**
 * The web simulator channel: a page at /simulator and a small JSON API, so anyone can try the
 * flows locally with no provider account. Replies are "delivered" by being in the message log,
 * which the page polls. On by default only where harmless (simulatorMode: no provider channel,
 * loopback HOST); switched on explicitly anywhere else, posting messages is rate limited per client
 * and overall, since every message creates a contact, rows and Redis timers.
 */
export function createWebAdapter(ctx: ChannelContext): ChannelAdapter | null {
  const mode = simulatorMode(ctx.config);
  if (mode === 'off') return null;
  const minute = 60_000;
  const postLimits: RouteLimit[] =
    mode === 'public'
      ? [
          { name: 'simulator-client', per: 'client', max: ctx.config.SIMULATOR_RATE_PER_CLIENT, windowMs: minute },
          { name: 'simulator-total', per: 'everyone', max: ctx.config.SIMULATOR_RATE_TOTAL, windowMs: minute },
        ]
      : [];
  const page = readFileSync(join(__dirname, 'simulator.html'), 'utf8');
  const routes: RouteDef[] = [
    { method: 'GET', path: '/simulator', handler: async () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page }) },
    {
      method: 'GET',
      path: '/simulator/api/info',
      handler: async () => ({
        status: 200,
        body: {
          org: ctx.config.ORG_NAME,
          languages: ctx.translator.languages.map((code) => ({ code, name: ctx.translator.t(code, 'language.native_name'), dir: ctx.translator.dir(code) })),
          // The page's own texts in every shipped language (it shows the picked one, else the browser's).
          defaultLanguage: ctx.translator.defaultLanguage,
          texts: Object.fromEntries(ctx.translator.keywordLanguages.map((code) => [code, ctx.translator.pageTexts(code, 'simulator')])),
          textDirs: Object.fromEntries(ctx.translator.keywordLanguages.map((code) => [code, ctx.translator.dir(code)])),
        },
      }),
    },
    {
      method: 'POST',
      path: '/simulator/api/messages',
      limits: postLimits,
      handler: async (req) => {
        const parsed = postSchema.safeParse(json(req));
        if (!parsed.success) return { status: 400, body: { error: parsed.error.issues.map((i) => i.message).join('; ') } };
        const m = parsed.data;
        const result = await ctx.accept({ channel: 'web', address: m.session, text: m.text, payload: m.payload, localeHint: m.lang, providerId: m.id ?? randomUUID() });
        return { status: 202, body: result };
      },
    },
    {
      method: 'GET',
      path: '/simulator/api/messages',
      handler: async (req) => {
        const session = req.query.session ?? '';
        if (!/^[A-Za-z0-9_-]{8,64}$/.test(session)) return { status: 400, body: { error: 'session is required' } };
        const after = /^\d{1,18}$/.test(req.query.after ?? '') ? req.query.after : '0';
        return { status: 200, body: { messages: await ctx.conversationLog('web', session, after) } };
      },
    },
  ];
  return {
    channel: 'web',
    routes: () => routes,
    // Nothing leaves the machine: the message log is the delivery, and the page reads it.
    send: async () => ({ status: 'delivered' }),
    inlineReplies: true,
  };
}
