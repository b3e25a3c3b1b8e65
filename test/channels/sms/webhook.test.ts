import twilio from 'twilio';
import { createSmsAdapter } from '../../../src/channels/sms/sms-adapter';
import { isSignedByTwilio, parseTwilioForm, webhookUrl } from '../../../src/channels/twilio/webhook';
import type { ChannelContext } from '../../../src/channels/types';
import type { RouteRequest } from '../../../src/http/route';
import { loadConfig } from '../../../src/config';
import { createServer } from '../../../src/http/server';
import { Translator } from '../../../src/i18n/translator';
import { createLogger } from '../../../src/log';
import { catalog } from '../../engine/fixtures';

const TOKEN = 'webhook-test-token';

function request(url: string, headers: Record<string, string> = {}, body = ''): RouteRequest {
  return { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, rawBody: Buffer.from(body), query: {} };
}

describe('webhookUrl: the URL Twilio signed', () => {
  it.each([
    ['PUBLIC_URL + path', 'https://engage.example.org', '/webhooks/twilio/sms', {}, 'https://engage.example.org/webhooks/twilio/sms'],
    ['trailing slash on PUBLIC_URL', 'https://engage.example.org/', '/webhooks/twilio/sms', {}, 'https://engage.example.org/webhooks/twilio/sms'],
    ['query string kept', 'https://engage.example.org', '/webhooks/twilio/sms?campaign=fall', {}, 'https://engage.example.org/webhooks/twilio/sms?campaign=fall'],
    ['proxy mounts us under a prefix', 'https://example.org/engage', '/webhooks/twilio/sms', {}, 'https://example.org/engage/webhooks/twilio/sms'],
    ['PUBLIC_URL wins over the Host header', 'https://engage.example.org', '/webhooks/twilio/sms', { host: '127.0.0.1:3000' }, 'https://engage.example.org/webhooks/twilio/sms'],
    ['no PUBLIC_URL: X-Forwarded-Proto/Host', undefined, '/webhooks/twilio/sms', { host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'sms.example.org' }, 'https://sms.example.org/webhooks/twilio/sms'],
    ['no PUBLIC_URL, no proxy: Host', undefined, '/webhooks/twilio/sms', { host: 'localhost:3000' }, 'http://localhost:3000/webhooks/twilio/sms'],
  ])('%s', (_name, publicUrl, url, headers, expected) => {
    expect(webhookUrl(request(url, headers as Record<string, string>), publicUrl)).toBe(expected);
  });
});

describe('isSignedByTwilio', () => {
  const url = 'https://engage.example.org/webhooks/twilio/sms';
  const params = { MessageSid: `SM${'a'.repeat(32)}`, From: '+12125550123', Body: 'Hola  señor ☺' };
  const good = twilio.getExpectedTwilioSignature(TOKEN, url, params);
  it.each([
    ['valid', good, params, url, true],
    ['signed with another token', twilio.getExpectedTwilioSignature('other', url, params), params, url, false],
    ['a parameter changed', good, { ...params, Body: 'Hola' }, url, false],
    ['a parameter added', good, { ...params, Extra: '1' }, url, false],
    ['another URL', good, params, 'http://127.0.0.1:3000/webhooks/twilio/sms', false],
    ['garbage', 'not-a-signature', params, url, false],
  ])('%s', (_name, signature, p, checkedUrl, expected) => {
    expect(isSignedByTwilio(request('/x', { 'x-twilio-signature': signature }), p, TOKEN, checkedUrl)).toBe(expected);
  });

  it('missing header → false', () => {
    expect(isSignedByTwilio(request('/x'), params, TOKEN, url)).toBe(false);
  });

  it('parses the form body it verifies (spaces as + and %20, UTF-8)', () => {
    const parsed = parseTwilioForm(request('/x', {}, 'Body=Hola+se%C3%B1or%20%E2%98%BA&From=%2B12125550123'));
    expect(parsed).toEqual({ Body: 'Hola señor ☺', From: '+12125550123' });
    expect(parseTwilioForm(request('/x', { 'content-type': 'application/json' }, '{}'))).toBeNull();
  });
});

describe('when ctx.accept throws (database or Redis down)', () => {
  it('the handler lets it throw and the HTTP layer answers 503, which Twilio retries', async () => {
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'2'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15005550006',
      PUBLIC_URL: 'https://engage.example.org',
      LOG_LEVEL: 'silent',
    });
    const log = createLogger('silent');
    const ctx: ChannelContext = {
      config,
      log,
      now: () => new Date(),
      translator: new Translator({ languages: ['en', 'es'], catalog, files: {} }, 'en'),
      accept: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
      updateDeliveryStatus: async () => false,
      conversationLog: async () => [],
    };
    const adapter = createSmsAdapter(ctx)!;
    const server = await createServer({ routes: adapter.routes(), health: [], log });
    try {
      const params = { MessageSid: `SM${'b'.repeat(32)}`, From: '+12125550123', To: '+15005550006', Body: 'hi' };
      // A real socket: fastify's inject() pulls in an ESM-only module jest cannot load here.
      const base = await server.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${base}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, 'https://engage.example.org/webhooks/twilio/sms', params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(res.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
