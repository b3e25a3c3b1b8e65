/**
 * "Delete it": erases a person. Their contact, identities (addresses), conversation, messages,
 * tickets, and the text of their feedback go; what stays is anonymous: the anonymous opt-out list
 * (so they are never messaged again unless they opt back in themselves), ratings and choices with
 * no link to anyone, and consent and conversation outcomes with no link to anyone (the figures
 * organizers see stay right).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { QUEUES, jobIds, outboundQueue } from '../queue/jobs';
import type { Queues } from '../queue/connection';
import { recipientPaceKey } from '../queue/recipient-pacer';
import { replyLimitKey } from '../queue/reply-limiter';
import { lockContact } from '../store/contacts';
import type { Database } from '../store/schema';
import type { PersonalDataSource } from '../store/personal-data';
import { suppress, suppressionKey } from '../store/suppressions';

/** What was erased (counts only: a report of a deletion must not keep what it deleted). */
export interface ForgetReport {
  identities: number;
  messages: number;
  feedbackComments: number;
  tickets: number;
  /** Queue jobs removed (sends, inbound processing); null when no queue connection was given. */
  jobsRemoved: number | null;
}

/** What forget would do, in counts: what it erases (as in its report) and what it keeps unlinked from the person. */
export interface ForgetPreview extends Omit<ForgetReport, 'jobsRemoved'> {
  /** Tags on the contact (erased with it). */
  tags: number;
  /** Feedback rows: their ratings and choices stay for the figures, with no link to the person. */
  feedback: number;
  /** Consent ledger entries: they stay for the figures, with no link to the person. */
  consentEvents: number;
}

/** The counts forget would erase or unlink, without changing anything (the CLI and the console show them before anything is erased). */
export async function forgetPreview(db: Kysely<Database>, contactId: string): Promise<ForgetPreview> {
  const identities = await db.selectFrom('identities').select('id').where('contact_id', '=', contactId).execute();
  const ids = identities.map((i) => i.id);
  const count = async (q: any) => Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  return {
    identities: identities.length,
    messages: await count(db.selectFrom('messages').where((eb) => (ids.length ? eb.or([eb('contact_id', '=', contactId), eb('identity_id', 'in', ids)]) : eb('contact_id', '=', contactId)))),
    feedbackComments: await count(db.selectFrom('feedback').where('contact_id', '=', contactId).where('comment', 'is not', null)),
    tickets: await count(db.selectFrom('handoffs').where('contact_id', '=', contactId)),
    tags: await count(db.selectFrom('contact_tags').where('contact_id', '=', contactId)),
    feedback: await count(db.selectFrom('feedback').where('contact_id', '=', contactId)),
    consentEvents: await count(db.selectFrom('consent_events').where((eb) => (ids.length ? eb.or([eb('contact_id', '=', contactId), eb('identity_id', 'in', ids)]) : eb('contact_id', '=', contactId)))),
  };
}

/**
 * Erases a contact in one transaction that holds the contact's row lock (so the runner cannot be
 * halfway through a step for them), then removes their queued jobs when `queues` is given (a
 * failed send's error can quote an address). Returns undefined when there is no such contact.
 */
export async function forgetContact(
  deps: { db: Kysely<Database>; config: Pick<Config, 'PRIVACY_SECRET'>; now(): Date; queues?: Queues; personalData?: readonly PersonalDataSource[] },
  contactId: string,
): Promise<ForgetReport | undefined> {
  const sources = deps.personalData ?? [];
  const key = await suppressionKey(deps);
  const erased = await deps.db.transaction().execute(async (tx) => {
    if (!(await lockContact(tx, contactId))) return undefined;
    const identities = await tx.selectFrom('identities').select(['id', 'channel', 'address']).where('contact_id', '=', contactId).execute();
    const ids = identities.map((i) => i.id);
    await suppress({ db: tx, config: deps.config, now: deps.now }, identities, key);

    const mine = (eb: any) => (ids.length ? eb.or([eb('contact_id', '=', contactId), eb('identity_id', 'in', ids)]) : eb('contact_id', '=', contactId));
    const messages = await tx.deleteFrom('messages').where(mine).returning(['id', 'channel', 'direction']).execute();
    // Ratings and choices stay for the figures, unlinked; what the person wrote goes.
    const feedbackComments = (await tx.selectFrom('feedback').select('id').where('contact_id', '=', contactId).where('comment', 'is not', null).execute()).length;
    await tx.updateTable('feedback').set({ comment: null, contact_id: null }).where('contact_id', '=', contactId).execute();
    await tx.updateTable('consent_events').set({ contact_id: null, identity_id: null }).where(mine).execute();
    await tx.updateTable('conversation_events').set({ contact_id: null }).where('contact_id', '=', contactId).execute();
    const tickets = await tx.deleteFrom('handoffs').where('contact_id', '=', contactId).returning('id').execute();
    const ticketIds = tickets.map((t) => String(t.id));
    for (const source of sources) await source.forget(tx, contactId);
    // Then the contact itself (its identities and conversation explicitly, not left to ON DELETE CASCADE).
    await tx.deleteFrom('conversations').where('contact_id', '=', contactId).execute();
    await tx.deleteFrom('identities').where('contact_id', '=', contactId).execute();
    await tx.deleteFrom('contacts').where('id', '=', contactId).execute();
    return { identities: identities.length, identityRows: identities, messages, feedbackComments, tickets: tickets.length, ticketIds };
  });
  if (!erased) return undefined;
  let jobsRemoved: number | null = null;
  if (deps.queues) {
    const removed = await removeJobs(deps.queues, contactId, erased.messages, erased.ticketIds);
    jobsRemoved = removed.size;
    await removeTraces(deps.queues, { contactId, identities: erased.identityRows, messages: erased.messages, jobIds: removed });
  }
  for (const source of sources) await source.afterForget?.(contactId).catch(() => undefined);
  return { identities: erased.identities, messages: erased.messages.length, feedbackComments: erased.feedbackComments, tickets: erased.tickets, jobsRemoved };
}

/** Job states a forgotten person's jobs may be in (an active job is left: its worker holds it, and it finds nothing). */
const STATES = ['waiting', 'delayed', 'prioritized', 'completed', 'failed'] as const;
const PAGE = 500;

/**
 * Removes the queue jobs that name a forgotten person: sends and inbound processing of their
 * messages and relays to their tickets (by job id), and timers and sweeps (by the contact id in
 * their data: nudges, expiries, scheduled follow-ups). A failed send's error can quote an address.
 */
async function removeJobs(queues: Queues, contactId: string, messages: { id: string; channel: string; direction: string }[], ticketIds: string[]): Promise<Set<string>> {
  const removed = new Set<string>();
  const remove = async (queueName: string, jobId: string) => {
    const job = await queues.get(queueName).getJob(jobId).catch(() => undefined);
    if (job && (await job.remove().then(() => true, () => false))) removed.add(jobId);
  };
  for (const m of messages) {
    if (m.direction === 'out') await remove(outboundQueue(m.channel), jobIds.send(String(m.id)));
    else {
      await remove(QUEUES.inbound, jobIds.inbound(String(m.id)));
      await remove(QUEUES.handoffs, jobIds.handoffRelay(String(m.id)));
    }
  }
  for (const id of ticketIds) await remove(QUEUES.handoffs, jobIds.handoffOpen(id));
  for (const name of [QUEUES.timers, QUEUES.inbound]) {
    const queue = queues.get(name);
    for (const state of STATES) {
      // Removing shifts later pages, so each page is read again from where the last kept job was.
      for (let start = 0; ; ) {
        const jobs = await queue.getJobs([state], start, start + PAGE - 1);
        if (!jobs.length) break;
        let kept = 0;
        for (const job of jobs) {
          if (job && (job.data as { contactId?: string })?.contactId === contactId && (await job.remove().then(() => true, () => false))) removed.add(job.id!);
          else kept++;
        }
        start += kept;
        if (jobs.length < PAGE) break;
      }
    }
  }
  return removed;
}

/**
 * Removes what else Redis keeps about the person once their jobs are gone: their reply-limit and
 * pacing keys, and the entries of the queues' event streams that name one of their jobs (removing
 * a job adds a "removed" entry too), their contact or identity ids, or an address. The streams are
 * capped (EVENTS_MAX_LEN) but have no expiry; error texts in them are scrubbed of numbers anyway
 * (src/queue/worker.ts), this removes the rest.
 */
async function removeTraces(
  queues: Queues,
  p: { contactId: string; identities: { id: string; channel: string; address: string }[]; messages: { channel: string }[]; jobIds: Set<string> },
): Promise<void> {
  const redis = queues.connection;
  const keys = p.identities.flatMap((i) => [replyLimitKey(queues.prefix, i.id), recipientPaceKey(queues.prefix, i.channel, i.id)]);
  for (const key of keys) await redis.del(key); // one at a time: keys of one hash tag, but DEL of several is refused across slots
  const needles = [p.contactId, ...p.identities.flatMap((i) => [i.id, i.address])];
  const channels = new Set([...p.identities.map((i) => i.channel), ...p.messages.map((m) => m.channel)]);
  const names = [...Object.values(QUEUES), ...[...channels].map(outboundQueue)];
  for (const name of names) {
    const stream = `${queues.prefix}:${name}:events`;
    for (let start = '-'; ; ) {
      const entries = (await redis.xrange(stream, start, '+', 'COUNT', PAGE)) as [string, string[]][];
      const named = entries.filter(([, fields]) => {
        const jobId = fields[fields.indexOf('jobId') + 1];
        return (fields.includes('jobId') && p.jobIds.has(jobId)) || fields.some((f) => needles.some((n) => f.includes(n)));
      });
      if (named.length) await redis.xdel(stream, ...named.map(([id]) => id));
      if (entries.length < PAGE) break;
      start = `(${entries[entries.length - 1][0]}`;
    }
  }
}
