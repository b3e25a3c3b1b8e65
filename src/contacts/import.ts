/**
 * `contacts import`: a CSV file of people (phone or Telegram id, name, language, state/ZIP, tags,
 * consent source and date) into contacts and identities. All or nothing: the whole file is applied
 * in one transaction, and any refused row rolls everything back. Streamed in batches, so memory
 * stays flat with the file's size (only the set of addresses seen is kept, to report duplicates).
 * Re-importing the same file changes nothing; an opted-out person stays opted out.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config';
import { addressHash, SUPPRESSION_SOURCE, suppressionKey, type SuppressionKey } from '../store/suppressions';
import { recordConsent } from '../store/consent';
import type { Database, Identity } from '../store/schema';
import { problem, type ImportProblem } from './problems';
import { ADDRESS_COLUMN_NAMES, ADDRESS_COLUMNS, addressesOf, checkRow, columnOf, isRowError, type Column, type ContactRow, type RowError } from './rows';

/** Rows written per round trip. */
const BATCH = 500;
/** Imports creating at least this many contacts refresh the planner's statistics. */
const ANALYZE_AFTER = 1000;
/** The caps when the settings do not say (IMPORT_MAX_RECORD_BYTES, IMPORT_MAX_ROWS). */
const DEFAULT_MAX_RECORD_BYTES = 8192;
const DEFAULT_MAX_ROWS = 100_000;
/** Refused rows listed in the report; the rest are counted. */
const MAX_REPORTED = 200;

export interface ImportOptions {
  /** Shown in the report and the import log. */
  fileName: string;
  /** Who vouches that the people with a consent source and date did opt in (required when any row has one). */
  attestedBy?: string;
  /** Check and count everything, then roll back. */
  dryRun?: boolean;
  /** Told the number of rows read so far after each batch is written (a progress bar). */
  onProgress?(rowsRead: number): void;
}

/** What an import did, or why it did nothing. */
export interface ImportReport {
  ok: boolean;
  fileName: string;
  rows: number;
  /** Contacts created. */
  created: number;
  /** Existing contacts that changed (a field, a tag, a new address, a recorded opt-in). */
  updated: number;
  unchanged: number;
  /** Opt-ins recorded from the file's consent columns. */
  optIns: number;
  /** Rows with consent whose address had opted out (or was forgotten): left opted out. */
  keptOptedOut: number;
  /** Rows that carry a consent source and date: the import needs someone to attest them (attestedBy). */
  consentRows: number;
  /** Refused rows (at most MAX_REPORTED listed), by line. */
  errors: RowError[];
  errorCount: number;
  /** Problems with the file as a whole (no address column, consent without attestation). */
  fileErrors: ImportProblem[];
  /** Columns that were ignored. */
  ignoredColumns: string[];
  dryRun: boolean;
}

/** What the import needs: the database, the shipped languages, the clock, PRIVACY_SECRET. */
export interface ImportDeps {
  db: Kysely<Database>;
  /** The caps: IMPORT_MAX_RECORD_BYTES and IMPORT_MAX_ROWS (their defaults when absent). */
  config: Pick<Config, 'PRIVACY_SECRET'> & Partial<Pick<Config, 'IMPORT_MAX_RECORD_BYTES' | 'IMPORT_MAX_ROWS'>>;
  languages: readonly string[];
  now(): Date;
}

class Rollback extends Error {}

/**
 * Imports a contacts CSV (a stream, a Buffer or a string). Resolves with the report whatever
 * happens to the rows; rejects only when the database fails.
 */
export async function importContacts(deps: ImportDeps, input: Readable | Buffer | string, opts: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    ok: false,
    fileName: opts.fileName,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    optIns: 0,
    keptOptedOut: 0,
    consentRows: 0,
    errors: [],
    errorCount: 0,
    fileErrors: [],
    ignoredColumns: [],
    dryRun: Boolean(opts.dryRun),
  };
  const now = deps.now();
  // Before the transaction: on PGlite (one connection) a query beside an open transaction would wait for it.
  const key = await suppressionKey({ db: deps.db, config: deps.config });
  const hash = createHash('sha256');
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? Readable.from([Buffer.from(input)]) : input;
  source.on('data', (chunk: Buffer | string) => hash.update(chunk));
  const maxRecordBytes = deps.config.IMPORT_MAX_RECORD_BYTES ?? DEFAULT_MAX_RECORD_BYTES;
  const maxRows = deps.config.IMPORT_MAX_ROWS ?? DEFAULT_MAX_ROWS;
  const parser = source.pipe(
    parse({
      // A runaway quote or a huge cell stops the parser at that record, not the machine's memory.
      max_record_size: maxRecordBytes,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      columns: (header: string[]) =>
        header.map((h) => {
          const column = columnOf(h);
          if (!column && h.trim()) report.ignoredColumns.push(h.trim());
          return column ?? false;
        }),
    }),
  );
  // The iterator below receives the parser's error; csv-parse may emit a second one for the same
  // record (the field and the record checks of max_record_size), which must not go unhandled.
  parser.on('error', () => undefined);
  const fail = (e: RowError) => {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED) report.errors.push(e);
  };

  try {
    await deps.db.transaction().execute(async (tx) => {
      const db = tx;
      const seen = new Map<string, number>();
      let batch: ContactRow[] = [];
      let anyConsent = false;
      let headerChecked = false;
      const flush = async () => {
        // Once a row is refused nothing will be kept: check the rest, write nothing more.
        if (batch.length && !report.errorCount && !report.fileErrors.length) await applyBatch(db, key, batch, report, now, fail);
        batch = [];
        opts.onProgress?.(report.rows);
      };
      try {
        for await (const { record, info, raw } of parser as AsyncIterable<{ record: Partial<Record<Column, string>>; info: { lines: number; columns?: { name: string | false }[] }; raw: string }>) {
          if (!headerChecked) {
            headerChecked = true;
            const names = (info.columns ?? []).map((c) => c.name);
            if (!ADDRESS_COLUMNS.some((c) => names.includes(c.column))) report.fileErrors.push(problem('no_address_column', { columns: ADDRESS_COLUMN_NAMES }));
          }
          const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
          report.rows++;
          if (report.rows > maxRows) {
            report.fileErrors.push(problem('too_many_rows', { line, max: maxRows }));
            source.destroy(); // read no further
            break;
          }
          const checked = checkRow(record, line, { languages: deps.languages, now });
          if (isRowError(checked)) {
            fail(checked);
            continue;
          }
          const duplicateOf = addressesOf(checked)
            .map((a) => seen.get(`${a.channel}:${a.address}`))
            .find((l) => l !== undefined);
          if (duplicateOf !== undefined) {
            fail({ line, errors: [problem('duplicate', { line: duplicateOf, columns: ADDRESS_COLUMN_NAMES })] });
            continue;
          }
          for (const a of addressesOf(checked)) seen.set(`${a.channel}:${a.address}`, line);
          if (checked.consent) {
            anyConsent = true;
            report.consentRows++;
          }
          if (anyConsent && !opts.attestedBy?.trim() && !report.fileErrors.some((e) => e.code === 'attest_needed')) {
            report.fileErrors.push(problem('attest_needed'));
          }
          batch.push(checked);
          if (batch.length >= BATCH) await flush();
        }
      } catch (err) {
        const e = err as { code?: string; lines?: number; message: string };
        if (!e.code?.startsWith('CSV_')) throw err;
        if (e.code === 'CSV_MAX_RECORD_SIZE') {
          report.fileErrors.push(problem('record_too_long', { line: recordStart(e), max: maxRecordBytes }));
        } else fail({ line: e.lines ?? report.rows + 1, errors: [problem('csv_invalid', { detail: e.message })] });
      }
      await flush();
      if (!headerChecked && !report.fileErrors.length) report.fileErrors.push(problem('empty_file'));
      report.ok = report.errorCount === 0 && report.fileErrors.length === 0;
      if (!report.ok || opts.dryRun) throw new Rollback();
      if (report.created + report.updated > 0) {
        await db
          .insertInto('contact_imports')
          .values({ file_name: opts.fileName, sha256: hash.digest('hex'), attested_by: opts.attestedBy?.trim() || null, rows: report.rows, created: report.created, updated: report.updated, created_at: now })
          .execute();
      }
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (report.ok && !report.dryRun && report.created >= ANALYZE_AFTER) {
    // Fresh statistics for the planner: right after a bulk load, before autovacuum gets to it,
    // PostgreSQL plans queries over these tables as if they were nearly empty.
    await sql`ANALYZE contacts, identities, consent_events, contact_tags`.execute(deps.db);
  }
  if (!report.ok) {
    // Nothing was written: say so rather than report counts of a rolled-back transaction.
    report.created = report.updated = report.unchanged = report.optIns = report.keptOptedOut = 0;
  }
  return report;
}

/** The line where the record a csv-parse error is about starts: its current line less the record's line breaks. */
function recordStart(e: { lines?: number; raw?: string }): number {
  return (e.lines ?? 1) - (e.raw?.match(/\n/g)?.length ?? 0);
}

/** Writes one batch of checked rows (inside the import's transaction). */
async function applyBatch(
  db: Kysely<Database>,
  key: SuppressionKey,
  rows: ContactRow[],
  report: ImportReport,
  now: Date,
  fail: (e: RowError) => void,
): Promise<void> {
  const existing = new Map<string, Identity>();
  for (const { channel } of ADDRESS_COLUMNS) {
    const addresses = rows.flatMap((r) => addressesOf(r).flatMap((a) => (a.channel === channel ? [a.address] : [])));
    if (!addresses.length) continue;
    const found = await db.selectFrom('identities').selectAll().where('channel', '=', channel).where('address', 'in', addresses).execute();
    for (const i of found) existing.set(`${i.channel}:${i.address}`, i);
  }

  // Which contact each row is: the one its addresses already belong to, or a new one.
  const plan: { row: ContactRow; contactId: string; isNew: boolean }[] = [];
  for (const row of rows) {
    const owners = new Set(addressesOf(row).flatMap((a) => existing.get(`${a.channel}:${a.address}`)?.contact_id ?? []));
    if (owners.size > 1) {
      fail({ line: row.line, errors: [problem('two_contacts', { columns: ADDRESS_COLUMN_NAMES })] });
      continue;
    }
    const [owner] = owners;
    plan.push({ row, contactId: owner ?? randomUUID(), isNew: !owner });
  }
  if (report.errorCount) return;

  const created = plan.filter((p) => p.isNew);
  if (created.length) {
    await db
      .insertInto('contacts')
      .values(created.map((p) => ({ id: p.contactId, language: p.row.language ?? null, timezone: p.row.timezone ?? null, vars: JSON.stringify(varsOf(p.row, {})), created_at: now, updated_at: now })))
      .execute();
  }
  const changed = new Set<string>();
  const current = plan.filter((p) => !p.isNew).map((p) => p.contactId);
  if (current.length) {
    const contacts = new Map((await db.selectFrom('contacts').select(['id', 'language', 'timezone', 'vars']).where('id', 'in', current).execute()).map((c) => [c.id, c]));
    for (const p of plan.filter((q) => !q.isNew)) {
      const c = contacts.get(p.contactId)!;
      const vars = (c.vars ?? {}) as Record<string, string | number>;
      const next = varsOf(p.row, vars);
      const language = p.row.language ?? c.language;
      const timezone = p.row.timezone ?? c.timezone;
      if (language === c.language && timezone === c.timezone && sameVars(vars, next)) continue;
      await db.updateTable('contacts').set({ language, timezone, vars: JSON.stringify(next), updated_at: now }).where('id', '=', p.contactId).execute();
      changed.add(p.contactId);
    }
  }

  // New addresses (for new and for existing contacts).
  const newIdentities: { id: string; contact_id: string; channel: string; address: string }[] = [];
  for (const p of plan) {
    for (const a of addressesOf(p.row)) {
      const found = existing.get(`${a.channel}:${a.address}`);
      if (found) continue;
      const identity = { id: randomUUID(), contact_id: p.contactId, channel: a.channel, address: a.address };
      newIdentities.push(identity);
      if (!p.isNew) changed.add(p.contactId);
    }
  }
  if (newIdentities.length) {
    const inserted = await db
      .insertInto('identities')
      .values(newIdentities.map((i) => ({ ...i, opted_out_at: null, unreachable_at: null, unreachable_reason: null, created_at: now })))
      .onConflict((oc) => oc.columns(['channel', 'address']).doNothing())
      .returningAll()
      .execute();
    // Someone wrote in from one of these addresses while the import ran: safer to start again.
    if (inserted.length !== newIdentities.length) throw new Error('an address in the file was created meanwhile (someone wrote in): run the import again');
    for (const i of inserted) existing.set(`${i.channel}:${i.address}`, i);
    await applySuppressionList(db, key, inserted, now);
  }

  // Tags are added, never removed: a tag given by another file stays.
  const tagRows = plan.flatMap((p) => p.row.tags.map((tag) => ({ contact_id: p.contactId, tag })));
  if (tagRows.length) {
    const added = await db.insertInto('contact_tags').values(tagRows).onConflict((oc) => oc.columns(['contact_id', 'tag']).doNothing()).returning('contact_id').execute();
    for (const t of added) changed.add(t.contact_id);
  }

  // Consent: one opt-in per address, dated as the file says, unless the address opted out.
  const consents: { identity: Identity; source: string; at: Date; contactId: string }[] = [];
  for (const p of plan) {
    if (!p.row.consent) continue;
    for (const a of addressesOf(p.row)) {
      const identity = existing.get(`${a.channel}:${a.address}`)!;
      consents.push({ identity, source: `import:${p.row.consent.source}`, at: p.row.consent.at, contactId: p.contactId });
    }
  }
  if (consents.length) {
    const ids = consents.map((c) => c.identity.id);
    const optedOut = new Set((await db.selectFrom('identities').select('id').where('id', 'in', ids).where('opted_out', '=', true).execute()).map((r) => r.id));
    const recorded = new Set(
      (await db.selectFrom('consent_events').select(['identity_id', 'source', 'created_at']).where('identity_id', 'in', ids).where('action', '=', 'opt_in').execute()).map(
        (e) => `${e.identity_id}|${e.source}|${new Date(e.created_at).getTime()}`,
      ),
    );
    const fresh = consents.filter((c) => {
      if (optedOut.has(c.identity.id)) {
        report.keptOptedOut++;
        return false;
      }
      return !recorded.has(`${c.identity.id}|${c.source}|${c.at.getTime()}`);
    });
    if (fresh.length) {
      await db
        .insertInto('consent_events')
        .values(fresh.map((c) => ({ contact_id: c.contactId, identity_id: c.identity.id, channel: c.identity.channel, action: 'opt_in' as const, word: null, source: c.source, created_at: c.at })))
        .execute();
      report.optIns += fresh.length;
      for (const c of fresh) changed.add(c.contactId);
    }
  }

  for (const p of plan) {
    if (p.isNew) report.created++;
    else if (changed.has(p.contactId)) report.updated++;
    else report.unchanged++;
  }
}

/** The contact's variables after this row: the file's values win, others are kept. */
function varsOf(row: ContactRow, vars: Record<string, string | number>): Record<string, string | number> {
  const next = { ...vars };
  if (row.name !== undefined) next.name = row.name;
  if (row.state !== undefined) next.state = row.state;
  if (row.zip !== undefined) next.zip = row.zip;
  if (row.registered !== undefined) next.registered = row.registered;
  return next;
}

function sameVars(a: Record<string, string | number>, b: Record<string, string | number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * A forgotten person's address that comes back in a file starts opted out, exactly as when they
 * write again (src/store/suppressions.ts): only their own START brings them back.
 */
async function applySuppressionList(db: Kysely<Database>, key: SuppressionKey, identities: Identity[], now: Date): Promise<void> {
  const hashes = new Map(identities.map((i) => [addressHash(key, i.channel, i.address), i]));
  const listed = await db.selectFrom('suppressions').select('hash').where('hash', 'in', [...hashes.keys()]).execute();
  for (const { hash } of listed) await recordConsent(db, hashes.get(hash)!, 'opt_out', { source: SUPPRESSION_SOURCE, at: now });
}
