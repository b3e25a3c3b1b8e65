/**
 * The admin module: the admin HTTP API under /api/admin (contacts and forgetting them, tickets,
 * feedback reports, contacts imports and campaigns) and the queue dashboard at /admin/queues, all
 * behind ADMIN_TOKEN (see docs/admin.md). With no token configured none of it exists (404).
 * src/admin is the organizers' HTTP surface, as src/cli is their command line: it calls the
 * features' functions; features never import it. Its routes and the dashboard are loaded when a
 * web process mounts them, so a `worker` loads none of it.
 */
import type { AppModule } from '../runtime/module';

export const adminModule: AppModule = {
  name: 'admin',
  async routes(rt) {
    if (!rt.config.ADMIN_TOKEN) return [];
    return (await import('./routes')).adminRoutes(rt);
  },
  register: async (app, rt) => (await import('./queue-board')).registerQueueBoard(app, rt),
};
