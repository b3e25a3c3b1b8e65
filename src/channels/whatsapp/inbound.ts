/** Reading Twilio's incoming WhatsApp message webhook: who wrote, what they wrote, what it carried. */
import { normalizePhone } from '../../lib/phone';
import { SID } from '../twilio/status-callback';
import { param, type TwilioParams } from '../twilio/webhook';

/** E.164 as Twilio writes it, for a number our phone metadata does not know yet. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** The scheme Twilio writes before WhatsApp addresses: `whatsapp:+14155550123`. */
export const WHATSAPP_PREFIX = 'whatsapp:';

/** An incoming WhatsApp message, read; or why it cannot be. */
export type ParsedInbound =
  | {
      ok: true;
      sid: string;
      /** The sender's number, E.164 without the `whatsapp:` prefix (the identity's address). */
      address: string;
      /** What they wrote: the Body (a photo's caption too), or a quick-reply button's text. */
      text: string;
      /** A quick-reply button's id (ButtonPayload): the choice's value. */
      payload?: string;
      /** Their WhatsApp profile name, when Twilio gives it. */
      displayName?: string;
      /** Media, a location or a contact card came without any text. */
      textless: boolean;
      media: number;
    }
  | { ok: false; why: string };

/**
 * Reads the parameters Twilio posts for a WhatsApp message
 * (https://www.twilio.com/docs/messaging/guides/webhook-request): From is `whatsapp:+E.164`; a
 * photo with a caption has Body and NumMedia > 0 (the caption is the text); a quick-reply press
 * has ButtonPayload and ButtonText.
 */
export function parseInbound(params: TwilioParams): ParsedInbound {
  const sid = param(params, 'MessageSid') ?? param(params, 'SmsSid');
  if (!sid || !SID.test(sid)) return { ok: false, why: 'MessageSid is required' };
  const from = param(params, 'From')?.trim() ?? '';
  if (!from.toLowerCase().startsWith(WHATSAPP_PREFIX)) return { ok: false, why: 'From is not a whatsapp: address' };
  const raw = from.slice(WHATSAPP_PREFIX.length).trim();
  const address = normalizePhone(raw) ?? (E164.test(raw) ? raw : null);
  if (!address) return { ok: false, why: 'From is not a phone number' };
  const body = param(params, 'Body') ?? '';
  const payload = param(params, 'ButtonPayload')?.trim() || undefined;
  const buttonText = param(params, 'ButtonText') ?? '';
  const text = body.trim() ? body : buttonText;
  const media = Number(param(params, 'NumMedia') ?? 0) || 0;
  const displayName = param(params, 'ProfileName')?.trim() || undefined;
  return { ok: true, sid, address, text, ...(payload ? { payload } : {}), ...(displayName ? { displayName } : {}), textless: !text.trim() && !payload, media };
}

/** The TwiML answer that sends `text` back at once (Twilio delivers it as the reply). */
export function twimlMessage(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escaped}</Message></Response>`;
}
