/**
 * Volunteers without Slack answer by text. Their reminder says "reply 1 if you'll be there, 2 if
 * you can't make it", an offer "1 to take it, 2 to pass", the after-shift question "a number from
 * 1 to 5, and a comment after it". An inbound SMS is taken as such an answer when the last message
 * we sent that person (that they could have read: sent, not withdrawn) is one of those questions:
 * a reply to anything else, or a global keyword (STOP, HELP, MENU... are never shadowed), goes to
 * the flows as usual. Words count in the volunteer's language first, then in any shipped one
 * (`shifts.sms.*_words`); a leading 1/2 (or 1-5 for a rating) counts whatever follows.
 *
 * Two steps, like every inbound message: inside the contact's transaction (the shifts module's
 * inbound hook, asked by src/runtime/inbound-pipeline.ts) the answer is read and stored on the message,
 * whose status becomes `shift_answer`; then a `shift-answer` job (id `answer-<messageId>`) does what
 * the Slack button would (confirm; give up the spot, offer it to the waitlist and tell the
 * organizers; take or pass an offer; store the rating and comment), and replies. The reply, its
 * ledger row (shift_notices `answer-<messageId>`) and the message's final status `processed` are
 * written in one transaction, so a job run twice replies once. Reconcile queues again what a crash
 * left in `shift_answer`.
 */
import type { JobsOptions } from 'bullmq';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { validateRating } from '../engine/inputs/rating';
import { normalizeWords } from '../engine/inputs/normalize';
import type { Translator } from '../i18n/translator';
import { enqueueSend } from '../runtime/outbound';
import type { InboundHook } from '../runtime/inbound-pipeline';
import type { Runtime } from '../runtime/runtime';
import { insertOutbound } from '../store/messages';
import type { PendingRow } from '../store/conversations';
import type { Database, Message } from '../store/schema';
import type { ShiftsEnv } from './env';
import { SHIFT_JOB, SHIFTS_QUEUE, noticeIds, shiftJobIds, type AnswerJob } from './jobs';
import { volunteerLanguage } from './language';
import { tellOrganizers } from './organizers';
import type { NoticeKind, Shift, Signup } from './tables';
import { acceptSpot, confirmVolunteer, passSpot, releaseVolunteer } from './service';
import { getSignup, normShift, normSignup, recordFeedback, signupDetails } from './store';
import { shiftVars, smsText } from './texts';

/** The message status of an inbound SMS taken as an answer and not yet acted on. */
export const ANSWER_STATUS = 'shift_answer';
/** A question older than this is no longer waiting for its answer. */
export const PROMPT_MAX_AGE_MS = 7 * 86_400_000;
/** Messages a person cannot have read (not sent yet, withdrawn, failed) are not what they answer. */
const UNREAD_STATUSES = ['pending', 'suppressed', 'failed', 'undelivered'];

const JOB_OPTIONS: JobsOptions = { attempts: 6, backoff: { type: 'exponential', delay: 2000 } };

/** The questions an SMS can answer: the ledger kinds of the messages that asked them. */
export type PromptKind = Extract<NoticeKind, 'reminder' | 'offer' | 'feedback' | 'comment'>;
const PROMPTS: readonly string[] = ['reminder', 'offer', 'feedback', 'comment'];

/** What an answer says. `unclear`: not an answer to an open reminder or offer (asked again, once). */
export type AnswerVerb = 'confirm' | 'drop' | 'accept' | 'pass' | 'rate' | 'comment' | 'unclear';

/** An answer as read, stored on the message (payload.shiftAnswer) for the job. */
export interface ShiftAnswer {
  signupId: string;
  prompt: PromptKind;
  verb: AnswerVerb;
  rating?: number;
  comment?: string;
  language: string;
}

/** The word lists of one language, normalised. */
export interface AnswerWords {
  confirm: string[];
  drop: string[];
  accept: string[];
  pass: string[];
  numbers: string[];
}

/** The word lists of `languages`, in that order (the volunteer's first). */
export function answerWords(t: Translator, languages: string[]): AnswerWords[] {
  const w = (l: string, name: string) => t.words(l, `shifts.sms.${name}_words`);
  return languages.map((l) => ({ confirm: w(l, 'confirm'), drop: w(l, 'drop'), accept: w(l, 'accept'), pass: w(l, 'pass'), numbers: t.words(l, 'common.number_words') }));
}

const LEADING_CHOICE = /^\s*([12])(?:[\s.,;:!)-]|$)/u;
// "4", "4/5", "4 - great team", "4/5, great team"
const LEADING_RATING = /^\s*([1-5])(?:\s*\/\s*5)?(?:[\s.,;:!)-]+([\s\S]*))?$/u;

/**
 * Reads an SMS as the answer to `prompt`, or null when it is not one. Pure.
 *  - reminder: 1 / confirm words → confirm; 2 / drop words → drop;
 *  - offer: 1 / accept words → accept; 2 / pass words → pass;
 *  - feedback: a leading 1-5 (with a comment after it), a number word or stars → rate; other text → comment;
 *  - comment (after a rating): any text → comment.
 */
export function readAnswer(prompt: PromptKind, text: string, lists: AnswerWords[]): Pick<ShiftAnswer, 'verb' | 'rating' | 'comment'> | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (prompt === 'reminder' || prompt === 'offer') {
    const [yes, no] = prompt === 'reminder' ? (['confirm', 'drop'] as const) : (['accept', 'pass'] as const);
    const digit = LEADING_CHOICE.exec(trimmed)?.[1];
    if (digit) return { verb: digit === '1' ? yes : no };
    const word = normalizeWords(trimmed);
    for (const l of lists) {
      if (l[yes].includes(word)) return { verb: yes };
      if (l[no].includes(word)) return { verb: no };
    }
    return null;
  }
  if (prompt === 'comment') return { verb: 'comment', comment: trimmed };
  const lead = LEADING_RATING.exec(trimmed);
  if (lead) {
    const comment = (lead[2] ?? '').trim();
    return { verb: 'rate', rating: Number(lead[1]), ...(comment ? { comment } : {}) };
  }
  for (const l of lists) {
    const r = validateRating(trimmed, { words: (key) => (key === 'common.number_words' ? l.numbers : []) });
    if (r.ok) return { verb: 'rate', rating: Number(r.value) };
  }
  return { verb: 'comment', comment: trimmed };
}

/** Whether a reminder or offer still waits for its answer (an unclear reply is asked again only then). Pure. */
export function promptOpen(prompt: PromptKind, signup: Signup, shift: Shift, now: Date): boolean {
  if (shift.status !== 'scheduled') return false;
  if (prompt === 'reminder') return signup.status === 'active' && shift.ends_at.getTime() > now.getTime();
  if (prompt === 'offer') return signup.status === 'offered' && shift.starts_at.getTime() > now.getTime();
  return false;
}

/** The question an SMS can answer, as the runner's read found it (see lastSent). */
interface LastSent {
  recent: boolean;
  notice_id: string;
  kind: string;
  signup_id: string;
  channel: string | null;
}

/**
 * The last message sent to the identity of the pending message `m` that they could have read,
 * when it is a shift notice: read by the runner with the pending messages (the hook's prefetch,
 * src/runtime/inbound-pipeline.ts), so every SMS received costs no statement of its own here.
 * Null when the last message was not a shift notice (nearly always), or the sender is not on SMS.
 * Unread statuses keep the runner's own replies of the same transaction (still pending) out, as
 * when this was read per message.
 */
const lastSent = (eb: ExpressionBuilder<PendingRow, 'm' | 'i'>) =>
  eb
    .selectFrom('messages as o')
    .leftJoin('shift_notices as n', 'n.message_id', 'o.id')
    .select(
      sql<LastSent | null>`CASE WHEN n.id IS NOT NULL THEN json_build_object('recent', o.created_at > now() - ${`${PROMPT_MAX_AGE_MS} milliseconds`}::interval, 'notice_id', n.id, 'kind', n.kind, 'signup_id', n.signup_id::text, 'channel', n.channel) END`.as('last'),
    )
    .whereRef('o.identity_id', '=', 'm.identity_id')
    .where('o.direction', '=', 'out')
    .where('o.status', 'not in', UNREAD_STATUSES)
    .where(sql<boolean>`i.channel = 'sms'`)
    .orderBy('o.id', 'desc')
    .limit(1);

/** The question the sender last received, when it is a shift question by SMS still recent enough to answer. */
function lastPrompt(last: LastSent | null): { noticeId: string; prompt: PromptKind; signupId: string } | undefined {
  // `recent` was measured by the database's clock, the one that wrote created_at.
  if (!last || !last.recent || !last.notice_id || last.channel !== 'sms' || !PROMPTS.includes(last.kind as PromptKind)) return undefined;
  return { noticeId: last.notice_id, prompt: last.kind as PromptKind, signupId: String(last.signup_id) };
}

/**
 * The shifts module's inbound hook (see the file comment): takes an SMS that answers the shift
 * question its sender last received, stores the reading on the message and queues the
 * `shift-answer` job after commit.
 */
export const shiftAnswerHook: InboundHook = {
  name: 'shift-answers',
  prefetch: lastSent,
  claim: async ({ rt, tx, message, identity, prefetched }) => {
    if (identity.channel !== 'sms' || message.direction !== 'in') return null;
    const asked = lastPrompt(prefetched as LastSent | null);
    if (!asked) return null;
    const signupRow = await tx.selectFrom('shift_signups').selectAll().where('id', '=', asked.signupId).executeTakeFirst();
    const shiftRow = signupRow && (await tx.selectFrom('shifts').selectAll().where('id', '=', signupRow.shift_id).executeTakeFirst());
    const volunteer = signupRow && (await tx.selectFrom('volunteers').selectAll().where('id', '=', signupRow.volunteer_id).executeTakeFirst());
    if (!signupRow || !shiftRow || !volunteer) return null;
    const language = volunteerLanguage(rt.translator, volunteer);
    const languages = [language, ...rt.translator.languages.filter((l) => l !== language)];
    let read = readAnswer(asked.prompt, message.body ?? '', answerWords(rt.translator, languages));
    // Not an answer: asked again once, while the question is open; after that, the flows have it.
    if (!read && !asked.noticeId.startsWith('answer-') && promptOpen(asked.prompt, normSignup(signupRow), normShift(shiftRow), rt.now())) read = { verb: 'unclear' };
    if (!read) return null;
    const answer: ShiftAnswer = { signupId: asked.signupId, prompt: asked.prompt, language, ...read };
    const payload = { ...((message.payload ?? {}) as Record<string, unknown>), shiftAnswer: answer };
    await tx
      .updateTable('messages')
      .set({ status: ANSWER_STATUS, payload: JSON.stringify(payload), updated_at: sql<Date>`now()` })
      .where('id', '=', message.id)
      .execute();
    return { afterCommit: () => queueAnswer(rt, message.id) };
  },
};

/** Queues the job that acts on a stored answer (idempotent: the id is the message's). */
export async function queueAnswer(rt: Pick<Runtime, 'queues'>, messageId: string): Promise<void> {
  const data: AnswerJob = { messageId: String(messageId) };
  await rt.queues.get(SHIFTS_QUEUE).add(SHIFT_JOB.answer, data, { ...JOB_OPTIONS, jobId: shiftJobIds.answer(data) });
}

/** What acting on an answer came to: the reply sent, and the kind it is recorded as. */
export interface AnswerOutcome {
  status: 'answered' | 'done';
  reply?: string;
  notice?: NoticeKind;
}

/** Does what the answer says (as the Slack button would) and decides the reply. */
async function act(env: ShiftsEnv, answer: ShiftAnswer): Promise<{ reply: string; vars: Record<string, string | number>; notice: NoticeKind }> {
  const t = env.translator;
  const details = await signupDetails(env.db.kysely, answer.signupId);
  if (!details) return { reply: answer.prompt === 'offer' ? 'expired' : 'gone', vars: {}, notice: 'ack' };
  const vars: Record<string, string | number> = shiftVars(t, details.shift, answer.language);
  const status = async () => (await getSignup(env.db.kysely, answer.signupId))?.status;
  switch (answer.verb) {
    case 'unclear':
      return { reply: answer.prompt === 'offer' ? 'offer_unclear' : 'reminder_unclear', vars, notice: answer.prompt };
    case 'confirm':
      return { reply: (await confirmVolunteer(env, answer.signupId)) ? 'confirmed' : 'gone', vars, notice: 'ack' };
    case 'drop': {
      const released = await releaseVolunteer(env, answer.signupId);
      if (released) await tellOrganizers(env, details.volunteer, released);
      // A run after a crash finds it done already: the same reply.
      return { reply: released || (await status()) === 'cancelled' ? 'dropped' : 'gone', vars, notice: 'ack' };
    }
    case 'accept': {
      const accepted = await acceptSpot(env, answer.signupId);
      return { reply: accepted || (await status()) === 'active' ? 'accepted' : 'expired', vars, notice: 'ack' };
    }
    case 'pass': {
      const passed = await passSpot(env, answer.signupId);
      return { reply: passed || (await status()) === 'passed' ? 'passed' : 'expired', vars, notice: 'ack' };
    }
    case 'rate':
      await recordFeedback(env.db.kysely, answer.signupId, { rating: answer.rating, ...(answer.comment ? { comment: answer.comment } : {}) }, env.now());
      // A bare rating invites a comment: the next text is taken as one.
      return answer.comment ? { reply: 'rated_comment', vars: { rating: answer.rating ?? 0 }, notice: 'ack' } : { reply: 'rated', vars: { rating: answer.rating ?? 0 }, notice: 'comment' };
    case 'comment':
      await recordFeedback(env.db.kysely, answer.signupId, { comment: answer.comment ?? '' }, env.now());
      return { reply: 'comment_thanks', vars: {}, notice: 'ack' };
  }
}

/**
 * The `shift-answer` job: acts on the answer stored on the message and replies, once (see the file
 * comment). A message no longer in `shift_answer` was handled already.
 */
export async function processAnswer(env: ShiftsEnv, job: AnswerJob): Promise<AnswerOutcome> {
  const db = env.db.kysely;
  const message = await db.selectFrom('messages').selectAll().where('id', '=', job.messageId).executeTakeFirst();
  if (!message || message.status !== ANSWER_STATUS) return { status: 'done' };
  const answer = (message.payload as { shiftAnswer?: ShiftAnswer } | null)?.shiftAnswer;
  if (!answer) {
    await db.updateTable('messages').set({ status: 'processed', updated_at: sql<Date>`now()` }).where('id', '=', job.messageId).execute();
    return { status: 'done' };
  }
  const { reply, vars, notice } = await act(env, answer);
  const text = smsText(env.translator, answer.language, reply, vars);
  const replyId = await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('messages').select(['status']).where('id', '=', job.messageId).forUpdate().executeTakeFirst();
    if (current?.status !== ANSWER_STATUS) return null;
    const id = await insertOutbound(tx, { contactId: message.contact_id!, identityId: message.identity_id!, channel: message.channel, kind: 'reply', body: text.text, key: text.key, payload: text });
    await tx
      .insertInto('shift_notices')
      .values({ id: noticeIds.answer(String(message.id)), signup_id: answer.signupId, kind: notice, message_id: id, channel: message.channel, outcome: 'queued' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await tx.updateTable('messages').set({ status: 'processed', updated_at: sql<Date>`now()` }).where('id', '=', job.messageId).execute();
    return id;
  });
  if (replyId && env.queues) await enqueueSend({ queues: env.queues }, message.channel, String(replyId));
  env.log.debug({ signupId: answer.signupId, prompt: answer.prompt, verb: answer.verb, reply }, 'shifts: SMS answer');
  return { status: replyId ? 'answered' : 'done', reply, notice };
}

/** Queues again the answers a crash left stored but not acted on (reconcile). */
export async function requeueAnswers(env: ShiftsEnv): Promise<number> {
  if (!env.queues) return 0;
  const stuck: Pick<Message, 'id'>[] = await env.db.kysely
    .selectFrom('messages')
    .select(['id'])
    .where('direction', '=', 'in')
    .where('status', '=', ANSWER_STATUS)
    .where('updated_at', '<', sql<Date>`now() - interval '30 seconds'`)
    .limit(1000)
    .execute();
  for (const m of stuck) await queueAnswer({ queues: env.queues }, String(m.id));
  return stuck.length;
}
