/**
 * WhatsApp through Twilio: an incoming-message webhook, a status-callback webhook (delivered and
 * read), and sending with the twilio SDK from the paced outbound queue: free text within 24 hours
 * of the person's last message, an approved template (Content API) otherwise, never free text
 * outside the window. See docs/channels/whatsapp.md.
 */
import { maskPhone } from '../../lib/phone';
import type { RouteDef, RouteRequest, RouteResponse } from '../../http/route';
import type { OutboundMessage } from '../../engine/types';
import { SendError } from '../errors';
import { renderAsText } from '../render-text';
import { quietHoursDeferral } from '../twilio/defer';
import { readStatusCallback } from '../twilio/status-callback';
import { createTwilioClient, withResponseHeaders } from '../twilio/twilio-client';
import { badRequest, EMPTY_TWIML, isRouteResponse, param, verifiedTwilioWebhook, type TwilioParams } from '../twilio/webhook';
import type { ChannelAdapter, ChannelContext, SendTarget } from '../types';
import { parseInbound, twimlMessage, WHATSAPP_PREFIX } from './inbound';
import { OUTSIDE_WINDOW, sendErrorFromWhatsApp, twilioCode, WHATSAPP_UNREACHABLE } from './send-error';
import { contentVariables, loadTemplates, type WhatsAppTemplate } from './templates';
import { windowOpen, windowStore } from './window';

/** Where Twilio posts incoming WhatsApp messages and their delivery and read reports. */
export const WHATSAPP_WEBHOOK_PATH = '/webhooks/twilio/whatsapp';
export const WHATSAPP_STATUS_PATH = '/webhooks/twilio/whatsapp/status';

/** The refusal's code in the message log: outside the window, no template for the key and language. */
export const NO_TEMPLATE = 'whatsapp_no_template';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const OK_EMPTY: RouteResponse = { status: 200, headers: TEXT, body: '' };
/** How long a free-text send is remembered, to resend it as its template if Twilio reports 63016 later. */
const SENT_MEMORY_MS = 2 * 24 * 60 * 60_000;

/** BullMQ's limiter from messages per second (a whole number of jobs per window). */
export function whatsappLimiter(mps: number): { max: number; duration: number } {
  return mps >= 1 ? { max: Math.floor(mps), duration: 1000 } : { max: 1, duration: Math.round(1000 / mps) };
}

/** What a free-text send needs to become its template (kept per Twilio sid). */
interface SentFreeText {
  address: string;
  language: string;
  key?: string;
  vars?: Record<string, string | number>;
}

/**
 * The WhatsApp channel, on when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a WhatsApp sender
 * (TWILIO_WHATSAPP_FROM = whatsapp:+1..., or TWILIO_WHATSAPP_MESSAGING_SERVICE_SID) are set; null
 * otherwise. The templates file is read once, here: a malformed one stops the start.
 */
export function createWhatsAppAdapter(ctx: ChannelContext): ChannelAdapter | null {
  const { config, log } = ctx;
  const accountSid = config.TWILIO_ACCOUNT_SID;
  const authToken = config.TWILIO_AUTH_TOKEN;
  const service = config.TWILIO_WHATSAPP_MESSAGING_SERVICE_SID;
  const rawFrom = config.TWILIO_WHATSAPP_FROM;
  if (!accountSid || !authToken || (!rawFrom && !service)) return null;
  const from = rawFrom && !rawFrom.toLowerCase().startsWith(WHATSAPP_PREFIX) ? `${WHATSAPP_PREFIX}${rawFrom}` : rawFrom;
  const templates = loadTemplates(config.WHATSAPP_TEMPLATES);
  const client = createTwilioClient({ accountSid, authToken, apiUrl: config.TWILIO_API_URL });
  const statusCallback = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}${WHATSAPP_STATUS_PATH}` : undefined;
  const deferUntil = quietHoursDeferral({ start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END }, config.DEFAULT_TIMEZONE);
  const window = windowStore(ctx.redis, ctx.keyPrefix);
  const sentKey = (sid: string) => `${ctx.keyPrefix ?? 'ce'}:wa:sent:${sid}`;
  const memory = new Map<string, string>(); // sentKey → JSON, when there is no Redis (a test of the adapter alone)
  log.info({ templates: templates.size }, 'whatsapp: on');

  /** Parses and authenticates a webhook: the params, or the answer to give instead. */
  const verified = (req: RouteRequest): TwilioParams | RouteResponse =>
    verifiedTwilioWebhook(req, authToken, config.PUBLIC_URL, () => log.warn({ route: req.url.split('?')[0] }, 'twilio whatsapp webhook with a missing or wrong signature refused'));
  const isResponse = isRouteResponse;

  /**
   * When `address` last wrote: Redis, else the message log, whose answer is then kept in Redis
   * (as the epoch for "never"), so a campaign to thousands reads each person's log at most once a day.
   */
  const lastReceived = async (address: string): Promise<Date | null> => {
    const known = await window.lastReceived(address);
    if (known) return known.getTime() > 1 ? known : null;
    const log = await ctx.conversationLog('whatsapp', address);
    const last = log.filter((m) => m.direction === 'in').at(-1);
    const at = last ? new Date(last.at) : null;
    await window.received(address, at ?? new Date(1));
    return at;
  };

  /** An incoming message (on its own route, or handed over by the SMS webhook it reached). */
  const receive = async (req: RouteRequest): Promise<RouteResponse> => {
    const params = verified(req);
    if (isResponse(params)) return params;
    const m = parseInbound(params);
    if (!m.ok) return badRequest(m.why);
    // Noted before the message is queued, so the replies it causes see the window open.
    await window.received(m.address, ctx.now());
    if (m.textless) {
      // A photo, voice note or location with no words: the assistant reads text, and says so
      // once, in their language (unless they opted out: then nothing).
      const who = await ctx.recipient?.('whatsapp', m.address);
      log.debug({ channel: 'whatsapp', sid: m.sid, sender: maskPhone(m.address), media: m.media }, 'whatsapp message without text');
      if (who?.optedOut) return EMPTY_TWIML;
      const language = who?.language && ctx.translator.languages.includes(who.language) ? who.language : ctx.translator.defaultLanguage;
      return { ...EMPTY_TWIML, body: twimlMessage(ctx.translator.t(language, 'system.text_only')) };
    }
    const result = await ctx.accept({
      channel: 'whatsapp',
      address: m.address,
      text: m.text,
      providerId: m.sid,
      ...(m.payload ? { payload: m.payload } : {}),
      ...(m.displayName ? { displayName: m.displayName } : {}),
    });
    log.debug({ channel: 'whatsapp', sid: m.sid, sender: maskPhone(m.address), result: result.status, media: m.media }, 'whatsapp received');
    return EMPTY_TWIML;
  };

  /** One Messages request; the sid and status, or the SendError. */
  const create = async (to: string, content: { body: string } | { contentSid: string; contentVariables: string }) => {
    const { result, error, headers } = await withResponseHeaders(() =>
      client.messages.create({
        to: `${WHATSAPP_PREFIX}${to}`,
        ...content,
        ...(service ? { messagingServiceSid: service } : { from: from! }),
        ...(statusCallback ? { statusCallback } : {}),
      }),
    );
    if (error || !result) return { error, headers };
    return { sid: result.sid, status: result.status };
  };

  const sendTemplate = async (target: Pick<SendTarget, 'address'>, template: WhatsAppTemplate, vars: OutboundMessage['vars']) => {
    const sent = await create(target.address, { contentSid: template.sid, contentVariables: contentVariables(template, vars) });
    if (!sent.sid) throw sendErrorFromWhatsApp(sent.error, sent.headers, ctx.now());
    return { providerId: sent.sid, status: sent.status };
  };

  const remember = async (sid: string, what: SentFreeText) => {
    const value = JSON.stringify(what);
    if (ctx.redis) await ctx.redis.set(sentKey(sid), value, 'PX', SENT_MEMORY_MS);
    else memory.set(sentKey(sid), value);
  };
  const recall = async (sid: string): Promise<SentFreeText | null> => {
    const value = ctx.redis ? await ctx.redis.get(sentKey(sid)) : memory.get(sentKey(sid));
    return value ? (JSON.parse(value) as SentFreeText) : null;
  };

  const routes: RouteDef[] = [
    { method: 'POST', path: WHATSAPP_WEBHOOK_PATH, handler: receive },
    {
      method: 'POST',
      path: WHATSAPP_STATUS_PATH,
      handler: async (req) => {
        const params = verified(req);
        if (isResponse(params)) return params;
        const parsed = readStatusCallback(params);
        if (!parsed.ok) return parsed.response;
        const { sid, status, errorCode, failed } = parsed.callback;
        const unreachable = failed && !!errorCode && Boolean(WHATSAPP_UNREACHABLE[Number(errorCode)]);
        const found = await ctx.updateDeliveryStatus('whatsapp', sid, status, errorCode, { unreachable });
        if (!found) log.debug({ channel: 'whatsapp', sid, status }, 'status callback for an unknown message');
        // Twilio usually reports the closed window here rather than on the request: the free text
        // is resent as its template when there is one (the log keeps the first send as failed 63016).
        if (failed && errorCode === String(OUTSIDE_WINDOW)) await resendAsTemplate(sid);
        return OK_EMPTY;
      },
    },
  ];

  /** After a 63016 report: the remembered free text goes again as its template, if it has one. */
  const resendAsTemplate = async (sid: string) => {
    const sent = await recall(sid);
    const template = sent && templates.find(sent.key, sent.language);
    if (!sent || !template) {
      log.warn({ channel: 'whatsapp', sid, key: sent?.key }, 'whatsapp free text refused outside the 24-hour window (63016), and no approved template for it: not resent');
      return;
    }
    try {
      const again = await sendTemplate(sent, template, sent.vars);
      log.info({ channel: 'whatsapp', sid, resent: again.providerId, key: sent.key, language: sent.language }, 'whatsapp free text refused outside the window (63016): resent as its template');
    } catch (err) {
      log.warn({ channel: 'whatsapp', sid, err: (err as Error).message }, 'whatsapp template resend after 63016 failed');
    }
  };

  return {
    channel: 'whatsapp',
    routes: () => routes,
    receive,
    limiter: whatsappLimiter(config.TWILIO_WHATSAPP_MPS),
    deferUntil,
    // As SMS: Twilio's API, one call (a template resend after 63016 is a second), timed out at 15 s.
    inlineReplies: true,
    campaignProblems(steps) {
      const problems: string[] = [];
      for (const step of steps) {
        const missing = step.languages.filter((language) => !templates.find(step.key, language));
        if (!missing.length) continue;
        problems.push(
          step.key
            ? `step ${step.step} (${step.key}): WhatsApp has no approved template for ${missing.join(', ')} in ${config.WHATSAPP_TEMPLATES}; outside the 24-hour window WhatsApp takes only templates, and free text is never sent instead`
            : `step ${step.step}: a text written in the campaign cannot go to WhatsApp, which takes only approved templates outside the 24-hour window: use a message key with a template in ${config.WHATSAPP_TEMPLATES}`,
        );
      }
      return problems;
    },
    async send(target, message) {
      const now = ctx.now();
      const open = windowOpen(await lastReceived(target.address), now);
      const template = templates.find(message.key, target.language);
      if (!open) {
        if (!template) {
          throw new SendError('rejected', `not sent: outside WhatsApp's 24-hour window, and no approved template for ${message.key ?? 'this text'} in ${target.language} (${config.WHATSAPP_TEMPLATES}); free text is never sent instead`, { providerCode: NO_TEMPLATE });
        }
        return sendTemplate(target, template, message.vars);
      }
      // Within the window: the choices as the template's quick-reply buttons where one is set up.
      if (template && message.choices?.length) return sendTemplate(target, template, message.vars);
      const sent = await create(target.address, { body: renderAsText(message) });
      if (!sent.sid) {
        // Our window mark was wrong (Twilio's clock decides): the template instead, when there is one.
        if (twilioCode(sent.error) === OUTSIDE_WINDOW && template) return sendTemplate(target, template, message.vars);
        throw sendErrorFromWhatsApp(sent.error, sent.headers, now);
      }
      await remember(sent.sid, { address: target.address, language: target.language, ...(message.key ? { key: message.key } : {}), ...(message.vars ? { vars: message.vars } : {}) });
      // Masking the number (libphonenumber) only when the line is written: it is per message.
      if (log.isLevelEnabled('debug')) log.debug({ channel: 'whatsapp', sid: sent.sid, recipient: maskPhone(target.address), key: message.key }, 'whatsapp sent');
      return { providerId: sent.sid, status: sent.status };
    },
    async findSent(target, message, since) {
      const body = renderAsText(message);
      const { result, error, headers } = await withResponseHeaders(() => client.messages.list({ to: `${WHATSAPP_PREFIX}${target.address}`, ...(service ? {} : { from: from! }), limit: 20 }));
      if (error || !result) throw sendErrorFromWhatsApp(error, headers);
      // A template's body is Twilio's rendering, which we cannot predict: only free text is found.
      const hit = result.find((m) => m.body === body && m.dateCreated && m.dateCreated.getTime() >= since.getTime() - 60_000);
      return hit ? { providerId: hit.sid, status: hit.status } : null;
    },
  };
}
