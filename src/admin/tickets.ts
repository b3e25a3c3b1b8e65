/**
 * /api/admin/tickets: requests for a human (handoffs), read-only here, through the same ticket
 * store the handoff's views use (src/handoff): the organizers' overview.
 *
 *   GET /api/admin/tickets?status=open|closed|all&limit=100
 *   GET /api/admin/tickets/<id>
 */
import type { RouteDef } from '../http/route';
import { listTickets } from '../handoff/store';
import type { Runtime } from '../runtime/runtime';
import { badRequest, limitOf, maskAddress, pathAfter, queryValue } from './http';

const PREFIX = '/api/admin/tickets';

async function tickets(rt: Runtime, where: { status?: string; id?: string }, limit: number) {
  const rows = await listTickets(rt.db.kysely, where, limit);
  return rows.map(({ address, ...r }) => ({ ...r, id: String(r.id), address: r.channel && address ? maskAddress(r.channel, address) : null }));
}

/** The tickets routes (unauthenticated: src/admin/module.ts puts them behind the token). */
export function ticketRoutes(rt: Runtime): RouteDef[] {
  return [
    {
      method: 'GET',
      path: PREFIX,
      handler: async (req) => {
        const status = queryValue(req, 'status') ?? 'open';
        if (!/^[a-z_]{1,20}$/.test(status)) return badRequest('status must be open, closed or all');
        return { status: 200, body: { tickets: await tickets(rt, status === 'all' ? {} : { status }, limitOf(req, 100, 1000)) } };
      },
    },
    {
      method: 'GET',
      path: `${PREFIX}/:id`,
      handler: async (req) => {
        const [id] = pathAfter(req, `${PREFIX}/`);
        if (!id || !/^\d{1,18}$/.test(id)) return { status: 404, body: { error: 'no such ticket' } };
        const [ticket] = await tickets(rt, { id }, 1);
        return ticket ? { status: 200, body: ticket } : { status: 404, body: { error: 'no such ticket' } };
      },
    },
  ];
}
