/**
 * The HTTP layer alone (no database, no Redis): issue #13's /healthz that answered with raw error
 * text, and the unconditional trustProxy that let any client choose, with X-Forwarded-For, the
 * address rate limits count it on.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createServer, type HealthCheck } from '../../src/http/server';
import type { RouteDef } from '../../src/http/route';

const lines: string[] = [];
const log = createLogger('info', { write: (line: string) => void lines.push(line) });
let app: FastifyInstance | undefined;
let base = '';
/** Starts `server` on a free 127.0.0.1 port (light-my-request's inject does not load under jest's CommonJS). */
async function listen(server: FastifyInstance): Promise<FastifyInstance> {
  app = server;
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  return server;
}
afterEach(async () => {
  await app?.close();
  app = undefined;
  lines.length = 0;
});

describe('/healthz', () => {
  it('answers "down" with 503 and no error text; the detail goes to the log', async () => {
    const secret = 'connect ECONNREFUSED 10.1.2.3:5432 (user civic, password hunter2)';
    const health: HealthCheck[] = [
      { name: 'database', check: async () => Promise.reject(new Error(secret)) },
      { name: 'redis', check: async () => undefined },
    ];
    await listen(await createServer({ routes: [], health, log }));
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'down', database: 'down', redis: 'ok' });
    expect(text).not.toContain('ECONNREFUSED');
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'health check failed');
    expect(logged).toMatchObject({ check: 'database', err: secret });
  });

  it('answers ok with 200 when every check passes', async () => {
    await listen(await createServer({ routes: [], health: [{ name: 'database', check: async () => undefined }], log }));
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['off', false],
    ['1', 1],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
    ['::1,fd00::/8', ['::1', 'fd00::/8']],
  ])('%s is read as %p', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });
  it.each(['everyone', '10.0.0.0/33', '1.2.3'])('refuses %s', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });

  /** A route limited to 2 requests a minute per client, and what it saw as the client. */
  const limited = (): RouteDef => ({
    method: 'GET',
    path: '/limited',
    limits: [{ name: 'test', per: 'client', max: 2, windowMs: 60_000 }],
    handler: async (req) => ({ status: 200, body: { ip: req.ip } }),
  });
  const asClient = async (forwardedFor: string) => {
    const res = await fetch(`${base}/limited`, { headers: { 'x-forwarded-for': forwardedFor } });
    return { statusCode: res.status, json: async () => res.json() };
  };

  it('by default X-Forwarded-For is ignored: the limit counts the connection, whatever the header says', async () => {
    await listen(await createServer({ routes: [limited()], health: [], log, trustProxy: loadConfig({}).TRUST_PROXY }));
    const answers = [await asClient('203.0.113.1'), await asClient('203.0.113.2'), await asClient('203.0.113.3')];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(await answers[0].json()).toEqual({ ip: '127.0.0.1' });
  });

  it('behind a trusted proxy (its address, or one hop) the forwarded client is counted', async () => {
    for (const setting of ['127.0.0.1', '1']) {
      await listen(await createServer({ routes: [limited()], health: [], log, trustProxy: loadConfig({ TRUST_PROXY: setting }).TRUST_PROXY }));
      const answers = [await asClient('203.0.113.1'), await asClient('203.0.113.2'), await asClient('203.0.113.3')];
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(await answers[2].json()).toEqual({ ip: '203.0.113.3' });
      // One client behind the proxy is still limited.
      expect((await asClient('203.0.113.1')).statusCode).toBe(200);
      expect((await asClient('203.0.113.1')).statusCode).toBe(429);
      await app?.close();
      app = undefined;
    }
  });
});
