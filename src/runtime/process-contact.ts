import type { Kysely } from 'kysely';
import { step } from '../engine/step';
import type { ContactView, ConversationState, Effect, EngineEvent, StepResult } from '../engine/types';
import { CONSENT_REPLY_KEYS } from '../engine/consent';
import { JOB, QUEUES, jobIds, type StartFlowJob, type TimeoutJob } from '../queue/jobs';
import { recordConsent } from '../store/consent';
import { getIdentity } from '../store/contacts';
import { lockForStep, writeStep, type ConversationEnd, type PendingPrefetch } from '../store/conversations';
import type { NewOutbound } from '../store/messages';
import { insertFeedback, openHandoff } from '../store/records';
import type { Database, Identity } from '../store/schema';
import type { MessageKind } from '../channels/types';
import { ensureFlowVersion } from './flow-versions';
import { parseDuration } from '../engine/duration';
import { takeReply } from '../queue/reply-limiter';
import { ALWAYS, routeInbound, storedEvent, type InboundClaim, type InboundHook } from './inbound-pipeline';
import { enqueueSends } from './outbound';
import { sendInline } from './send-inline';
import type { Runtime } from './runtime';

/** Said once when a person passes the reply limit (REPLY_BURST). */
export const REPLY_LIMIT_KEY = 'common.slow_down';
/** The answer to a voice note, a sticker, a location (a message that is not text). */
export const TEXT_ONLY_KEY = 'common.text_only';

/** Why a contact's conversation is stepped now. */
export type Trigger =
  | { type: 'inbound' }
  | { type: 'timeout'; seq: number; kind: 'nudge' | 'expire' }
  | { type: 'startFlow'; flowId: string; identityId: string };

/** Work to do once the transaction has committed. */
interface AfterCommit {
  /** The replies, written with the conversation (writeStep) at the end of the transaction. */
  replies: NewOutbound[];
  sends: { channel: string; messageId: string }[];
  timeouts: { job: TimeoutJob; delayMs: number }[];
  flows: { job: StartFlowJob; delayMs: number; seq: number }[];
  handoffs: string[];
  relays: { handoffId: string; messageId: string }[];
}

/**
 * The runner: steps a contact's conversation and executes the effects, all in one transaction that
 * holds the contact's row lock, so messages from one person are processed in arrival order and no
 * state update is lost, whatever the number of workers. Timers are queued after commit; the replies
 * to an inbound message are then sent by this job where the channel allows (send-inline.ts), else queued.
 */
export async function processContact(rt: Runtime, contactId: string, trigger: Trigger): Promise<{ replies: number }> {
  const after: AfterCommit = { replies: [], sends: [], timeouts: [], flows: [], handoffs: [], relays: [] };
  const claimed: InboundClaim[] = [];
  const hooks = rt.modules.flatMap((m) => m.inbound ?? []);
  // The first question's knowledge index is built before the transaction, not inside it while it
  // holds the contact's lock and a database connection, and in steps (KnowledgePort.prepare).
  if (trigger.type === 'inbound') await rt.env.knowledge?.prepare?.();
  await rt.db.kysely.transaction().execute(async (tx) => {
    // On an inbound trigger the read after the lock also brings the pending messages, with what
    // the inbound hooks read for each of them (their prefetch): one round trip for all.
    const locked = await lockForStep(tx, contactId, trigger.type === 'inbound' ? { pending: { prefetch: prefetchOf(hooks) } } : {});
    if (!locked) return;
    const { contact, openHandoff: ticket } = locked;
    let state = locked.state;
    let conversationIdentity = locked.identityId;
    const saved = { language: contact.language, vars: JSON.stringify(contact.vars ?? {}) };
    let view: Omit<ContactView, 'optedOut'> = { language: contact.language, vars: (contact.vars ?? {}) as ContactView['vars'] };
    const identities = new Map<string, Identity>();
    const identity = async (id: string) => {
      if (!identities.has(id)) {
        const found = await getIdentity(tx, id);
        if (found) identities.set(id, found);
      }
      return identities.get(id);
    };
    const processed: string[] = [];
    const ended: ConversationEnd[] = [];

    const runOne = async (event: EngineEvent, identityId: string, kind: MessageKind) => {
      const who = await identity(identityId);
      if (!who) return;
      await ensureFlowVersion({ ...rt.db, kysely: tx }, rt.flows, state);
      const result = step(rt.env, { contact: { ...view, optedOut: who.opted_out }, state, event, now: rt.now() });
      await applyEffects(rt, tx, result, who, after, state, ended);
      queueReplies(rt, result, who, kind, after);
      if (who.opted_out !== result.contact.optedOut) identities.set(who.id, { ...who, opted_out: result.contact.optedOut });
      state = result.state;
      view = { language: result.contact.language, vars: result.contact.vars };
      conversationIdentity = who.id;
    };

    if (trigger.type === 'inbound') {
      for (const { message, identity: sender, prefetched } of locked.pending ?? []) {
        if (sender && !identities.has(sender.id)) identities.set(sender.id, sender);
        // The inbound pipeline decides, in its declared order: STOP/START/HELP, the handoff relay,
        // other keywords, the modules' hooks, the flows (src/runtime/inbound-pipeline.ts).
        const route = await routeInbound({ rt, tx, message, identity: await identity(message.identity_id!), lexicon: rt.env.lexicon, openHandoff: ticket, hooks, prefetched });
        if (route.to === 'relay') {
          after.relays.push({ handoffId: route.handoffId, messageId: message.id });
          processed.push(message.id);
          continue;
        }
        if (route.to === 'claimed') {
          claimed.push(route.claim);
          continue;
        }
        // Replies per person are limited (REPLY_BURST); STOP, START and HELP are always answered.
        if (!(route.keyword && ALWAYS.includes(route.keyword.keyword))) {
          const verdict = await takeReply(rt.queues.connection, rt.queues.prefix, message.identity_id!, replyLimit(rt));
          if (verdict !== 'reply') {
            const who = await identity(message.identity_id!);
            if (verdict === 'notice' && who) queueNotice(rt, who, REPLY_LIMIT_KEY, view.language, after);
            processed.push(message.id); // stored and read: not answered
            continue;
          }
        }
        const stored = storedEvent(message);
        if (stored.intent?.nonText && !route.keyword) {
          // A voice note, a sticker, a location: one answer that the assistant reads text.
          const who = await identity(message.identity_id!);
          if (who) queueNotice(rt, who, TEXT_ONLY_KEY, view.language ?? shippedLanguage(rt, stored.localeHint), after);
          processed.push(message.id);
          continue;
        }
        const event: EngineEvent = { type: 'message', ...stored, keyword: route.keyword };
        await runOne(event, message.identity_id!, 'reply');
        processed.push(message.id);
      }
    } else if (trigger.type === 'timeout') {
      if (!conversationIdentity || state?.seq !== trigger.seq) return; // stale timer: nothing to do
      await runOne({ type: 'timeout', seq: trigger.seq, kind: trigger.kind }, conversationIdentity, 'notification');
    } else {
      await runOne({ type: 'startFlow', flowId: trigger.flowId }, trigger.identityId, 'notification');
    }
    // Most steps change neither the language nor a variable: the contact is written only when they do.
    const contactChanged = view.language !== saved.language || JSON.stringify(view.vars) !== saved.vars;
    // The replies go with it, in the order they were queued (their ids grow in that order, which
    // deliver() sends them in).
    const ids = await writeStep(tx, { contactId, identityId: conversationIdentity, state, processed, ended, outbound: after.replies, ...(contactChanged ? { contact: { language: view.language, vars: view.vars } } : {}) });
    after.replies.forEach((reply, i) => after.sends.push({ channel: reply.channel, messageId: ids[i] }));
  });
  await enqueueAfterCommit(rt, after, trigger.type === 'inbound');
  for (const claim of claimed) await claim.afterCommit?.();
  return { replies: after.sends.length };
}

async function applyEffects(rt: Runtime, tx: Kysely<Database>, result: StepResult, who: Identity, after: AfterCommit, before: ConversationState | null, ended: ConversationEnd[]) {
  const at = rt.now();
  const language = result.contact.language ?? rt.translator.defaultLanguage;
  for (const effect of result.effects as Effect[]) {
    switch (effect.type) {
      case 'optOut':
        await recordConsent(tx, who, 'opt_out', { word: effect.word, source: 'keyword', at });
        rt.log.info({ channel: who.channel, contactId: who.contact_id }, 'contact opted out');
        break;
      case 'optIn':
        await recordConsent(tx, who, 'opt_in', { word: effect.word, source: 'keyword', at });
        rt.log.info({ channel: who.channel, contactId: who.contact_id }, 'contact opted back in');
        break;
      case 'feedback':
        await insertFeedback(tx, { contactId: who.contact_id, flowId: effect.flowId, question: effect.question, rating: effect.rating, comment: effect.comment, choice: effect.choice, topic: effect.topic, channel: who.channel, language, at });
        break;
      case 'handoff':
        after.handoffs.push(await openHandoff(tx, { contactId: who.contact_id, identityId: who.id, flowId: effect.flowId, reason: effect.reason, at }));
        break;
      case 'conversationEnded':
        ended.push({ flowId: effect.flowId, outcome: effect.outcome, channel: who.channel, language, at }); // written with the conversation
        break;
      case 'scheduleTimeout':
        after.timeouts.push({ job: { contactId: who.contact_id, seq: effect.seq, kind: effect.kind }, delayMs: effect.delayMs });
        break;
      case 'scheduleFlow':
        after.flows.push({ job: { contactId: who.contact_id, identityId: who.id, flowId: effect.flowId }, delayMs: effect.delayMs, seq: result.state?.seq ?? before?.seq ?? at.getTime() });
        break;
      case 'unanswered': // kept for the organizers by the module that owns it (src/knowledge/unanswered)
        for (const m of rt.modules) await m.onUnanswered?.(tx, { contactId: who.contact_id, channel: who.channel, language: effect.language, text: effect.text, at, ...(effect.nearestTopic ? { nearestTopic: effect.nearestTopic } : {}) });
        break;
      case 'saveField':
      case 'setLanguage':
        break; // saved with the contact at the end of the transaction
    }
  }
}

/** Queues a step's replies, stored with the conversation at the end of the transaction (writeStep). */
function queueReplies(rt: Runtime, result: StepResult, who: Identity, kind: MessageKind, after: AfterCommit) {
  if (!result.replies.length) return;
  const language = result.contact.language ?? rt.translator.defaultLanguage;
  for (const reply of result.replies) {
    const message = rt.translator.render(reply, language);
    // What still reaches an opted-out person (the opt-out confirmation, the HELP answer) is the engine's rule.
    const messageKind: MessageKind = CONSENT_REPLY_KEYS.has(reply.key) ? 'consent' : kind;
    after.replies.push({ contactId: who.contact_id, identityId: who.id, channel: who.channel, kind: messageKind as 'reply', body: message.text, key: message.key, payload: message });
  }
}

/** The inbound hooks' look-ups, read with the pending messages (lockForStep). */
function prefetchOf(hooks: readonly InboundHook[]): PendingPrefetch[] {
  return hooks.flatMap((h) => (h.prefetch ? [{ name: h.name, select: h.prefetch }] : []));
}

/** The reply limit from the settings (REPLY_BURST per REPLY_WINDOW). */
function replyLimit(rt: Runtime): { burst: number; windowMs: number } {
  return { burst: rt.config.REPLY_BURST, windowMs: parseDuration(rt.config.REPLY_WINDOW) ?? 60_000 };
}

/** A shipped language the channel suggests ("es-MX" → es), if any. */
function shippedLanguage(rt: Runtime, hint: string | undefined): string | null {
  const base = hint?.toLowerCase().split(/[-_]/)[0];
  return base && rt.translator.languages.includes(base) ? base : null;
}

/** One reply outside the flows (the reply limit's notice, "I read text"), in the person's language. */
function queueNotice(rt: Runtime, who: Identity, key: string, language: string | null, after: AfterCommit) {
  const message = rt.translator.render({ key }, language ?? rt.translator.defaultLanguage);
  after.replies.push({ contactId: who.contact_id, identityId: who.id, channel: who.channel, kind: 'reply', body: message.text, key: message.key, payload: message });
  if (key === REPLY_LIMIT_KEY) rt.log.info({ channel: who.channel, contactId: who.contact_id }, 'reply limit reached: one notice, then silence until the person slows down');
}

/**
 * Queues what the step left to do. The replies to an inbound message are sent here, by this job,
 * after the rest is queued (a slow provider must not hold back a timer or a ticket), where their
 * channel allows (src/runtime/send-inline.ts); everything else, and the sends of a timer or a
 * scheduled flow (notifications, with their quiet hours), goes to the queues.
 */
async function enqueueAfterCommit(rt: Runtime, after: AfterCommit, inbound: boolean) {
  if (!inbound && after.sends.length) await enqueueSends(rt, after.sends);
  const handoffs = rt.queues.get(QUEUES.handoffs);
  for (const id of after.handoffs) await handoffs.add(JOB.handoffOpen, { handoffId: id }, { jobId: jobIds.handoffOpen(id), attempts: 8, backoff: { type: 'exponential', delay: 2000 } });
  for (const r of after.relays) await handoffs.add(JOB.handoffRelay, r, { jobId: jobIds.handoffRelay(r.messageId), attempts: 8, backoff: { type: 'exponential', delay: 2000 } });
  for (const t of after.timeouts) {
    await rt.queues.get(QUEUES.timers).add(JOB.timeout, t.job, { jobId: jobIds.timeout(t.job), delay: t.delayMs, attempts: 5, backoff: { type: 'exponential', delay: 5000 } });
  }
  for (const f of after.flows) {
    await rt.queues.get(QUEUES.timers).add(JOB.startFlow, f.job, { jobId: jobIds.startFlow(f.job, f.seq), delay: f.delayMs, attempts: 5, backoff: { type: 'exponential', delay: 5000 } });
  }
  if (inbound && after.sends.length) await sendInline(rt, after.sends);
}
