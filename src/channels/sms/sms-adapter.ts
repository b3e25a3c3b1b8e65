/**
 * The SMS channel, through Twilio: an incoming-message webhook, a status-callback webhook, and
 * sending with the twilio SDK from the paced outbound queue. See docs/channels/sms.md.
 */
import { classifyGlobal } from '../../engine/keywords';
import type { MessageIntent } from '../../engine/types';
import { renderAsText } from '../render-text';
import type { ChannelAdapter, ChannelContext } from '../types';
import type { RouteDef, RouteRequest, RouteResponse } from '../../http/route';
import { quietHoursDeferral } from '../twilio/defer';
import { maskPhone, normalizePhone } from '../../lib/phone';
import { countSegments } from '../../lib/sms-segments';
import { smsLimiter } from '../twilio/limiter';
import { SID, readStatusCallback } from '../twilio/status-callback';
import { sendErrorFromTwilio } from '../twilio/send-error';
import { createTwilioClient, withResponseHeaders } from '../twilio/twilio-client';
import { badRequest, EMPTY_TWIML, isRouteResponse, param, verifiedTwilioWebhook, type TwilioParams } from '../twilio/webhook';

/** Where Twilio posts incoming messages and delivery reports (set these in the Twilio console). */
export const SMS_WEBHOOK_PATH = '/webhooks/twilio/sms';
export const SMS_STATUS_PATH = '/webhooks/twilio/status';

const OK_EMPTY: RouteResponse = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' };


/** Delivery errors that mean the number can never get an SMS: 30005 unknown or inactive number, 30006 landline or unreachable carrier. */
const UNREACHABLE_DELIVERY_CODES = new Set(['30005', '30006']);
/** E.164 as Twilio writes it, for a number our phone metadata does not know yet. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** Pacing from TWILIO_MPS: in the Twilio kit, shared with the rehearsal stand-in. */
export { smsLimiter };

/**
 * What Twilio's Advanced Opt-Out already decided (OptOutType, sent only for a Messaging Service
 * with Advanced Opt-Out on). Twilio blocks or unblocks the number whatever we do, so when our
 * keyword lists read the message differently (a word configured only in Twilio), Twilio's verdict
 * is passed on as the intent, keeping our consent ledger in step with Twilio's block list.
 */
function optOutIntent(params: TwilioParams, text: string, ctx: ChannelContext): MessageIntent | undefined {
  const type = param(params, 'OptOutType')?.toUpperCase();
  const keyword = type === 'STOP' ? 'stop' : type === 'START' ? 'start' : undefined;
  if (!keyword) return undefined; // HELP: Twilio answered already; our own help text is harmless
  return classifyGlobal(text, ctx.translator)?.keyword === keyword ? undefined : { keyword };
}

/**
 * The SMS channel, on when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sender (TWILIO_FROM or
 * TWILIO_MESSAGING_SERVICE_SID) are set; null otherwise. Webhooks answer only after ctx.accept()
 * has stored and queued the message, so a 200 means "durably received"; if the store is down the
 * error propagates and the HTTP layer answers 503.
 */
export function createSmsAdapter(ctx: ChannelContext): ChannelAdapter | null {
  const { config, log } = ctx;
  const accountSid = config.TWILIO_ACCOUNT_SID;
  const authToken = config.TWILIO_AUTH_TOKEN;
  if (!accountSid || !authToken) return null;
  const from = config.TWILIO_FROM;
  const service = config.TWILIO_MESSAGING_SERVICE_SID;
  if (!from && !service) {
    log.warn('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set but neither TWILIO_FROM nor TWILIO_MESSAGING_SERVICE_SID: SMS is off');
    return null;
  }
  if (!config.PUBLIC_URL) {
    log.warn('PUBLIC_URL is not set: Twilio signatures are checked against the Host/X-Forwarded-* headers and no delivery reports are requested');
  }
  const client = createTwilioClient({ accountSid, authToken, apiUrl: config.TWILIO_API_URL });
  const statusCallback = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}${SMS_STATUS_PATH}` : undefined;
  const deferUntil = quietHoursDeferral({ start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END }, config.DEFAULT_TIMEZONE);

  /** Parses and authenticates a webhook: the params, or the answer to give instead. */
  const verified = (req: RouteRequest): TwilioParams | RouteResponse =>
    verifiedTwilioWebhook(req, authToken, config.PUBLIC_URL, () => log.warn({ route: req.url.split('?')[0] }, 'twilio webhook with a missing or wrong signature refused'));
  const isResponse = isRouteResponse;

  const routes: RouteDef[] = [
    {
      method: 'POST',
      path: SMS_WEBHOOK_PATH,
      handler: async (req) => {
        const params = verified(req);
        if (isResponse(params)) return params;
        const sid = param(params, 'MessageSid') ?? param(params, 'SmsSid');
        const rawFrom = param(params, 'From')?.trim();
        if (!sid || !SID.test(sid)) return badRequest('MessageSid is required');
        if (!rawFrom) return badRequest('From is required');
        // `whatsapp:+1...` (a Messaging Service posts every channel to one URL) is another channel's
        // message: handed to it when it is on, otherwise dropped; never answered by SMS.
        const scheme = /^([a-z][a-z0-9-]*):/i.exec(rawFrom)?.[1].toLowerCase();
        if (scheme && scheme !== 'tel') {
          const adapter = ctx.adapterForScheme?.(scheme);
          if (adapter?.receive) return adapter.receive(req);
          log.warn({ channel: 'sms', sid, scheme }, `a ${scheme}: message reached the SMS webhook and that channel is not on here: not answered (see docs/channels/whatsapp.md)`);
          return EMPTY_TWIML;
        }
        // Twilio sends E.164; the metadata check may lag behind newly opened number ranges, and a
        // person should not go unheard for that, so a well-formed E.164 is kept as it came.
        const address = normalizePhone(rawFrom) ?? (E164.test(rawFrom) ? rawFrom : null);
        if (!address) return badRequest('From is not a phone number');
        const text = param(params, 'Body') ?? '';
        const intent = optOutIntent(params, text, ctx);
        const result = await ctx.accept({ channel: 'sms', address, text, providerId: sid, ...(intent ? { intent } : {}) });
        // Built only when it is written (debug is off in production): no number parsed per message for nothing.
        if (log.isLevelEnabled('debug')) log.debug({ channel: 'sms', sid, sender: maskPhone(address), result: result.status, media: Number(param(params, 'NumMedia') ?? 0) }, 'sms received');
        return EMPTY_TWIML;
      },
    },
    {
      method: 'POST',
      path: SMS_STATUS_PATH,
      handler: async (req) => {
        const params = verified(req);
        if (isResponse(params)) return params;
        const parsed = readStatusCallback(params);
        if (!parsed.ok) return parsed.response;
        const { sid, status, errorCode, failed } = parsed.callback;
        const unreachable = failed && !!errorCode && UNREACHABLE_DELIVERY_CODES.has(errorCode);
        const found = await ctx.updateDeliveryStatus('sms', sid, status, errorCode, { unreachable });
        // Unknown sids are normal (a message sent from the console, or the callback outran our
        // own write of the sid): acknowledge anyway, Twilio has nothing better to do with an error.
        if (!found) log.debug({ channel: 'sms', sid, status }, 'status callback for an unknown message');
        return OK_EMPTY;
      },
    },
  ];

  return {
    channel: 'sms',
    routes: () => routes,
    limiter: smsLimiter(config.TWILIO_MPS),
    deferUntil,
    // One API call, timed out at 15 s (createTwilioClient): replies go from the runner's job.
    inlineReplies: true,
    async send(target, message) {
      const body = renderAsText(message);
      const { result, error, headers } = await withResponseHeaders(() =>
        client.messages.create({
          to: target.address,
          body,
          ...(service ? { messagingServiceSid: service } : { from: from! }),
          ...(statusCallback ? { statusCallback } : {}),
        }),
      );
      if (error || !result) throw sendErrorFromTwilio(error, headers);
      // Each segment is billed: the count is logged so costs can be followed per message key. Only
      // worked out when debug lines are written: masking the number (libphonenumber) and counting
      // segments cost ~75 µs a message, 5% of a campaign worker's CPU (npm run bench -- --only fanout).
      if (log.isLevelEnabled('debug')) {
        const { segments, encoding } = countSegments(body);
        log.debug({ channel: 'sms', sid: result.sid, recipient: maskPhone(target.address), key: message.key, segments, encoding, twilioSegments: Number(result.numSegments) }, 'sms sent');
      }
      return { providerId: result.sid, status: result.status };
    },
    async findSent(target, message, since) {
      const body = renderAsText(message);
      // Newest first; queued messages have no date_sent yet, so match on creation time and body.
      const { result, error, headers } = await withResponseHeaders(() => client.messages.list({ to: target.address, ...(service ? {} : { from: from! }), limit: 20 }));
      if (error || !result) throw sendErrorFromTwilio(error, headers);
      const hit = result.find((m) => m.body === body && m.dateCreated && m.dateCreated.getTime() >= since.getTime() - 60_000);
      return hit ? { providerId: hit.sid, status: hit.status } : null;
    },
  };
}
