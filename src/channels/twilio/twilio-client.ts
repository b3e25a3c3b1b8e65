/** The twilio SDK client the Twilio channels (SMS, WhatsApp) send through, and the response headers it hides. */
import twilio from 'twilio';

/** Where an error from the SDK carries the headers of the response it was made from. */
const HEADERS = Symbol('twilio response headers');

/** The part of the SDK's Version (twilio/lib/base/Version) that turns a failed response into its error. */
interface ThrowsForResponse {
  throwException(response: { headers?: unknown }): never;
}

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * A twilio client with API requests sent to `apiUrl` when given (tests: the fake on 127.0.0.1),
 * api.twilio.com otherwise. Requests time out after `timeoutMs` (the SDK's default is 30 s).
 *
 * The SDK's RestException keeps status, code and message but drops the headers, and a 429's
 * Retry-After lives there. The API version every Messages call goes through builds that error in
 * one method, `throwException(response)`: wrapped here, the error it throws carries the response's
 * headers, so each failed call has its own (concurrent sends cannot see each other's). This
 * replaced an AsyncLocalStorage around each call, which turned on Node's promise hooks for every
 * promise of the process (about 2 % of an inbound message's CPU in the profile).
 */
export function createTwilioClient(opts: { accountSid: string; authToken: string; apiUrl?: string; timeoutMs?: number }): TwilioClient {
  // autoRetry stays off: retries belong to the outbound queue, which paces and backs off.
  const httpClient = new twilio.RequestClient({ timeout: opts.timeoutMs ?? 15_000, autoRetry: false });
  const client = twilio(opts.accountSid, opts.authToken, { httpClient });
  // The Api domain builds every Messages URL from baseUrl; edge/region are left unset so the host
  // is not rewritten (BaseTwilio.getHostname).
  if (opts.apiUrl) client.api.baseUrl = opts.apiUrl.replace(/\/+$/, '');
  const version = client.api.v2010 as unknown as ThrowsForResponse;
  const throwException = version.throwException.bind(version);
  version.throwException = (response) => {
    try {
      return throwException(response);
    } catch (err) {
      if (err && typeof err === 'object') Object.defineProperty(err, HEADERS, { value: response.headers, enumerable: false });
      throw err;
    }
  };
  return client;
}

/** The headers of the failed response an SDK error was made from, when it came from one. */
function headersOf(error: unknown): Record<string, unknown> | undefined {
  return error && typeof error === 'object' ? ((error as { [HEADERS]?: Record<string, unknown> })[HEADERS] ?? undefined) : undefined;
}

/**
 * Runs `fn` (calls of a client from createTwilioClient) and hands back its result, or its error
 * with the headers of the failed response when there was one.
 */
export async function withResponseHeaders<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; headers?: Record<string, unknown> }> {
  try {
    return { result: await fn() };
  } catch (error) {
    return { error, headers: headersOf(error) };
  }
}
