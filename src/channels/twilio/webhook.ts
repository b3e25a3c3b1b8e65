/** Reading and verifying Twilio's webhook requests (incoming messages, status callbacks). */
import twilio from 'twilio';
import type { RouteRequest, RouteResponse } from '../../http/route';

/** Webhook parameters; a name Twilio repeats (MediaUrl0.. are distinct, but be safe) becomes an array. */
export type TwilioParams = Record<string, string | string[]>;

/** The empty TwiML answer: "received, nothing to say now" (replies go out through the queue). */
export const EMPTY_TWIML: RouteResponse = {
  status: 200,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
};

function header(req: RouteRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The form parameters of a webhook, or null when the body is not form-encoded. Twilio always
 * posts `application/x-www-form-urlencoded` (https://www.twilio.com/docs/usage/webhooks/webhooks-overview).
 */
export function parseTwilioForm(req: RouteRequest): TwilioParams | null {
  const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const params: TwilioParams = {};
  for (const [key, value] of new URLSearchParams(req.rawBody.toString('utf8'))) {
    const seen = params[key];
    if (seen === undefined) params[key] = value;
    else params[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** One parameter as a string (the first, if repeated); undefined when absent. */
export function param(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The URL Twilio signed: the one configured in its console. That is PUBLIC_URL plus the path and
 * query as received (behind a proxy the server's own host and scheme differ from what Twilio
 * called). Without PUBLIC_URL, the proxy's X-Forwarded-Proto/-Host or the Host header stand in.
 */
export function webhookUrl(req: RouteRequest, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '')}${req.url}`;
  const proto = (header(req, 'x-forwarded-proto') ?? 'http').split(',')[0].trim();
  const host = (header(req, 'x-forwarded-host') ?? header(req, 'host') ?? 'localhost').split(',')[0].trim();
  return `${proto}://${host}${req.url}`;
}

/**
 * True when X-Twilio-Signature is Twilio's HMAC of `url` and every parameter received (Twilio
 * adds parameters without notice, so all of them count), checked by the SDK's validateRequest.
 */
export function isSignedByTwilio(req: RouteRequest, params: TwilioParams, authToken: string, url: string): boolean {
  const signature = header(req, 'x-twilio-signature');
  if (!signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    return false; // a URL that does not parse cannot have been signed
  }
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
/** The answer to a webhook whose signature is missing or wrong. */
export const FORBIDDEN: RouteResponse = { status: 403, headers: TEXT, body: 'invalid signature' };
/** The answer to a signed webhook whose content is wrong, saying what. */
export const badRequest = (why: string): RouteResponse => ({ status: 400, headers: TEXT, body: why });

/**
 * Parses and authenticates a webhook: its params, or the answer to give instead. The signature is
 * checked before the content is judged, so an unsigned caller learns nothing; `refused` is told of
 * a refusal (the channel logs it).
 */
export function verifiedTwilioWebhook(req: RouteRequest, authToken: string, publicUrl: string | undefined, refused: () => void): TwilioParams | RouteResponse {
  const params = parseTwilioForm(req);
  if (!isSignedByTwilio(req, params ?? {}, authToken, webhookUrl(req, publicUrl))) {
    refused();
    return FORBIDDEN;
  }
  return params ?? badRequest('expected an application/x-www-form-urlencoded body');
}

/** True when `verifiedTwilioWebhook` gave an answer rather than params. */
export const isRouteResponse = (v: TwilioParams | RouteResponse): v is RouteResponse => typeof (v as RouteResponse).status === 'number';
