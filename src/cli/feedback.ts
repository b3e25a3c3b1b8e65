/**
 * `civic-engage feedback export|digest|engagement`: what people said, for a spreadsheet, for
 * Slack, and who engages, by language and channel.
 */
import { writeFileSync } from 'node:fs';
import { adminBase, cliLogger, loadTranslator, openCliDb } from './context';
import { CliError } from './errors';
import { digestAsText } from '../feedback/digest';
import { digestTimeZone, postDigest, previewDigest } from '../feedback/digest-job';
import { engagementData, formatEngagementTable, formatLeastEngaged, engagementFigures, engagementTotal, leastEngaged, leftOut } from '../feedback/engagement';
import { renderFeedbackExport, type ExportFormat } from '../feedback/export';
import { listFeedback } from '../feedback/query';
import { parseInstant } from '../feedback/time';
import type { CommandIo } from './contact';

function window(io: CommandIo, opts: { since?: string; until?: string }, defaultSince: string): { since: Date; until: Date } {
  const now = io.now?.() ?? new Date();
  const tz = digestTimeZone(io);
  try {
    const since = parseInstant(opts.since ?? defaultSince, now, tz);
    const until = opts.until ? parseInstant(opts.until, now, tz) : now;
    if (since >= until) throw new RangeError('--since must be before --until');
    return { since, until };
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** `feedback export`: CSV (spreadsheet-safe, UTF-8 with BOM) or JSON, to stdout or --out. */
export async function feedbackExport(io: CommandIo, opts: { since?: string; until?: string; format?: string; flow?: string; topic?: string; language?: string; channel?: string; out?: string }): Promise<void> {
  const format = (opts.format ?? 'csv') as ExportFormat;
  if (format !== 'csv' && format !== 'json') throw new CliError('--format must be csv or json');
  const w = window(io, opts, '30d');
  const db = await openCliDb(io.config, `curl -H "Authorization: Bearer $ADMIN_TOKEN" "${adminBase(io.config)}/feedback?since=${opts.since ?? '30d'}&format=${format}"`);
  try {
    const rows = await listFeedback(db.kysely, { ...w, flow: opts.flow, topic: opts.topic, language: opts.language, channel: opts.channel });
    const out = renderFeedbackExport(rows, format, digestTimeZone(io), { ...w, exportedAt: io.now?.() ?? new Date() });
    if (opts.out) {
      writeFileSync(opts.out, out.body, { mode: 0o600 });
      process.stderr.write(`${rows.length} feedback answers written to ${opts.out}\n`);
    } else io.out(out.body);
  } finally {
    await db.close();
  }
}

/** `feedback digest`: prints the digest as it would be posted now; --post posts it to DIGEST_CHANNEL. */
export async function feedbackDigest(io: CommandIo, opts: { post?: boolean }): Promise<void> {
  const db = await openCliDb(io.config, `curl -H "Authorization: Bearer $ADMIN_TOKEN" ${adminBase(io.config)}/digest`);
  try {
    const deps = { config: io.config, db, log: cliLogger(), now: io.now ?? (() => new Date()), translator: loadTranslator(io.config) };
    if (opts.post) {
      if (!io.config.DIGEST_CHANNEL || !io.config.SLACK_BOT_TOKEN) throw new CliError('set DIGEST_CHANNEL and SLACK_BOT_TOKEN to post the digest');
      const result = await postDigest(deps, `manual-${deps.now().toISOString().replace(/[:.]/g, '-')}`);
      io.out(`Digest ${result.status} to ${io.config.DIGEST_CHANNEL}${result.ts ? ` (ts ${result.ts})` : ''}\n`);
    } else io.out(`${digestAsText(await previewDigest(deps))}\n`);
  } finally {
    await db.close();
  }
}

/** `feedback engagement`: replies, completion and opt-outs per language and channel. */
export async function feedbackEngagement(io: CommandIo, opts: { since?: string; until?: string; json?: boolean }): Promise<void> {
  const w = window(io, opts, '30d');
  const db = await openCliDb(io.config, `curl -H "Authorization: Bearer $ADMIN_TOKEN" "${adminBase(io.config)}/engagement?since=${opts.since ?? '30d'}"`);
  try {
    const rows = await engagementData(db.kysely, w.since, w.until);
    if (opts.json) {
      io.out(`${JSON.stringify({ since: w.since, until: w.until, communities: engagementFigures(rows), total: engagementTotal(rows), left_out: leftOut(rows), least_engaged: leastEngaged(rows) }, null, 2)}\n`);
      return;
    }
    io.out(`Engagement from ${w.since.toISOString()} to ${w.until.toISOString()}\n\n${formatEngagementTable(rows)}\n`);
    const least = leastEngaged(rows);
    if (least) io.out(`\n${formatLeastEngaged(least)}\n`);
    const flagged = leftOut(rows);
    if (flagged.length) {
      io.out('\nBeing left out?\n');
      for (const f of flagged) io.out(`  ${f.language} on ${f.channel}: ${f.measure} ${Math.round(f.rate * 100)}% against ${Math.round(f.overall * 100)}% overall\n`);
    }
  } finally {
    await db.close();
  }
}
