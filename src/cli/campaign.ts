/**
 * `civic-engage campaign create|list|preview|launch|pause|resume|status`. The commands open the
 * system without web server or workers (database, Redis, flows, channels): the workers of the
 * running server or `worker` processes do the sending. See docs/campaigns.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { adminBase, cliLogger, openCliDb } from './context';
import { CliError } from './errors';
import { launchCampaign, listCampaigns, resumeCampaign, saveCampaign } from '../campaigns/control';
import { pauseCampaign } from '../campaigns/pause';
import { CampaignError, parseCampaignYaml, type CampaignDefinition } from '../campaigns/definition';
import { previewCampaign, type CampaignPreview } from '../campaigns/preview';
import { campaignStatus, type CampaignStatusReport, type Counts } from '../campaigns/status';
import type { Config } from '../config';
import type { Runtime } from '../runtime/runtime';
import { startSystem } from '../app/system';

/** Where a command writes (stdout in the CLI; a buffer in tests), and the system it runs on. */
export interface CampaignIo {
  config: Config;
  out(text: string): void;
  /** A running system's runtime (tests); the CLI starts its own. */
  runtime?: Runtime;
}

async function withRuntime<T>(io: CampaignIo, hint: string, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  if (io.runtime) return fn(io.runtime);
  // Beside a running server on the embedded database, its database through its socket.
  const db = await openCliDb(io.config, hint);
  const system = await startSystem({ config: io.config, web: false, workers: false, log: cliLogger(), db });
  try {
    return await fn(system.runtime);
  } catch (err) {
    if (err instanceof CampaignError) throw new CliError(err.message);
    throw err;
  } finally {
    await system.stop();
  }
}

const api = (io: CampaignIo, path: string, method = 'GET') => `curl ${method === 'GET' ? '' : `-X ${method} `}-H "Authorization: Bearer $ADMIN_TOKEN" ${adminBase(io.config)}/campaigns${path}`;

function readDefinition(file: string): CampaignDefinition {
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  try {
    return parseCampaignYaml(readFileSync(file, 'utf8'), file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** `campaign create <file>`: saves (or updates, while a draft) a campaign definition. */
export async function campaignCreate(io: CampaignIo, file: string): Promise<void> {
  const def = readDefinition(file);
  await withRuntime(io, `${api(io, '', 'POST')} --data-binary @${file}`, async (rt) => {
    const r = await saveCampaign(rt, def);
    io.out(`campaign ${r.id}: ${r.created ? 'created (draft)' : r.changed ? 'updated' : `unchanged (${r.status})`}. Next: civic-engage campaign preview ${r.id}\n`);
  });
}

export async function campaignList(io: CampaignIo, opts: { json?: boolean }): Promise<void> {
  await withRuntime(io, api(io, ''), async (rt) => {
    const rows = await listCampaigns(rt);
    if (opts.json) return io.out(`${JSON.stringify(rows, null, 2)}\n`);
    if (!rows.length) return io.out('No campaigns yet: civic-engage campaign create <file.yaml>\n');
    io.out(rows.map((c) => `${c.id.padEnd(28)} ${c.status.padEnd(10)} ${c.name}${c.rehearsal ? '  (REHEARSAL: recorded, never sent)' : ''}${c.paused_reason ? `  [${c.paused_reason}]` : ''}`).join('\n') + '\n');
  });
}

/** `campaign preview <id | file.yaml>`: audience, texts, segments and cost, launch problems. */
export async function campaignPreview(io: CampaignIo, idOrFile: string, opts: { json?: boolean }): Promise<CampaignPreview> {
  const target = /\.(ya?ml|json)$/.test(idOrFile) ? readDefinition(idOrFile) : idOrFile;
  return withRuntime(io, api(io, `/${idOrFile}/preview`), async (rt) => {
    const p = await previewCampaign(rt, target);
    io.out(opts.json ? `${JSON.stringify(p, null, 2)}\n` : formatPreview(p));
    return p;
  });
}

export function formatPreview(p: CampaignPreview): string {
  const out: string[] = [`Campaign ${p.id}: ${p.audience.total} people (channels on: ${p.channels.join(', ') || 'none'})`];
  for (const c of p.audience.cells) out.push(`  ${c.language.padEnd(4)} ${c.channel.padEnd(9)} ${String(c.count).padStart(7)}`);
  for (const t of p.texts) {
    out.push('', `--- step ${t.step}, ${t.language}, ${t.channel}${t.segments ? ` (${t.segments} SMS segment${t.segments > 1 ? 's' : ''}, ${t.encoding})` : ''}${t.fallback ? ' [no text in this language: default language shown]' : ''}`);
    out.push(t.text ?? `(not sent: ${t.skipped})`);
    if (t.text && t.skipped) out.push(`(the sample contact gets nothing: the text ${t.skipped}; shown here for a state with data)`);
  }
  out.push('', `SMS: ${p.sms.messages} messages, ${p.sms.segments} segments, about $${p.sms.estimatedCost.toFixed(2)} at $${p.sms.pricePerSegment}/segment (SMS_PRICE_PER_SEGMENT)`);
  for (const w of p.warnings) out.push(`warning: ${w}`);
  if (p.problems.length) out.push('', 'Cannot launch yet:', ...p.problems.map((x) => `  - ${x}`));
  else out.push('', `Ready: civic-engage campaign launch ${p.id}`);
  return `${out.join('\n')}\n`;
}

export async function campaignLaunch(io: CampaignIo, id: string, opts: { rehearsal?: boolean } = {}): Promise<void> {
  await withRuntime(io, api(io, `/${id}/launch${opts.rehearsal ? '?rehearsal=true' : ''}`, 'POST'), async (rt) => {
    const r = await launchCampaign(rt, id, opts.rehearsal ? { rehearsal: true } : {});
    io.out(`campaign ${id}: ${r.relaunch ? 'relaunched (nobody already reached gets it again)' : 'launched'}${r.rehearsal ? ' as a REHEARSAL (messages recorded, never sent)' : ''} (run ${r.run}, first messages ${r.startsAt.getTime() > rt.now().getTime() ? `at ${r.startsAt.toISOString()}` : 'now'}). Follow it: civic-engage campaign status ${id}\n`);
  });
}

export async function campaignPause(io: CampaignIo, id: string, opts: { reason?: string }): Promise<void> {
  await withRuntime(io, api(io, `/${id}/pause`, 'POST'), async (rt) => {
    const r = await pauseCampaign(rt, id, { reason: opts.reason, by: 'organizer (CLI)' });
    io.out(r.changed ? `campaign ${id}: paused; ${r.held} messages held back.\n` : `campaign ${id}: already paused.\n`);
  });
}

export async function campaignResume(io: CampaignIo, id: string): Promise<void> {
  await withRuntime(io, api(io, `/${id}/resume`, 'POST'), async (rt) => {
    const r = await resumeCampaign(rt, id);
    io.out(`campaign ${id}: resumed (run ${r.run}); ${r.released} held messages queued again.\n`);
  });
}

export async function campaignStatusCommand(io: CampaignIo, id: string, opts: { json?: boolean }): Promise<CampaignStatusReport> {
  return withRuntime(io, api(io, `/${id}`), async (rt) => {
    const s = await campaignStatus(rt, id);
    io.out(opts.json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
    return s;
  });
}

const countsLine = (c: Counts) =>
  `handed out ${c.handedOut}, sent ${c.sent}, delivered ${c.delivered}, failed ${c.failed}, suppressed ${c.suppressed}, waiting ${c.waiting}${c.skipped ? `, skipped ${c.skipped}` : ''}${c.stopped ? `, stopped ${c.stopped}` : ''}`;

export function formatStatus(s: CampaignStatusReport): string {
  const out = [`Campaign ${s.id} (${s.name}): ${s.status.toUpperCase()}${s.rehearsal ? ' (REHEARSAL: "sent" counts messages recorded, none left)' : ''}${s.pausedReason ? ` - ${s.pausedReason}` : ''}`];
  const finished = s.totals.sent + s.totals.suppressed;
  out.push(`  progress: ${s.totals.handedOut ? Math.round((finished / s.totals.handedOut) * 100) : 0}% of ${s.totals.handedOut} handed out${s.steps.every((x) => x.fanoutDone) ? '' : ' (fan-out still going)'}`);
  out.push(`  ${countsLine(s.totals)}; replies ${s.totals.replies}`);
  for (const [channel, c] of Object.entries(s.byChannel)) out.push(`  ${channel.padEnd(9)} ${countsLine(c)}`);
  if (s.steps.length > 1) for (const st of s.steps) out.push(`  step ${st.step}: ${st.handedOut} handed out${st.fanoutDone ? '' : `, due ${st.dueAt}`}`);
  if (Object.keys(s.reasons).length) out.push(`  reasons: ${Object.entries(s.reasons).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.events.length) out.push('  recent events:', ...s.events.map((e) => `    ${e.at} ${e.kind}${(e.detail as { reason?: string } | null)?.reason ? `: ${(e.detail as { reason: string }).reason}` : ''}`));
  return `${out.join('\n')}\n`;
}
