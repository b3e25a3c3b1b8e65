import RestException from 'twilio/lib/base/RestException';
import { SendError } from '../../../src/channels/errors';
import { DEFAULT_RETRY_AFTER_MS, parseRetryAfter, sendErrorFromTwilio } from '../../../src/channels/twilio/send-error';
import { smsLimiter } from '../../../src/channels/sms/sms-adapter';
import { createTwilioClient, withResponseHeaders } from '../../../src/channels/twilio/twilio-client';
import { startFakeTwilio, type FakeTwilio } from '../../helpers/fake-twilio';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'send-error-token';

function rest(status: number, code?: number): RestException {
  return new RestException({ statusCode: status, body: code === undefined ? '' : { code, message: `error ${code}` } });
}

describe('sendErrorFromTwilio: one mapping from a failed messages.create to a SendError', () => {
  it.each([
    // name, error, headers, code, retryable, providerCode, retryAfterMs
    ['429 with Retry-After seconds → throttled', rest(429, 20429), { 'retry-after': '3' }, 'throttled', true, 20429, 3000],
    ['429 without Retry-After → throttled, default wait', rest(429, 20429), undefined, 'throttled', true, 20429, DEFAULT_RETRY_AFTER_MS],
    ['429 with an absurd Retry-After → capped at 5 min', rest(429), { 'Retry-After': '86400' }, 'throttled', true, 429, 300_000],
    ['500 → retry', rest(500, 20500), undefined, 'retry', true, 20500, undefined],
    ['503 without a JSON body → retry', rest(503), undefined, 'retry', true, 503, undefined],
    ['21610 unsubscribed → opted_out', rest(400, 21610), undefined, 'opted_out', false, 21610, undefined],
    ['21211 invalid To → unreachable', rest(400, 21211), undefined, 'unreachable', false, 21211, undefined],
    ['21614 not a mobile number → unreachable', rest(400, 21614), undefined, 'unreachable', false, 21614, undefined],
    ['21612 not reachable via SMS → unreachable', rest(400, 21612), undefined, 'unreachable', false, 21612, undefined],
    ['21408 region not enabled (our account) → rejected', rest(400, 21408), undefined, 'rejected', false, 21408, undefined],
    ['401 bad credentials → rejected', rest(401, 20003), undefined, 'rejected', false, 20003, undefined],
    ['network failure → retry', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), undefined, 'retry', true, 'ECONNREFUSED', undefined],
  ])('%s', (_name, error, headers, code, retryable, providerCode, retryAfterMs) => {
    const mapped = sendErrorFromTwilio(error, headers as Record<string, unknown> | undefined);
    expect(mapped).toBeInstanceOf(SendError);
    expect(mapped.code).toBe(code);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.details.providerCode).toBe(providerCode);
    expect(mapped.details.retryAfterMs).toBe(retryAfterMs);
  });

  it.each([
    ['2', 2000],
    ['0.5', 500],
    [' 10 ', 10_000],
    ['Wed, 21 Oct 2026 07:28:10 GMT', 10_000],
    ['soon', undefined],
    [undefined, undefined],
  ])('reads Retry-After %p as %p ms', (value, ms) => {
    expect(parseRetryAfter(value, new Date('2026-10-21T07:28:00Z'))).toBe(ms);
  });
});

describe('the real SDK against the fake: RestException and the 429 Retry-After header reach the mapping', () => {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it.each([
    ['429 + Retry-After: 2', { status: 429, retryAfter: 2 }, 'throttled', 2000],
    ['21610', { status: 400, code: 21610 }, 'opted_out', undefined],
    ['500', { status: 500 }, 'retry', undefined],
  ])('%s', async (_name, failure, code, retryAfterMs) => {
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: fake.url });
    fake.fail(failure);
    const { error, headers } = await withResponseHeaders(() => client.messages.create({ to: '+12125550123', from: '+15005550006', body: 'hi' }));
    expect(error).toBeInstanceOf(RestException);
    const mapped = sendErrorFromTwilio(error, headers);
    expect(mapped.code).toBe(code);
    expect(mapped.details.retryAfterMs).toBe(retryAfterMs);
  });

  it('an unreachable API is a network failure → retry', async () => {
    const closed = await startFakeTwilio();
    await closed.close();
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: closed.url, timeoutMs: 2000 });
    const { error } = await withResponseHeaders(() => client.messages.create({ to: '+12125550123', from: '+15005550006', body: 'hi' }));
    expect(sendErrorFromTwilio(error).code).toBe('retry');
  });
});

describe('smsLimiter: TWILIO_MPS as BullMQ pacing', () => {
  it.each([
    [1, { max: 1, duration: 1000 }],
    [3, { max: 3, duration: 1000 }],
    [2.5, { max: 2, duration: 1000 }],
    [0.5, { max: 1, duration: 2000 }],
  ])('%p messages/second → %p', (mps, limiter) => {
    expect(smsLimiter(mps)).toEqual(limiter);
  });
});
