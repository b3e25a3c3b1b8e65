/**
 * The fan-out: one job per page of recipients, chained (each job queues the next from the last
 * contact id it handed out). Exactly once per person and step: the recipients ledger's primary key
 * (campaign, step, contact) turns a second hand-out into nothing, and a page's ledger rows, its
 * messages and the step's cursor commit in one transaction. Sends are queued after the commit, for
 * every message of the page still pending, so a job killed between the two is completed by its
 * retry, a repeated launch, or a second worker, and never doubled (send job id = message id).
 *
 * A message that cannot go now is stored 'scheduled' with its time in the ledger (`send_at`): an
 * anchored one, and one its channel would defer (SMS quiet hours). It waits in PostgreSQL, not in
 * Redis, and the release (src/campaigns/release.ts) queues it when due, under the same
 * back-pressure as this fan-out; so Redis holds about a backlog of sends whatever the audience and
 * the hour.
 */
import { DelayedError, type Job } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { isPhoneChannel } from '../channels/registry';
import { normalizeWords } from '../engine/inputs/normalize';
import { timeZoneForContact } from '../lib/quiet-hours';
import type { Runtime } from '../runtime/runtime';
import { audiencePage, type Recipient } from './audience';
import { campaignChannels, markRehearsal } from './rehearsal';
import { checkBreaker } from './breaker';
import { pauseCampaign } from './pause';
import { loadCampaign } from './stored';
import { stepsOf, type CampaignDefinition, type CampaignStep } from './definition';
import { electionsFor } from './elections';
import { CAMPAIGN_JOB, CAMPAIGN_QUEUE, FANOUT_JOB_OPTIONS, campaignJobIds, type FanoutJob, type FlowStartJob } from './jobs';
import { stepRenderer, type Rendered, type RenderContext } from './render';
import { writePage, type Planned } from './page-write';
import { backlogFull, enqueueCampaignSends, sendableAfter } from './send-queue';
import type { Database } from '../store/schema';

/**
 * How long a fan-out waits before looking again when the channel queues are full. Short, so the
 * queue never runs dry while it sleeps: a backlog of 2,000 lasts 2 s even at 1,000 messages/s
 * (a look costs one Redis command).
 */
export const BACKLOG_WAIT_MS = 250;
/** How long a series step waits for the previous step's fan-out to finish. */
const PREVIOUS_STEP_WAIT_MS = 60_000;


/** What one page did. */
export interface PageResult {
  status: 'stale' | 'done' | 'waiting' | 'paused' | 'page';
  handedOut: number;
  skipped: number;
  next?: string;
}

/**
 * Processes one fan-out job. `job` and `token` let it wait (moveToDelayed) when the queues are
 * full or the previous step is not done; without them (tests) it returns 'waiting'.
 */
export async function runFanout(rt: Runtime, data: FanoutJob, job?: Job, token?: string): Promise<PageResult> {
  const db = rt.db.kysely;
  const campaign = await loadCampaign(db, data.campaignId);
  if (!campaign || campaign.status !== 'running' || campaign.run !== data.run) return { status: 'stale', handedOut: 0, skipped: 0 };
  const progress = await db.selectFrom('campaign_progress').selectAll().where('campaign_id', '=', data.campaignId).where('step', '=', data.step).executeTakeFirst();
  if (!progress || progress.done_at) return { status: 'done', handedOut: 0, skipped: 0 };
  const def = campaign.def;
  const step = stepsOf(def).find((s) => s.step === data.step);
  if (!step) return { status: 'done', handedOut: 0, skipped: 0 };
  const channels = campaignChannels(rt, def, campaign.rehearsal);

  const wait = async (ms: number): Promise<PageResult> => {
    if (job && token) {
      await job.moveToDelayed(Date.now() + ms, token);
      throw new DelayedError();
    }
    return { status: 'waiting', handedOut: 0, skipped: 0 };
  };
  if (data.step > 1) {
    const previous = await db.selectFrom('campaign_progress').select('done_at').where('campaign_id', '=', data.campaignId).where('step', '=', data.step - 1).executeTakeFirst();
    if (!previous?.done_at) return wait(PREVIOUS_STEP_WAIT_MS);
  }
  // Back-pressure: the ledger runs at most a backlog ahead of the sends, so Redis holds a bounded
  // number of campaign jobs and a pause has little to hold back.
  // Messages stored 'scheduled' do not count: they are not in Redis until released, under this same check.
  if (await backlogFull(rt, channels)) return wait(BACKLOG_WAIT_MS);
  const trip = await checkBreaker(rt, db, data.campaignId, def);
  if (trip) {
    await pauseCampaign(rt, data.campaignId, { reason: trip.reason, by: 'circuit-breaker', detail: trip });
    return { status: 'paused', handedOut: 0, skipped: 0 };
  }

  const after = data.after || progress.cursor;
  const limit = def.pacing ? Math.min(rt.config.CAMPAIGN_BATCH_SIZE, def.pacing.per_minute) : rt.config.CAMPAIGN_BATCH_SIZE;
  const now = rt.now();
  const ctx: RenderContext = { translator: rt.translator, config: rt.config, elections: electionsFor(rt) };
  let recipients: Recipient[];
  let planned: Planned[];
  let last: string;
  let done: boolean;
  if (data.step === 1) {
    const page = await audiencePage(db, def, { channels, defaultLanguage: rt.translator.defaultLanguage, after, limit });
    ({ recipients, last, done } = page);
    planned = planFirstStep(rt, ctx, def, step, recipients, now, stepRenderer(ctx, step));
  } else {
    const page = await previousStepPage(db, data.campaignId, data.step - 1, after, limit);
    recipients = page;
    last = page.length ? page[page.length - 1].contactId : after;
    done = page.length < limit;
    planned = await planSeriesStep(rt, db, def, step, data.campaignId, page, stepRenderer(ctx, step));
  }
  planned = deferToSendingWindow(rt, planned, now);
  // A rehearsal's messages say so in their payload: deliver() gives them to the stand-in only.
  if (campaign.rehearsal) planned = planned.map((p) => (p.text ? { ...p, text: { ...p.text, payload: markRehearsal(p.text.payload) } } : p));

  await db.transaction().execute(async (tx) => {
    await writePage(tx, data.campaignId, step.step, planned);
    await tx
      .updateTable('campaign_progress')
      .set({ cursor: sql<string>`GREATEST(cursor, ${last})`, ...(done ? { done_at: now } : {}) })
      .where('campaign_id', '=', data.campaignId)
      .where('step', '=', data.step)
      .execute();
  });
  await queuePage(rt, db, def, data.campaignId, step.step, recipients.map((r) => r.contactId), campaign.rehearsal);

  if (!done) {
    const next: FanoutJob = { ...data, after: last };
    const delay = def.pacing ? Math.ceil((recipients.length / def.pacing.per_minute) * 60_000) : 0;
    await rt.queues.get(CAMPAIGN_QUEUE).add(CAMPAIGN_JOB.fanout, next, { jobId: campaignJobIds.fanout(next), ...FANOUT_JOB_OPTIONS, ...(delay ? { delay } : {}) });
  }
  const handedOut = planned.filter((p) => p.status === 'queued').length;
  return { status: done ? 'done' : 'page', handedOut, skipped: planned.length - handedOut, next: done ? undefined : last };
}

/** Step 1: render each person's message and time it: now, or anchored on their state's date (quiet hours: deferToSendingWindow). */
function planFirstStep(rt: Runtime, ctx: RenderContext, def: CampaignDefinition, step: CampaignStep, recipients: Recipient[], now: Date, renderer: Renderer): Planned[] {
  return recipients.map((r) => {
    let sendAt: Date | undefined;
    let expiresAt: Date | undefined;
    const anchor = def.send?.anchor;
    if (anchor) {
      const state = typeof r.vars.state === 'string' ? r.vars.state : undefined;
      const zone = timeZoneForContact({
        declared: r.timezone,
        phone: isPhoneChannel(r.channel) ? r.address : null,
        fallback: ctx.elections?.state(state)?.timezone ?? rt.config.DEFAULT_TIMEZONE,
      });
      const at = ctx.elections?.anchor(state, anchor.date, anchor.days_before, anchor.at, zone);
      if (!at) return { r, status: 'skipped', reason: 'no_election_data' };
      if (now.getTime() >= at.expiresAt.getTime()) return { r, status: 'skipped', reason: 'deadline_passed' };
      expiresAt = at.expiresAt;
      if (at.sendAt.getTime() > now.getTime()) sendAt = at.sendAt;
    }
    return render(renderer, r, sendAt, expiresAt);
  });
}

/**
 * Quiet hours at hand-out: a message its channel would defer (SMS outside the sending window in
 * the person's time zone) gets the window's start as its `send_at`, and is stored 'scheduled' as an
 * anchored one is, instead of being queued and then parked by deliver() as a delayed job in Redis
 * (~0.9 KB each: a whole audience, for a campaign launched at night). An anchored message is
 * checked at its anchor time. Pure over the adapters: `now` comes in.
 */
function deferToSendingWindow(rt: Runtime, planned: Planned[], now: Date): Planned[] {
  return planned.map((p) => {
    if (p.status !== 'queued') return p;
    const target = { address: p.r.address, contactId: p.r.contactId, identityId: p.r.identityId, language: p.text?.language ?? rt.translator.defaultLanguage, timezone: p.r.timezone };
    const until = sendableAfter(rt, p.r.channel, target, p.sendAt ?? now);
    return until ? { ...p, sendAt: until } : p;
  });
}

/** A page's renderer (stepRenderer: recipients with the same text share one rendering). */
type Renderer = (target: { language: string | null; channel: string; vars: Record<string, string | number> }) => Rendered;

/** A rendered message as stored, kept per rendering (shared, like the rendering, by the recipients who get the same text). */
const storedTexts = new WeakMap<Rendered, NonNullable<Planned['text']>>();

function render(renderer: Renderer, r: Recipient, sendAt?: Date, expiresAt?: Date): Planned {
  const rendered = renderer({ language: r.language, channel: r.channel, vars: r.vars });
  if (!rendered.ok) return { r, status: 'skipped', reason: rendered.reason };
  let text = storedTexts.get(rendered);
  if (!text) {
    const m = rendered.message;
    text = { body: m.text, key: m.key ?? null, payload: JSON.stringify(m), language: rendered.language };
    storedTexts.set(rendered, text);
  }
  return { r, status: 'queued', text, sendAt, expiresAt };
}

/** The recipients of the previous step, with their current contact data, a page at a time. */
async function previousStepPage(db: Kysely<Database>, campaignId: string, step: number, after: string, limit: number): Promise<(Recipient & { previous: { status: string; reason: string | null; messageStatus: string | null; at: Date } })[]> {
  const rows = await db
    .selectFrom('campaign_recipients as r')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .leftJoin('identities as i', 'i.id', 'r.identity_id')
    .leftJoin('messages as m', 'm.id', 'r.message_id')
    .select(['r.contact_id', 'r.identity_id', 'r.channel', 'r.status', 'r.reason', 'r.created_at', 'i.address', 'i.opted_out', 'c.language', 'c.timezone', 'c.vars', 'm.status as message_status'])
    .where('r.campaign_id', '=', campaignId)
    .where('r.step', '=', step)
    .where('r.contact_id', '>', after)
    .orderBy('r.contact_id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    contactId: row.contact_id,
    identityId: row.identity_id ?? '',
    channel: row.channel ?? '',
    address: row.address ?? '',
    language: row.language,
    timezone: row.timezone,
    vars: (row.vars ?? {}) as Record<string, string | number>,
    previous: { status: row.opted_out ? 'opted_out' : row.status, reason: row.reason, messageStatus: row.message_status, at: new Date(row.created_at) },
  }));
}

/** Statuses that mean the previous message did not reach the person: the series stops there. */
const NOT_REACHED = new Set(['failed', 'undelivered', 'suppressed']);

/**
 * A later step of a series: it goes to whoever got the previous one, unless they have opted out
 * or answered with a stop word (REGISTERED, in any shipped language) since the series began.
 * Such an answer also records `registered = yes` on the contact.
 */
async function planSeriesStep(rt: Runtime, db: Kysely<Database>, def: CampaignDefinition, step: CampaignStep, campaignId: string, page: Awaited<ReturnType<typeof previousStepPage>>, renderer: Renderer): Promise<Planned[]> {
  if (!page.length) return [];
  const stopKey = def.series?.stop_words ?? 'campaign.registered_words';
  const stopWords = new Set(rt.translator.languages.flatMap((l) => rt.translator.words(l, stopKey)));
  const first = await db
    .selectFrom('campaign_recipients')
    .select(['contact_id', 'created_at'])
    .where('campaign_id', '=', campaignId)
    .where('step', '=', 1)
    .where('contact_id', 'in', page.map((p) => p.contactId))
    .execute();
  const startedAt = new Map(first.map((f) => [f.contact_id, new Date(f.created_at)]));
  const earliest = new Date(Math.min(...first.map((f) => new Date(f.created_at).getTime())));
  const inbound = await db
    .selectFrom('messages')
    .select(['contact_id', 'body', 'created_at'])
    .where('direction', '=', 'in')
    .where('contact_id', 'in', page.map((p) => p.contactId))
    .where('created_at', '>=', earliest)
    .execute();
  const replied = new Set(
    inbound
      .filter((m) => m.contact_id && new Date(m.created_at) >= (startedAt.get(m.contact_id) ?? earliest) && stopWords.has(normalizeWords(m.body ?? '')))
      .map((m) => m.contact_id!),
  );
  for (const contactId of replied) {
    // Atomic merge: the runner may be saving this contact's variables at the same moment.
    await sql`UPDATE contacts SET vars = vars || ${JSON.stringify({ registered: 'yes' })}::jsonb WHERE id = ${contactId}`.execute(db);
  }
  return page.map((p): Planned => {
    if (p.previous.status === 'opted_out') return { r: p, status: 'stopped', reason: 'opted_out' };
    // Stopped (or skipped) at an earlier step: stays stopped, for the same reason.
    if (p.previous.status !== 'queued') return { r: p, status: 'stopped', reason: p.previous.reason ?? 'not_reached' };
    if (replied.has(p.contactId)) return { r: p, status: 'stopped', reason: 'replied' };
    if (p.previous.messageStatus && NOT_REACHED.has(p.previous.messageStatus)) return { r: p, status: 'stopped', reason: 'not_reached' };
    return render(renderer, p);
  });
}

/**
 * After the commit: queue the sends (and flow starts) of every message of the page still pending.
 * A 'scheduled' one gets both when it is released (src/campaigns/release.ts), not now: a flow start
 * waiting for it would be a job in Redis per person until then.
 */
async function queuePage(rt: Runtime, db: Kysely<Database>, def: CampaignDefinition, campaignId: string, step: number, contactIds: string[], rehearsal: boolean): Promise<void> {
  if (!contactIds.length) return;
  const rows = await db
    .selectFrom('campaign_recipients as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .select(['m.id', 'm.channel', 'r.contact_id', 'r.identity_id'])
    .where('r.campaign_id', '=', campaignId)
    .where('r.step', '=', step)
    .where('r.contact_id', 'in', contactIds)
    .where('m.status', '=', 'pending')
    .execute();
  await enqueueCampaignSends(rt, rows.map((r) => ({ id: String(r.id), channel: r.channel })));
  // A rehearsal starts no flow: nobody received anything to answer.
  if (def.flow && step === 1 && !rehearsal) await queueFlowStarts(rt, def.flow, campaignId, rows.map((r) => ({ contactId: r.contact_id, identityId: r.identity_id!, messageId: String(r.id) })));
}

/**
 * Flow starts for messages that are due (pending, or being released), each after its person's
 * campaign message (src/campaigns/flow-start.ts waits for it to go). Idempotent: one job id per
 * campaign and person.
 */
export async function queueFlowStarts(rt: Runtime, flowId: string, campaignId: string, rows: { contactId: string; identityId: string; messageId: string }[]): Promise<void> {
  if (!rows.length) return;
  await rt.queues.get(CAMPAIGN_QUEUE).addBulk(
    rows.map((r) => {
      const data: FlowStartJob = { campaignId, contactId: r.contactId, identityId: r.identityId, messageId: r.messageId, flowId };
      return { name: CAMPAIGN_JOB.flow, data, opts: { jobId: campaignJobIds.flow(campaignId, r.contactId), attempts: 5, backoff: { type: 'exponential' as const, delay: 5000 } } };
    }),
  );
}
