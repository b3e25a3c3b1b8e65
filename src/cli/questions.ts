/**
 * `civic-engage questions export`: what the assistant could not answer, grouped so the most-asked
 * missing topics come first, for a spreadsheet (CSV) or a tool (JSON). The same export as
 * GET /api/admin/questions/unanswered.
 */
import { writeFileSync } from 'node:fs';
import { adminBase, openCliDb } from './context';
import { CliError } from './errors';
import type { CommandIo } from './contact';
import { digestTimeZone } from '../feedback/digest-job';
import { parseInstant } from '../feedback/time';
import { renderQuestionsExport, type QuestionsFormat } from '../knowledge/unanswered/export';
import { listUnanswered } from '../knowledge/unanswered/store';

/** `questions export`: CSV (spreadsheet-safe, UTF-8 with BOM) or JSON, to stdout or --out (mode 0600: people's words). */
export async function questionsExport(io: CommandIo, opts: { since?: string; until?: string; format?: string; language?: string; out?: string }): Promise<void> {
  const format = (opts.format ?? 'csv') as QuestionsFormat;
  if (format !== 'csv' && format !== 'json') throw new CliError('--format must be csv or json');
  const now = io.now?.() ?? new Date();
  const tz = digestTimeZone(io);
  let since: Date;
  let until: Date;
  try {
    since = parseInstant(opts.since ?? '30d', now, tz);
    until = opts.until ? parseInstant(opts.until, now, tz) : now;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (since >= until) throw new CliError('--since must be before --until');
  const db = await openCliDb(io.config, `curl -H "Authorization: Bearer $ADMIN_TOKEN" "${adminBase(io.config)}/questions/unanswered?since=${opts.since ?? '30d'}&format=${format}"`);
  try {
    const rows = await listUnanswered(db.kysely, { since, until, language: opts.language });
    const out = renderQuestionsExport(rows, format, tz, { since, until, exportedAt: now });
    if (opts.out) {
      writeFileSync(opts.out, out.body, { mode: 0o600 });
      process.stderr.write(`${rows.length} unanswered questions written to ${opts.out}\n`);
    } else io.out(out.body);
  } finally {
    await db.close();
  }
}
