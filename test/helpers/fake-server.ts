/**
 * The shared base of the fake provider servers (fake-twilio, fake-telegram, fake-slack): a
 * node:http server bound to 127.0.0.1 on a free port, request bodies parsed the way the real
 * SDKs send them (JSON, form-encoded, multipart), scripted failures, and a close() that does
 * not wait for keep-alive sockets (grammY and fetch keep connections open).
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the fake received it, before the provider-specific routing. */
export interface ParsedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Content type without parameters, lower-case ('' when absent). */
  contentType: string;
  /** Form fields or JSON object; files of a multipart body become {filename, contentType, size}. */
  body: Record<string, unknown>;
  raw: Buffer;
}

/** What a route answers: a status, a JSON (or text) body and extra headers. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A started fake: its base URL (no trailing slash) and how to stop it. */
export interface StartedServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Called with a listener that runs when close() starts (long polls answer then). */
  onClose(listener: () => void): void;
}

/** The route handler: may answer later (long polling) and may learn that the client went away. */
export type RouteHandler = (req: ParsedRequest, signal: AbortSignal) => FakeResponse | Promise<FakeResponse>;

/** True for the loopback addresses; anything else is refused (the server only binds 127.0.0.1 anyway). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/**
 * Start an HTTP server on 127.0.0.1 (never 0.0.0.0: a fake provider must not be reachable from
 * off the machine) on a port the OS picks.
 */
export async function startServer(handler: RouteHandler): Promise<StartedServer> {
  const sockets = new Set<Socket>();
  const closeListeners: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      req.socket.destroy();
      return;
    }
    void serve(handler, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    onClose: (listener) => closeListeners.push(listener),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const listener of closeListeners) listener();
        server.close(() => resolve());
        // Give answers just written (long polls released above) a moment to flush, then drop
        // idle keep-alive sockets, which would otherwise hold server.close() open.
        setImmediate(() => {
          server.closeIdleConnections();
          setTimeout(() => {
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
          }, 20).unref();
        });
      });
      return closing;
    },
  };
}

async function serve(handler: RouteHandler, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const aborter = new AbortController();
  // res 'close' fires both after a normal answer and when the client hangs up; only the latter aborts.
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  try {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const contentTypeHeader = req.headers['content-type'] ?? '';
    const contentType = contentTypeHeader.split(';')[0].trim().toLowerCase();
    const parsed: ParsedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      contentType,
      body: parseBody(contentTypeHeader, raw),
      raw,
    };
    const answer = await handler(parsed, aborter.signal);
    if (aborter.signal.aborted || res.destroyed) return;
    send(res, answer);
  } catch (error) {
    if (res.destroyed || res.headersSent) return;
    send(res, { status: 500, body: { error: `fake server: ${(error as Error).message}` } });
  }
}

function send(res: http.ServerResponse, answer: FakeResponse): void {
  const isText = typeof answer.body === 'string';
  const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...answer.headers,
  });
  res.end(payload);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parse a request body by its content type; unknown types give {}. */
export function parseBody(contentTypeHeader: string, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = contentTypeHeader.split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  }
  if (type === 'application/x-www-form-urlencoded') return parseForm(raw.toString('utf8'));
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentTypeHeader);
    if (boundary) return parseMultipart(raw, boundary[1] ?? boundary[2]);
  }
  return {};
}

/** Form fields; a name that repeats (Twilio's MediaUrl) becomes an array. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) addField(out, key, value);
  return out;
}

function addField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (!(key in out)) out[key] = value;
  else if (Array.isArray(out[key])) (out[key] as unknown[]).push(value);
  else out[key] = [out[key], value];
}

/** A small multipart/form-data reader: text parts as strings, file parts as a description. */
function parseMultipart(raw: Buffer, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      // Quoted or not (grammY writes `filename=note.txt`); `name=` must not match inside `filename=`.
      const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
      const filenameMatch = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
      const filename = filenameMatch ? (filenameMatch[1] ?? filenameMatch[2]).trim() : undefined;
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      if (name !== undefined) {
        addField(
          out,
          name,
          filename !== undefined ? { filename, contentType: type ?? 'application/octet-stream', size: content.length } : content.toString('utf8'),
        );
      }
    }
    start = next;
  }
  return out;
}

/** A scripted answer that applies to the requests `matches` accepts, `remaining` more times. */
export interface ScriptedRule<Req, Res> {
  matches(req: Req): boolean;
  remaining: number;
  response: Res;
}

/**
 * Scripted failures in the order they were added: the first rule that matches a request answers
 * it and is used up after `times` requests. So adding "429" then "500" answers the next request
 * 429 and the one after 500.
 */
export class ScriptedRules<Req, Res> {
  private rules: ScriptedRule<Req, Res>[] = [];

  add(matches: (req: Req) => boolean, response: Res, times: number): void {
    if (!(times > 0)) throw new RangeError(`times must be > 0 (got ${times})`);
    this.rules.push({ matches, response, remaining: times });
  }

  /** The scripted answer for this request, if any (and count it). */
  take(req: Req): Res | undefined {
    const rule = this.rules.find((r) => r.matches(req));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule.response;
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    return this.rules.length;
  }
}

/**
 * Resolve when `count()` reaches `target`; `subscribe` registers a callback run on every change.
 * Rejects after `timeoutMs` with what was seen, so a failing test says how far it got.
 */
export function waitForCount<T>(
  what: string,
  target: number,
  timeoutMs: number,
  snapshot: () => T[],
  subscribe: (listener: () => void) => () => void,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    if (snapshot().length >= target) {
      resolve(snapshot().slice());
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${target} ${what} (got ${snapshot().length})`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (snapshot().length < target) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot().slice());
    });
  });
}

/** A tiny change notifier for waitForCount. */
export class Changes {
  private listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Random lowercase hex of `length` digits (Twilio sids are a prefix + 32 hex). */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}
