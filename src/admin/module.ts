/**
 * The admin module: the admin HTTP API under /api/admin (contacts and forgetting them, tickets,
 * feedback reports, contacts imports and campaigns) and the queue dashboard at /admin/queues, all
 * behind ADMIN_TOKEN (see docs/admin.md). With no token configured none of it exists (404).
 * src/admin is the organizers' HTTP surface, as src/cli is their command line: it calls the
 * features' functions; features never import it.
 */
import type { RouteDef } from '../http/route';
import type { AppModule } from '../runtime/module';
import { behindAdminToken } from './auth';
import { campaignRoutes } from './campaigns';
import { contactRoutes } from './contacts';
import { registerQueueBoard } from './queue-board';
import { reportRoutes } from './reports';
import { ticketRoutes } from './tickets';

export const adminModule: AppModule = {
  name: 'admin',
  routes(rt) {
    if (!rt.config.ADMIN_TOKEN) return [];
    const resources = [...contactRoutes(rt), ...ticketRoutes(rt), ...reportRoutes(rt), ...campaignRoutes(rt)];
    const paths: string[] = ['GET /api/admin', ...resources.map((r) => `${r.method} ${r.path}`)].sort();
    const index: RouteDef = { method: 'GET', path: '/api/admin', handler: async () => ({ status: 200, body: { resources: paths, queues: '/admin/queues' } }) };
    return behindAdminToken(rt.config, [index, ...resources]);
  },
  register: registerQueueBoard,
};
