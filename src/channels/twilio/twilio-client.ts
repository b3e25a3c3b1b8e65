/** The twilio SDK client the Twilio channels (SMS, WhatsApp) send through, and the response headers it hides. */
import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/** Headers of the last Twilio API response inside one `withResponseHeaders` call. */
export interface ResponseHeaders {
  headers?: Record<string, unknown>;
}

const current = new AsyncLocalStorage<ResponseHeaders>();

// The SDK's RestException keeps status, code and message but drops the headers, and a 429's
// Retry-After lives there. This RequestClient records them per call: AsyncLocalStorage keeps
// concurrent sends (worker concurrency > 1) from seeing each other's answers.
class HeaderRecordingClient extends twilio.RequestClient {
  async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const response = await super.request<TData>(opts);
    const store = current.getStore();
    if (store) store.headers = response.headers as Record<string, unknown>;
    return response;
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * A twilio client with API requests sent to `apiUrl` when given (tests: the fake on 127.0.0.1),
 * api.twilio.com otherwise. Requests time out after `timeoutMs` (the SDK's default is 30 s).
 */
export function createTwilioClient(opts: { accountSid: string; authToken: string; apiUrl?: string; timeoutMs?: number }): TwilioClient {
  // autoRetry stays off: retries belong to the outbound queue, which paces and backs off.
  const httpClient = new HeaderRecordingClient({ timeout: opts.timeoutMs ?? 15_000, autoRetry: false });
  const client = twilio(opts.accountSid, opts.authToken, { httpClient });
  // The Api domain builds every Messages URL from baseUrl; edge/region are left unset so the host
  // is not rewritten (BaseTwilio.getHostname).
  if (opts.apiUrl) client.api.baseUrl = opts.apiUrl.replace(/\/+$/, '');
  return client;
}

/** Runs `fn` and hands back, alongside its result or error, the headers of the response it got. */
export async function withResponseHeaders<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; headers?: Record<string, unknown> }> {
  const store: ResponseHeaders = {};
  try {
    const result = await current.run(store, fn);
    return { result, headers: store.headers };
  } catch (error) {
    return { error, headers: store.headers };
  }
}
