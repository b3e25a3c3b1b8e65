/**
 * `civic-engage contacts import <file.csv>`: people and their consent, from a spreadsheet.
 * All or nothing: a file with a bad row changes nothing and every bad row is listed by line.
 * Format: docs/campaigns.md ("Importing contacts").
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Config } from '../config';
import { adminBase, loadTranslator, openCliDb } from './context';
import { CliError } from './errors';
import { importContacts, type ImportReport } from '../contacts/import';
import { inEnglish } from '../contacts/problems';

/** A report whose problems are English words. */
type EnglishReport = ReturnType<typeof inEnglish<ImportReport>>;

/** Where a command writes (stdout in the CLI; a buffer in tests). */
export interface CommandIo {
  config: Config;
  out(text: string): void;
  now?(): Date;
}

/** Runs an import and prints its report; resolves with the report (ok false: nothing was written). */
export async function contactsImport(io: CommandIo, file: string, opts: { attest?: string; dryRun?: boolean; json?: boolean }): Promise<ImportReport> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  const hint = `curl -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H "content-type: text/csv" --data-binary @${file} "${adminBase(io.config)}/contacts/import?attest=<your name>&file_name=${basename(file)}"`;
  const db = await openCliDb(io.config, hint);
  try {
    const translator = loadTranslator(io.config);
    const languages = translator?.languages ?? [io.config.DEFAULT_LANGUAGE];
    const report = await importContacts({ db: db.kysely, config: io.config, languages, now: io.now ?? (() => new Date()) }, createReadStream(file), {
      fileName: basename(file),
      attestedBy: opts.attest,
      dryRun: opts.dryRun,
    });
    // The problems in English words (without texts to say them: their codes and values).
    const english = inEnglish(report, (key, vars) => translator?.t('en', key, vars) ?? `${key.split('.').pop()} ${JSON.stringify(vars ?? {})}`);
    io.out(opts.json ? `${JSON.stringify(english, null, 2)}\n` : formatReport(english));
    return report;
  } finally {
    await db.close();
  }
}

/** The report as an organizer reads it. */
export function formatReport(r: EnglishReport): string {
  const lines: string[] = [];
  if (r.ignoredColumns.length) lines.push(`Ignored columns: ${r.ignoredColumns.join(', ')}`);
  if (!r.ok) {
    lines.push(`${r.fileName}: NOTHING WAS IMPORTED (${r.rows} rows read). Fix these and import the whole file again:`);
    for (const e of r.fileErrors) lines.push(`  ${e}`);
    for (const e of r.errors) for (const why of e.errors) lines.push(`  line ${e.line}: ${why}`);
    if (r.errorCount > r.errors.length) lines.push(`  ... and ${r.errorCount - r.errors.length} more rows`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `${r.fileName}: ${r.rows} rows${r.dryRun ? ' checked (dry run: nothing written)' : ' imported'}: ${r.created} new contacts, ${r.updated} updated, ${r.unchanged} unchanged; ${r.optIns} opt-ins recorded.`,
  );
  if (r.keptOptedOut) lines.push(`${r.keptOptedOut} address(es) had opted out (or were forgotten): they stay opted out whatever the file says.`);
  return `${lines.join('\n')}\n`;
}
