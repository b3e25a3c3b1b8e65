/**
 * The SMS stand-in of a campaign rehearsal: on an install with no SMS provider, a campaign can be
 * launched as a rehearsal, and its SMS messages go through the whole pipeline (consent, quiet
 * hours, pacing, rendering, the ledger and the message log) to this adapter, which records instead
 * of sending: deliver() stores the message as 'rehearsed' with its exact text. Not a channel of its
 * own (no registry entry, no routes); the campaigns feature routes rehearsal sends to it
 * (src/campaigns/rehearsal.ts), and deliver() refuses a rehearsal message on any other adapter and
 * any other message on this one, so a rehearsal can never reach a phone and a real message can
 * never be swallowed by a rehearsal.
 */
import type { Config } from '../../config';
import { quietHoursDeferral } from '../twilio/defer';
import { smsLimiter } from '../twilio/limiter';
import type { ChannelAdapter } from '../types';

/** The message status a rehearsal records (never 'sent': no figure of real sends counts it). */
export const REHEARSED_STATUS = 'rehearsed';

/** Whether any SMS provider setting is present: then there is no stand-in, whatever else is missing. */
export function smsProviderConfigured(config: Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM' | 'TWILIO_MESSAGING_SERVICE_SID'>): boolean {
  return Boolean(config.TWILIO_ACCOUNT_SID || config.TWILIO_AUTH_TOKEN || config.TWILIO_FROM || config.TWILIO_MESSAGING_SERVICE_SID);
}

/**
 * The stand-in, or null when any Twilio setting is present (even a half configuration that leaves
 * SMS off): a rehearsal exists only where nothing could be sent for real.
 */
export function createRehearsalStandIn(config: Config): ChannelAdapter | null {
  if (smsProviderConfigured(config)) return null;
  let n = 0;
  return {
    channel: 'sms',
    rehearsal: true,
    routes: () => [],
    // The same pacing and sending hours as the SMS channel, so a rehearsal takes the time the launch would.
    limiter: smsLimiter(config.TWILIO_MPS),
    deferUntil: quietHoursDeferral({ start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END }, config.DEFAULT_TIMEZONE),
    async send() {
      n += 1;
      return { providerId: `rehearsal-${Date.now().toString(36)}-${n}`, status: REHEARSED_STATUS };
    },
  };
}
