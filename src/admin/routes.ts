/**
 * The admin HTTP API's routes under /api/admin (contacts and forgetting them, tickets, feedback
 * reports, contacts imports and campaigns), behind ADMIN_TOKEN. Loaded by the admin module
 * (module.ts) in web processes only.
 */
import type { RouteDef } from '../http/route';
import type { Runtime } from '../runtime/runtime';
import { behindAdminToken } from './auth';
import { campaignRoutes } from './campaigns';
import { contactRoutes } from './contacts';
import { reportRoutes } from './reports';
import { ticketRoutes } from './tickets';

/** Every route of the admin API, behind the admin token (ADMIN_TOKEN must be set). */
export function adminRoutes(rt: Runtime): RouteDef[] {
  const resources = [...contactRoutes(rt), ...ticketRoutes(rt), ...reportRoutes(rt), ...campaignRoutes(rt)];
  const paths: string[] = ['GET /api/admin', ...resources.map((r) => `${r.method} ${r.path}`)].sort();
  const index: RouteDef = { method: 'GET', path: '/api/admin', handler: async () => ({ status: 200, body: { resources: paths, queues: '/admin/queues' } }) };
  return behindAdminToken(rt.config, [index, ...resources]);
}
