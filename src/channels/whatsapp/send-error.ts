/** Twilio's WhatsApp error codes, mapped to the project's SendError codes (the rest as for SMS). */
import { SendError } from '../errors';
import { sendErrorFromTwilio } from '../twilio/send-error';

/** "Failed to send freeform message because you are outside the allowed window" (https://www.twilio.com/docs/api/errors/63016). */
export const OUTSIDE_WINDOW = 63016;

/** Codes that mean this address cannot get WhatsApp messages from us (https://www.twilio.com/docs/api/errors). */
export const WHATSAPP_UNREACHABLE: Record<number, string> = {
  // "Channel could not find To address": the number has no WhatsApp account.
  63003: 'the number has no WhatsApp account',
  // "Invalid message recipient": not a WhatsApp user, or it cannot receive from this sender.
  63024: 'invalid WhatsApp recipient',
};

/** "Rate limit exceeded" for the sender or the recipient (https://www.twilio.com/docs/api/errors/63018). */
const RATE_LIMITED = 63018;

/** The Twilio code of a failed request, when it was Twilio's answer. */
export function twilioCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The one mapping from a failed WhatsApp send to a SendError: 63003 and 63024 → 'unreachable',
 * 63018 → 'throttled', 63016 → 'rejected' (what to do instead, a template, is the caller's:
 * src/channels/whatsapp/whatsapp-adapter.ts); 21610, 429, 5xx and the rest as for SMS.
 */
export function sendErrorFromWhatsApp(err: unknown, headers?: Record<string, unknown>, now: Date = new Date()): SendError {
  const code = twilioCode(err);
  const status = (err as { status?: number } | null)?.status;
  const text = `twilio ${status ?? ''} ${code ?? ''}: ${(err as Error | null)?.message ?? String(err)}`.replace(/\s+/g, ' ');
  if (code !== undefined && WHATSAPP_UNREACHABLE[code]) return new SendError('unreachable', `${text} (${WHATSAPP_UNREACHABLE[code]})`, { status, providerCode: code });
  if (code === RATE_LIMITED) return new SendError('throttled', text, { status, providerCode: code, retryAfterMs: 1000 });
  if (code === OUTSIDE_WINDOW) return new SendError('rejected', `${text} (outside the 24-hour window, and no approved template for this message and language)`, { status, providerCode: code });
  return sendErrorFromTwilio(err, headers, now);
}
