/**
 * The admin module: the admin HTTP API under /api/admin and the queue dashboard at /admin/queues,
 * both behind ADMIN_TOKEN (see docs/admin.md). With no token configured neither exists (404).
 *
 * Other features add their resources (campaigns, shifts, ...) from their own module with
 * `adminRoutes(rt, [...])` (src/admin/auth.ts); GET /api/admin lists whatever is mounted.
 */
import type { AppModule } from '../runtime/module';
import { adminPaths, adminRoutes } from './auth';
import { contactRoutes } from './contacts';
import { registerQueueBoard } from './queue-board';
import { reportRoutes } from './reports';
import { ticketRoutes } from './tickets';

export const adminModule: AppModule = {
  name: 'admin',
  routes(rt) {
    if (!rt.config.ADMIN_TOKEN) return [];
    if (rt.config.ADMIN_TOKEN.length < 16) rt.log.warn('ADMIN_TOKEN is shorter than 16 characters: use a long random token (openssl rand -hex 32)');
    return adminRoutes(rt, [
      { method: 'GET', path: '/api/admin', handler: async () => ({ status: 200, body: { resources: adminPaths(rt), queues: '/admin/queues' } }) },
      ...contactRoutes(rt),
      ...ticketRoutes(rt),
      ...reportRoutes(rt),
    ]);
  },
  register: registerQueueBoard,
};
