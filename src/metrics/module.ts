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
import { metricsFor, observeSend } from './metrics';

/** The route path → channel of every channel route (webhooks, the simulator's API). */
function channelRoutes(rt: Runtime): Map<string, string> {
  const map = new Map<string, string>();
  for (const adapter of rt.channels.values()) for (const r of adapter.routes()) map.set(r.path, adapter.channel);
  return map;
}

export const metricsModule: AppModule = {
  name: 'metrics',
  onSend: observeSend,
  routes(rt): RouteDef[] {
    if (!rt.config.METRICS_TOKEN && !isLoopback(rt.config.HOST)) {
      throw new Error(`METRICS_TOKEN is required when HOST (${rt.config.HOST}) is not a loopback address: /metrics would be open to anyone who reaches the server. Make one with: ${MAKE_TOKEN}`);
    }
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
    const { webhookRejects } = metricsFor(rt);
    app.addHook('onResponse', async (request, reply) => {
      const status = reply.statusCode;
      if (status < 400 || status >= 500) return;
      const channel = routes.get(request.routeOptions.url ?? '');
      if (channel) webhookRejects.inc({ channel, status: String(status) });
    });
  },
};
