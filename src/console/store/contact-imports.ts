/**
 * Contacts files uploaded in the console (migration 0012), from the upload to the end of their
 * import. The file holds phone numbers, so it lives only here, in the database: never on disk,
 * never in Redis. Its bytes are erased when the import ends (done or failed), and every row goes
 * when it expires (CONTACT_IMPORT_TTL_MS after the upload), imported or abandoned.
 */
import { randomBytes } from 'node:crypto';
import type { ColumnType, Kysely } from 'kysely';
import type { ImportReport } from '../../contacts/import';
import type { Database } from '../../store/schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** previewed: waiting for the attestation and Import; running: being imported; done / failed: the import ended. */
export type ImportStatus = 'previewed' | 'running' | 'done' | 'failed';

export interface ConsoleContactImportsTable {
  id: string;
  user_id: string;
  file_name: string;
  csv: Buffer | null;
  status: ImportStatus;
  /** The dry run's report: what importing would do. */
  preview: Json<ImportReport> | null;
  /** The import's report. */
  report: Json<ImportReport> | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

type Tables = { console_contact_imports: ConsoleContactImportsTable };

/** An upload as the pages read it (without the file's bytes). */
export interface UploadedImport {
  id: string;
  userId: string;
  fileName: string;
  status: ImportStatus;
  preview: ImportReport | null;
  report: ImportReport | null;
  expiresAt: Date;
}

function tables(db: Kysely<Database>): Kysely<Database & Tables> {
  return db.withTables<Tables>();
}

function parsed<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Keeps an uploaded file with its preview; returns its id (random: it names the upload in URLs). */
export async function saveUpload(db: Kysely<Database>, upload: { userId: string; fileName: string; csv: Buffer; preview: ImportReport; now: Date; ttlMs: number }): Promise<string> {
  const id = randomBytes(16).toString('base64url');
  await tables(db)
    .insertInto('console_contact_imports')
    .values({
      id,
      user_id: upload.userId,
      file_name: upload.fileName,
      csv: upload.csv,
      status: 'previewed',
      preview: JSON.stringify(upload.preview),
      report: null,
      created_at: upload.now,
      expires_at: new Date(upload.now.getTime() + upload.ttlMs),
    })
    .execute();
  return id;
}

/** An upload that has not expired, without its bytes; undefined when gone. */
export async function findUpload(db: Kysely<Database>, id: string, now: Date): Promise<UploadedImport | undefined> {
  const row = await tables(db)
    .selectFrom('console_contact_imports')
    .select(['id', 'user_id', 'file_name', 'status', 'preview', 'report', 'expires_at'])
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, userId: String(row.user_id), fileName: row.file_name, status: row.status, preview: parsed(row.preview), report: parsed(row.report), expiresAt: new Date(row.expires_at) };
}

/**
 * Takes a previewed upload's file to import it: marks it running and returns its bytes, or
 * undefined when it is not (or no longer) waiting (imported already, another tab pressed Import).
 */
export async function startImport(db: Kysely<Database>, id: string, now: Date): Promise<Buffer | undefined> {
  const row = await tables(db)
    .updateTable('console_contact_imports')
    .set({ status: 'running' })
    .where('id', '=', id)
    .where('status', '=', 'previewed')
    .where('expires_at', '>', now)
    .returning('csv')
    .executeTakeFirst();
  // PGlite returns a bytea as a Uint8Array, node-postgres as a Buffer: the import reads a Buffer.
  return row?.csv ? Buffer.from(row.csv) : undefined;
}

/** Records how the import ended and erases the file's bytes. */
export async function finishImport(db: Kysely<Database>, id: string, report: ImportReport | null): Promise<void> {
  await tables(db)
    .updateTable('console_contact_imports')
    .set({ status: report?.ok ? 'done' : 'failed', report: report ? JSON.stringify(report) : null, csv: null })
    .where('id', '=', id)
    .execute();
}

/** Abandons an upload: the file and its preview go at once. */
export async function discardUpload(db: Kysely<Database>, id: string): Promise<void> {
  await tables(db).deleteFrom('console_contact_imports').where('id', '=', id).where('status', '!=', 'running').execute();
}

/**
 * Removes expired uploads (file, preview and report), except those being imported by this
 * process (`running`): an import a dead process left 'running' goes too. Returns how many.
 */
export async function purgeExpiredUploads(db: Kysely<Database>, now: Date, running: readonly string[] = []): Promise<number> {
  let q = tables(db).deleteFrom('console_contact_imports').where('expires_at', '<=', now);
  if (running.length) q = q.where('id', 'not in', running);
  const gone = await q.executeTakeFirst();
  return Number(gone.numDeletedRows);
}
