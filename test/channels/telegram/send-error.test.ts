import { GrammyError, HttpError } from 'grammy';
import { errorFromTelegram } from '../../../src/channels/telegram/send-error';

describe('errorFromTelegram', () => {
  const grammy = (error_code: number, description: string, parameters = {}) =>
    new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});
  it.each([
    [grammy(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), 'throttled', 7000],
    [grammy(403, 'Forbidden: bot was blocked by the user'), 'opted_out', undefined],
    [grammy(403, 'Forbidden: user is deactivated'), 'unreachable', undefined],
    [grammy(400, 'Bad Request: chat not found'), 'rejected', undefined],
    [grammy(500, 'Internal Server Error'), 'retry', undefined],
    [grammy(502, 'Bad Gateway'), 'retry', undefined],
    [grammy(401, 'Unauthorized'), 'retry', undefined],
    [new HttpError('Network request failed', new Error('ECONNREFUSED')), 'retry', undefined],
  ])('%s -> %s', (err, code, retryAfterMs) => {
    const mapped = errorFromTelegram(err);
    expect(mapped.code).toBe(code);
    expect(mapped.details.retryAfterMs).toBe(retryAfterMs);
  });
});
