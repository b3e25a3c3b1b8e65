/** The admin's audit log: the page (filter by account and action, a page at a time) and the CSV export. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { writeCsv } from '../../lib/csv';
import { actorOf, recordAudit } from '../audit';
import type { ConsoleDeps } from '../context';
import { query, sendPage } from '../render';
import { AUDIT_EXPORT_MAX, AUDIT_PAGE_SIZE } from '../settings';
import { auditPage, auditRows, type AuditFilter } from '../store/audit-log';
import { listUsers } from '../store/users';
import { AuditPage } from '../views/audit';

const ADMIN = { access: ['admin'] } as const;

/** The columns of the CSV export, in order. */
export const AUDIT_COLUMNS = ['id', 'time', 'actor', 'actor_id', 'action', 'target_type', 'target_id', 'target', 'detail', 'ip'] as const;

function filterOf(req: FastifyRequest): AuditFilter {
  return { actor: query(req, 'actor') || undefined, action: query(req, 'action') || undefined };
}

export async function auditRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/audit', { config: ADMIN }, async (req, reply) => {
    const filter = filterOf(req);
    const n = Number(query(req, 'page'));
    const pageNumber = Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
    const [{ rows, hasOlder }, users] = await Promise.all([auditPage(deps.db, filter, pageNumber, AUDIT_PAGE_SIZE), listUsers(deps.db)]);
    return sendPage(reply, AuditPage({ page: req.page, rows, users, filter, pageNumber, hasOlder }));
  });

  app.get('/audit.csv', { config: ADMIN }, async (req, reply) => {
    const filter = filterOf(req);
    const rows = await auditRows(deps.db, filter, AUDIT_EXPORT_MAX);
    const now = deps.now();
    await recordAudit(deps.db, { actor: actorOf(req.page.user!), action: 'audit_exported', detail: { rows: rows.length, actor_filter: filter.actor ?? null, action_filter: filter.action ?? null }, at: now });
    const csv = writeCsv(
      rows.map((r) => ({
        id: String(r.id),
        time: r.created_at.toISOString(),
        actor: r.actor_label,
        actor_id: r.actor_id ?? '',
        action: r.action,
        target_type: r.target_type,
        target_id: r.target_id,
        target: r.target_label,
        detail: r.detail ? JSON.stringify(r.detail) : '',
        ip: r.ip,
      })),
      { columns: AUDIT_COLUMNS },
    );
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${now.toISOString().slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
