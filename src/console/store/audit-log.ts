/** Reading the audit log: filtered, newest first, a page at a time, or everything for an export. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema';
import { consoleDb, type ConsoleAuditLogTable } from './tables';

export type AuditRow = Selectable<ConsoleAuditLogTable>;

/** Which entries: by account (`none` = entries with no account), by action. */
export interface AuditFilter {
  actor?: string;
  action?: string;
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let q = consoleDb(db).selectFrom('console_audit_log').selectAll();
  if (filter.actor === 'none') q = q.where('actor_id', 'is', null);
  else if (filter.actor && /^\d{1,18}$/.test(filter.actor)) q = q.where('actor_id', '=', filter.actor);
  if (filter.action) q = q.where('action', '=', filter.action);
  return q.orderBy('id', 'desc');
}

/** One page (1-based) of `pageSize` entries, and whether an older page exists. */
export async function auditPage(db: Kysely<Database>, filter: AuditFilter, page: number, pageSize: number): Promise<{ rows: AuditRow[]; hasOlder: boolean }> {
  const rows = await filtered(db, filter)
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows: rows.slice(0, pageSize), hasOlder: rows.length > pageSize };
}

/** Every matching entry, newest first, up to `max` (an export). */
export function auditRows(db: Kysely<Database>, filter: AuditFilter, max: number): Promise<AuditRow[]> {
  return filtered(db, filter).limit(max).execute();
}
