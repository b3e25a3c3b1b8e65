/**
 * Shifts (/console/shifts), for organizers and admins: the list with how full each shift is, and
 * a shift's roster (with who confirmed) and waitlist, read through src/shifts' own queries (the
 * ones the `shifts list|export` commands use). Read-only: changing shifts stays with the CSV
 * import, the CLI and the volunteers' own buttons.
 */
import type { FastifyInstance } from 'fastify';
import { getShift, listShifts, rosterOf } from '../../shifts/store';
import type { ConsoleDeps } from '../context';
import { query, sendPage } from '../render';
import { ErrorPage } from '../views/error-page';
import { ShiftPage } from '../views/shift';
import { ShiftsPage } from '../views/shifts';

const ORGANIZERS = { access: ['admin', 'organizer'] } as const;

export async function shiftsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/shifts', { config: ORGANIZERS }, async (req, reply) => {
    const all = query(req, 'all') === '1';
    const shifts = await listShifts(deps.db, all ? { all: true } : { from: deps.now() });
    return sendPage(reply, ShiftsPage({ page: req.page, shifts, all }));
  });

  app.get<{ Params: { id: string } }>('/shifts/:id', { config: ORGANIZERS }, async (req, reply) => {
    const shift = await getShift(deps.db, req.params.id);
    if (!shift) return sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404);
    const [roster, waitlist] = await Promise.all([rosterOf(deps.db, shift.id, ['active', 'offered']), rosterOf(deps.db, shift.id, ['waitlist'])]);
    return sendPage(reply, ShiftPage({ page: req.page, shift, roster, waitlist }));
  });
}
