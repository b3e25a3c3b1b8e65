/**
 * /metrics in the Prometheus text format, and the hook that counts refused webhook requests.
 * Behind METRICS_TOKEN when it is set (Authorization: Bearer <METRICS_TOKEN>); open without it
 * only on a loopback HOST: on any other HOST the server refuses to start without one.
 */
import type { RouteDef, RouteResponse } from '../http/route';
import type { AppModule } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { isLoopback, MAKE_TOKEN } from '../config';
import { bearerToken, tokenMatches } from '../http/auth';
import type * as Metrics from './metrics';

/**
 * The metrics code (prom-client) of each runtime whose process serves /metrics, loaded when its
 * routes are asked for (web processes, and `start`). Send timings are counted only there: a
 * `worker` process, which serves no /metrics, never loads prom-client nor counts what nobody reads.
 */
const served = new WeakMap<Runtime, typeof Metrics>();

/** The route path → channel of every channel route (webhooks, the simulator's API). */
function channelRoutes(rt: Runtime): Map<string, string> {
  const map = new Map<string, string>();
  for (const adapter of rt.channels.values()) for (const r of adapter.routes()) map.set(r.path, adapter.channel);
  return map;
}

export const metricsModule: AppModule = {
  name: 'metrics',
  onSend: (rt, send) => served.get(rt)?.observeSend(rt, send),
  async routes(rt): Promise<RouteDef[]> {
    if (!rt.config.METRICS_TOKEN && !isLoopback(rt.config.HOST)) {
      throw new Error(`METRICS_TOKEN is required when HOST (${rt.config.HOST}) is not a loopback address: /metrics would be open to anyone who reaches the server. Make one with: ${MAKE_TOKEN}`);
    }
    const { metricsFor } = await metricsOf(rt);
    return [
      {
        method: 'GET',
        path: '/metrics',
        handler: async (req): Promise<RouteResponse> => {
          const token = rt.config.METRICS_TOKEN;
          if (token && !tokenMatches(token, bearerToken(req.headers.authorization))) {
            return { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' }, body: { error: 'unauthorized' } };
          }
          const { registry } = metricsFor(rt);
          return { status: 200, headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }, body: await registry.metrics() };
        },
      },
    ];
  },
  async register(app, rt) {
    const routes = channelRoutes(rt);
    const { webhookRejects } = (await metricsOf(rt)).metricsFor(rt);
    app.addHook('onResponse', async (request, reply) => {
      const status = reply.statusCode;
      if (status < 400 || status >= 500) return;
      const channel = routes.get(request.routeOptions.url ?? '');
      if (channel) webhookRejects.inc({ channel, status: String(status) });
    });
  },
};

/** The metrics code for `rt`, loaded once; from then on its sends are counted. */
async function metricsOf(rt: Runtime): Promise<typeof Metrics> {
  let metrics = served.get(rt);
  if (!metrics) {
    metrics = await import('./metrics');
    served.set(rt, metrics);
  }
  return metrics;
}
