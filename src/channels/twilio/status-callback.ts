/**
 * A Twilio status callback (SMS and WhatsApp alike): the message's sid, its status and the error
 * code, read from verified params. A callback without a sid, or with a status Twilio does not
 * document, gets a 400 and nothing is written (issue #13).
 */
import type { RouteResponse } from '../../http/route';
import { badRequest, param, type TwilioParams } from './webhook';

/** A Twilio sid: two letters and 32 hex digits (SM…, MM…); a little slack on the length. */
export const SID = /^[A-Z]{2}[0-9a-fA-F]{16,40}$/;

/** Every MessageStatus Twilio documents for a message (the Message resource's status values). */
const STATUSES: ReadonlySet<string> = new Set(['queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'accepted', 'scheduled', 'read', 'partially_delivered', 'canceled']);

export interface StatusCallback {
  sid: string;
  /** Lower case, one of Twilio's. */
  status: string;
  errorCode: string | null;
  /** 'undelivered' or 'failed'. */
  failed: boolean;
}

/** The callback's fields, or the 400 to answer. */
export function readStatusCallback(params: TwilioParams): { ok: true; callback: StatusCallback } | { ok: false; response: RouteResponse } {
  const sid = param(params, 'MessageSid') ?? param(params, 'SmsSid');
  const status = (param(params, 'MessageStatus') ?? param(params, 'SmsStatus'))?.toLowerCase();
  if (!sid || !SID.test(sid)) return { ok: false, response: badRequest('MessageSid is required') };
  if (!status) return { ok: false, response: badRequest('MessageStatus is required') };
  if (!STATUSES.has(status)) return { ok: false, response: badRequest('MessageStatus is not one Twilio sends') };
  const errorCode = param(params, 'ErrorCode')?.trim() || null;
  return { ok: true, callback: { sid, status, errorCode, failed: status === 'undelivered' || status === 'failed' } };
}
