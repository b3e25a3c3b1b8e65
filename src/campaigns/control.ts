/**
 * A campaign's life: save (draft) → launch → pause ⇄ resume → completed. Each transition is one
 * conditional UPDATE, so two organizers (or the circuit breaker and an organizer) racing end in one
 * state. Launching again is always safe: it starts a new run of the fan-out from where the ledger
 * got to, and the ledger hands nobody a message twice. Pausing is in pause.ts (the fan-out and the
 * release pause a campaign themselves when the circuit breaker trips).
 */
import { isDeepStrictEqual } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../config';
import type { Runtime } from '../runtime/runtime';
import type { Database } from '../store/schema';
import { recordEvent } from './alerts';
import { campaignChannels, rehearsalAvailable } from './rehearsal';
import { CampaignError, stepsOf, type CampaignDefinition } from './definition';
import { requireElections } from './elections';
import { CAMPAIGN_JOB, CAMPAIGN_QUEUE, FANOUT_JOB_OPTIONS, campaignJobIds, type FanoutJob } from './jobs';
import { startRelease } from './release';
import { needsElectionData, senderOf, templateOf, templateVars } from './render';
import { releaseHeldMessages, requeuePending } from './send-queue';
import { loadCampaign, mustLoad } from './stored';
import type { CampaignStatus } from './tables';

/** Every campaign, newest first. */
export async function listCampaigns(rt: Runtime) {
  return rt.db.kysely.selectFrom('campaigns').select(['id', 'name', 'status', 'rehearsal', 'launched_at', 'completed_at', 'paused_reason']).orderBy('created_at', 'desc').execute();
}

/**
 * Saves a definition. A new campaign is a draft; an existing one may change only while it is a
 * draft (changing the text of a campaign half sent would send two different campaigns). Saving
 * the same definition again is a no-op whatever the state.
 */
export async function saveCampaign(rt: Runtime, def: CampaignDefinition): Promise<{ id: string; status: CampaignStatus; created: boolean; changed: boolean }> {
  const db = rt.db.kysely;
  const now = rt.now();
  const existing = await loadCampaign(db, def.id);
  if (!existing) {
    await db.insertInto('campaigns').values({ id: def.id, name: def.name, definition: JSON.stringify(def), status: 'draft', paused_reason: null, starts_at: null, launched_at: null, completed_at: null, created_at: now, updated_at: now }).execute();
    return { id: def.id, status: 'draft', created: true, changed: true };
  }
  if (isDeepStrictEqual(existing.def, def)) return { id: def.id, status: existing.status, created: false, changed: false };
  if (existing.status !== 'draft') throw new CampaignError(`campaign "${def.id}" is ${existing.status}: only a draft can be changed (save it under a new id)`, 409);
  await db.updateTable('campaigns').set({ name: def.name, definition: JSON.stringify(def), updated_at: now }).where('id', '=', def.id).where('status', '=', 'draft').execute();
  return { id: def.id, status: 'draft', created: false, changed: true };
}

let demoOrgName: string | undefined;

/**
 * What stops a campaign from launching, in words an organizer can act on (empty: it may launch).
 * Sender identity and disclaimer are legal requirements for political texts; election facts must
 * come from real data; the text must exist at least in the default language.
 */
export function launchProblems(rt: Runtime, def: CampaignDefinition, opts: { rehearsal?: boolean } = {}): string[] {
  // A rehearsal sends nothing, so what protects the people a real launch reaches (the disclaimer,
  // the sender, real election data) does not stop it: those are shown beside it instead
  // (realLaunchOnly), and it runs on a fresh install. Everything else a launch refuses, it refuses.
  const problems: string[] = opts.rehearsal ? [] : realLaunchOnly(rt, def);
  // Its channels are the stand-ins, never a configured channel.
  const channels = campaignChannels(rt, def, Boolean(opts.rehearsal));
  if (opts.rehearsal && !rehearsalAvailable(rt)) problems.push('a rehearsal needs SMS to be off: this install has SMS provider settings (TWILIO_*), so campaigns here are launched for real');
  else if (opts.rehearsal && !channels.length) problems.push(`a rehearsal reaches SMS only, and the campaign's channels (${def.audience.channels.join(', ')}) do not include sms`);
  else if (!channels.length) problems.push(`none of the campaign's channels (${def.audience.channels.join(', ')}) is configured here (on: ${[...rt.channels.keys()].join(', ') || 'none'})${rehearsalAvailable(rt) && def.audience.channels.includes('sms') ? ': without an SMS provider you can launch it as a rehearsal' : ''}`);
  let needsElections = Boolean(def.send?.anchor);
  for (const step of stepsOf(def)) {
    const label = step.message ?? `step ${step.step} text`;
    if (!templateOf(rt.translator, step, rt.translator.defaultLanguage)) problems.push(`${label}: no text in the default language (${rt.translator.defaultLanguage})`);
    for (const language of rt.translator.languages) {
      const template = templateOf(rt.translator, step, language) ?? '';
      if (templateVars(template).some(needsElectionData)) needsElections = true;
    }
  }
  if (def.series) {
    for (const language of rt.translator.languages) {
      if (!rt.translator.words(language, def.series.stop_words).length && language === rt.translator.defaultLanguage) problems.push(`${def.series.stop_words}: no stop words in ${language}`);
    }
  }
  if (needsElections) {
    try {
      const data = requireElections(rt);
      if (def.send?.anchor && !data.dateKeys().includes(def.send.anchor.date)) problems.push(`send.anchor.date "${def.send.anchor.date}" is not a date of any state in ${data.path} (${data.dateKeys().join(', ')})`);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (def.flow && !rt.flows.current(def.flow)) problems.push(`flow "${def.flow}" does not exist`);
  // A channel's own conditions (WhatsApp: an approved template per message and language, for
  // every language its people may read).
  const steps = stepsOf(def).map((step) => ({ step: step.step, ...(step.message ? { key: step.message } : {}), languages: rt.translator.languages }));
  if (!opts.rehearsal) for (const adapter of rt.channels.values()) if (channels.includes(adapter.channel)) problems.push(...(adapter.campaignProblems?.(steps) ?? []));
  return problems;
}

/** Whether a campaign's texts or send time need the election data (its dates, links, offices). */
function usesElectionData(rt: Runtime, def: CampaignDefinition): boolean {
  if (def.send?.anchor) return true;
  return stepsOf(def).some((step) => rt.translator.languages.some((language) => templateVars(templateOf(rt.translator, step, language) ?? '').some(needsElectionData)));
}

/**
 * What stops a real launch and not a rehearsal: the "Paid for by" disclaimer and the sender
 * identity (legal requirements for political texts) and election data still holding the example
 * values. A rehearsal shows them as what to fix before launching for real.
 */
export function realLaunchOnly(rt: Runtime, def: CampaignDefinition): string[] {
  const problems: string[] = [];
  demoOrgName ??= loadConfig({}).ORG_NAME;
  if (!rt.config.ORG_DISCLAIMER?.trim()) problems.push('ORG_DISCLAIMER is not set: every campaign message must carry the "Paid for by ..." disclaimer');
  if (senderOf(rt.config) === demoOrgName) problems.push(`the sender identity is still the demo "${demoOrgName}": set ORG_SENDER (or ORG_NAME) to your organization's name`);
  if (usesElectionData(rt, def)) {
    try {
      const data = requireElections(rt);
      if (data.example) problems.push(`${data.path} holds EXAMPLE values (example: true): put in your states' real dates and links, then set example: false`);
    } catch {
      // missing or broken election data is a problem of every launch, rehearsals too (launchProblems)
    }
  }
  return problems;
}

/** Queues the first (or next) fan-out job of each step not finished, from the step's cursor. */
async function kick(rt: Runtime, db: Kysely<Database>, id: string, run: number): Promise<void> {
  const now = rt.now().getTime();
  const steps = await db.selectFrom('campaign_progress').selectAll().where('campaign_id', '=', id).where('done_at', 'is', null).execute();
  for (const p of steps) {
    const data: FanoutJob = { campaignId: id, step: p.step, run, after: p.cursor };
    const delay = Math.max(0, new Date(p.due_at).getTime() - now);
    await rt.queues.get(CAMPAIGN_QUEUE).add(CAMPAIGN_JOB.fanout, data, { jobId: campaignJobIds.fanout(data), ...FANOUT_JOB_OPTIONS, ...(delay ? { delay } : {}) });
  }
}

/**
 * Launches a campaign: a draft starts; a running one is relaunched (a new run from where it got
 * to: what a crashed or stuck fan-out needs, and harmless otherwise); a finished single message
 * goes to whoever joined the audience since. Refuses with every launch problem at once.
 */
export async function launchCampaign(rt: Runtime, id: string, opts: { rehearsal?: boolean } = {}): Promise<{ status: CampaignStatus; run: number; relaunch: boolean; startsAt: Date; rehearsal: boolean }> {
  const db = rt.db.kysely;
  const c = await mustLoad(db, id);
  // The mode is chosen at the first launch and kept: a relaunch goes on as it began.
  const rehearsal = c.status === 'draft' ? Boolean(opts.rehearsal) : c.rehearsal;
  if (c.status !== 'draft' && opts.rehearsal !== undefined && opts.rehearsal !== c.rehearsal) throw new CampaignError(`campaign "${id}" was launched ${c.rehearsal ? 'as a rehearsal' : 'for real'}: save it under a new id to ${c.rehearsal ? 'launch it for real' : 'rehearse it'}`, 409);
  if (c.status === 'paused') throw new CampaignError(`campaign "${id}" is paused${c.pausedReason ? ` (${c.pausedReason})` : ''}: resume it instead`, 409);
  if (c.status === 'cancelled') throw new CampaignError(`campaign "${id}" was cancelled`, 409);
  if (c.status === 'completed' && c.def.series) throw new CampaignError(`campaign "${id}" is a finished series: save a new campaign to run it again`, 409);
  const problems = launchProblems(rt, c.def, { rehearsal });
  if (problems.length) throw new CampaignError(`campaign "${id}" cannot ${rehearsal ? 'be rehearsed' : 'launch'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 409);
  const now = rt.now();
  const startsAt = c.startsAt ?? (c.def.send?.at ? new Date(c.def.send.at) : now);
  const run = await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('campaigns')
      .set({
        status: 'running',
        run: sql<number>`run + 1`,
        rehearsal,
        paused_reason: null,
        completed_at: null,
        starts_at: startsAt,
        ...(c.launchedAt ? {} : { launched_at: now }),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', c.status)
      .returning('run')
      .executeTakeFirst();
    if (!updated) throw new CampaignError(`campaign "${id}" changed state meanwhile: try again`, 409);
    await tx
      .insertInto('campaign_progress')
      .values(stepsOf(c.def).map((s) => ({ campaign_id: id, step: s.step, cursor: '', due_at: new Date(startsAt.getTime() + s.afterMs), done_at: null })))
      .onConflict((oc) => oc.columns(['campaign_id', 'step']).doNothing())
      .execute();
    // A finished single message walks the audience again: the ledger skips everyone it reached.
    if (c.status === 'completed') await tx.updateTable('campaign_progress').set({ cursor: '', done_at: null }).where('campaign_id', '=', id).execute();
    return Number(updated.run);
  });
  await recordEvent(db, id, c.status === 'draft' ? 'launched' : 'relaunched', { run, ...(rehearsal ? { rehearsal } : {}) }, now);
  if (c.status !== 'draft') await requeuePending(rt, db, id);
  await kick(rt, db, id, run);
  rt.log.info({ campaignId: id, run, rehearsal }, c.status === 'draft' ? 'campaign launched' : 'campaign relaunched');
  return { status: 'running', run, relaunch: c.status !== 'draft', startsAt, rehearsal };
}

/** Resumes a paused campaign: held messages go back to their queues, the fan-out goes on. */
export async function resumeCampaign(rt: Runtime, id: string): Promise<{ status: CampaignStatus; run: number; released: number }> {
  const db = rt.db.kysely;
  const c = await mustLoad(db, id);
  if (c.status !== 'paused') throw new CampaignError(`campaign "${id}" is ${c.status}: only a paused campaign can be resumed`, 409);
  const problems = launchProblems(rt, c.def, { rehearsal: c.rehearsal });
  if (problems.length) throw new CampaignError(`campaign "${id}" cannot resume:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 409);
  const now = rt.now();
  const updated = await db
    .updateTable('campaigns')
    .set({ status: 'running', run: sql<number>`run + 1`, paused_reason: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'paused')
    .returning('run')
    .executeTakeFirst();
  if (!updated) throw new CampaignError(`campaign "${id}" changed state meanwhile: try again`, 409);
  const run = Number(updated.run);
  const released = await releaseHeldMessages(rt, db, id);
  await recordEvent(db, id, 'resumed', { run, released }, now);
  await kick(rt, db, id, run);
  // Scheduled messages that came due while it was paused go now, not at the next periodic check.
  await startRelease(rt, db, id, run, now);
  rt.log.info({ campaignId: id, run, released }, 'campaign resumed');
  return { status: 'running', run, released };
}

export { kick as kickFanout };
