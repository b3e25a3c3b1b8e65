/**
 * A known data set for "What people said" and the shifts pages, written through the same store
 * functions the runner and the shifts module use, at times relative to `now` (so the page's
 * default window, the last 30 days, holds it all). The figures the pages must show are listed in
 * SEEDED, worked out by hand from what is written here.
 */
import type { Kysely } from 'kysely';
import { recordUnanswered } from '../../src/knowledge/unanswered/store';
import { confirmSignup, createShift, ensureVolunteer, signUp } from '../../src/shifts/store';
import { recordConsent } from '../../src/store/consent';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { insertFeedback } from '../../src/store/records';
import type { Database } from '../../src/store/schema';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Per language: people we messaged first (a delivered notification each) and how many wrote back.
 * en 6 of 10 (4 of the 10 on Telegram), es 4 of 10, vi 1 of 8; then 2 Vietnamese and 1 Spanish
 * speakers text STOP (a reply too): es 5 of 10, vi 3 of 8, overall 14 of 28 (50%); the least
 * engaged is Vietnamese at 38%.
 */
const OUTREACH = [
  { language: 'en', channel: 'sms', people: 6, replied: 4 },
  { language: 'en', channel: 'telegram', people: 4, replied: 2 },
  { language: 'es', channel: 'sms', people: 10, replied: 4 },
  { language: 'vi', channel: 'sms', people: 8, replied: 1 },
] as const;

/** What the pages must show for the seeded data. */
export const SEEDED = {
  least: 'Least engaged: Vietnamese: 38% replied vs 50% overall (3 of 8 people we messaged).',
  replyRates: { English: '60% (6/10)', Spanish: '50% (5/10)', Vietnamese: '38% (3/8)' },
  reached: { English: '10', Spanish: '10', Vietnamese: '8', Arabic: '0' },
  /** Opted out, of the people who wrote: vi 2 of 3, es 1 of 5. */
  optOutRates: { English: '0% (0/6)', Spanish: '20% (1/5)', Vietnamese: '67% (2/3)' },
  /** Replies by channel: SMS 12 of 24, Telegram 2 of 4. */
  channelReplyRates: { SMS: '50% (12/24)', Telegram: '50% (2/4)' },
  feedbackAnswers: 12,
  ratings: { count: 7, average: '3.6' },
  choices: { too_long: '3', ok: '2' },
  esComment: 'Nadie me contestó a tiempo',
  viComment: 'Cảm ơn, rất hữu ích',
  arComment: 'شكرا على المساعدة',
  enComment: 'Quick and clear',
  unanswered: { es: 3, en: 1 },
};

export interface Seeded {
  shifts: { doors: string; phones: string };
}

async function person(db: Kysely<Database>, channel: string, address: string, language: string) {
  const { identity } = await findOrCreateIdentity(db, channel, address);
  await db.updateTable('contacts').set({ language }).where('id', '=', identity.contact_id).execute();
  return identity;
}

async function message(db: Kysely<Database>, who: { id: string; contact_id: string; channel: string }, direction: 'in' | 'out', at: Date) {
  await db
    .insertInto('messages')
    .values({
      contact_id: who.contact_id,
      identity_id: who.id,
      channel: who.channel,
      direction,
      kind: direction === 'out' ? 'notification' : 'reply',
      provider_id: null,
      body: direction === 'out' ? 'Early voting starts Monday' : 'ok',
      key: direction === 'out' ? 'campaign.reminder' : null,
      payload: null,
      status: direction === 'out' ? 'delivered' : 'processed',
      error_code: null,
      created_at: at,
    })
    .execute();
}

/** Writes the data set; `now` is the server's clock. */
export async function seedSaid(db: Kysely<Database>, now: Date): Promise<Seeded> {
  const base = new Date(now.getTime() - 3 * DAY);
  const people: Record<string, { id: string; contact_id: string; channel: string }[]> = { en: [], es: [], vi: [] };
  let n = 0;
  for (const o of OUTREACH) {
    for (let i = 0; i < o.people; i++) {
      n++;
      const address = o.channel === 'sms' ? `+1212555${String(1000 + n)}` : `77${String(1000 + n)}`;
      const who = await person(db, o.channel, address, o.language);
      people[o.language].push(who);
      await message(db, who, 'out', base);
      if (i < o.replied) await message(db, who, 'in', new Date(base.getTime() + HOUR));
    }
  }
  const ended = async (who: { contact_id: string; channel: string }, language: string, outcome: string) =>
    db.insertInto('conversation_events').values({ contact_id: who.contact_id, flow_id: 'registration', outcome, channel: who.channel, language, created_at: new Date(base.getTime() + 2 * HOUR) }).execute();
  for (let i = 0; i < 6; i++) await ended(people.en[i], 'en', i < 5 ? 'completed' : 'expired');
  for (let i = 0; i < 4; i++) await ended(people.es[i], 'es', i < 2 ? 'completed' : 'expired');
  for (let i = 0; i < 4; i++) await ended(people.vi[i], 'vi', i < 1 ? 'completed' : 'expired');

  const day = (d: number) => new Date(base.getTime() + d * DAY + 3 * HOUR);
  const fb = (who: { contact_id: string; channel: string }, language: string, at: Date, f: { rating?: number; comment?: string; choice?: string; topic?: string; flowId?: string; question?: string }) =>
    insertFeedback(db, { contactId: who.contact_id, flowId: f.flowId ?? 'feedback', question: f.question ?? 'overall', channel: who.channel, language, at, ...f });
  // Ratings: day 0: 5, 4 (en); day 1: 4 (en), 2 (es, with a comment); day 2: 3 (es), 3 (vi, with a comment), 4 (en, with a comment).
  await fb(people.en[0], 'en', day(0), { rating: 5 });
  await fb(people.en[1], 'en', day(0), { rating: 4, topic: 'polling_place' });
  await fb(people.en[2], 'en', day(1), { rating: 4 });
  await fb(people.es[0], 'es', day(1), { rating: 2, comment: SEEDED.esComment, topic: 'polling_place' });
  await fb(people.es[1], 'es', day(2), { rating: 3 });
  await fb(people.vi[0], 'vi', day(2), { rating: 3, comment: SEEDED.viComment });
  await fb(people.en[3], 'en', day(2), { rating: 4, comment: SEEDED.enComment });
  // Choice answers: too_long 3, ok 2.
  await fb(people.en[0], 'en', day(1), { flowId: 'feedback_wait', question: 'wait_time', choice: 'too_long' });
  await fb(people.es[0], 'es', day(1), { flowId: 'feedback_wait', question: 'wait_time', choice: 'too_long' });
  await fb(people.es[2], 'es', day(2), { flowId: 'feedback_wait', question: 'wait_time', choice: 'too_long' });
  await fb(people.en[1], 'en', day(2), { flowId: 'feedback_wait', question: 'wait_time', choice: 'ok' });
  // An Arabic speaker's comment (their words, right to left, untranslated).
  const amal = await person(db, 'web', 'web-amal', 'ar');
  await fb(amal, 'ar', day(2), { flowId: 'feedback_wait', question: 'wait_time', choice: 'ok', comment: SEEDED.arComment });

  // Opt-outs: 2 Vietnamese, 1 Spanish, each by texting STOP (so they wrote to us too).
  for (const who of [people.vi[6], people.vi[7], people.es[9]]) {
    await message(db, who, 'in', day(1));
    await recordConsent(db, who, 'opt_out', { word: 'STOP', source: 'keyword', at: day(1) });
  }

  // Questions nobody could answer: 3 in Spanish (two alike), 1 in English.
  const ask = (who: { contact_id: string; channel: string }, language: string, text: string) => recordUnanswered(db, { contactId: who.contact_id, channel: who.channel, language, text, at: day(1) });
  await ask(people.es[0], 'es', '¿Puedo llevar a mi perro a votar?');
  await ask(people.es[1], 'es', '¿Puedo llevar mi perro a votar?');
  await ask(people.es[2], 'es', '¿Hay estacionamiento gratis?');
  await ask(people.en[0], 'en', 'Is there free parking at the school?');

  // Shifts: door knocking (3 spots: all taken, 2 confirmed; 2 waiting), phone bank (4 spots, 1 taken).
  const start = new Date(now.getTime() + 5 * DAY);
  const doors = await createShift(db, { title: 'Door knocking in Eastside', kind: 'canvass', location: '12 Main St', startsAt: start, endsAt: new Date(start.getTime() + 3 * HOUR), timezone: 'America/New_York', capacity: 3 });
  const phones = await createShift(db, { title: 'Phone bank', kind: 'phonebank', location: 'Library, room 2', startsAt: new Date(start.getTime() + DAY), endsAt: new Date(start.getTime() + DAY + 2 * HOUR), timezone: 'America/New_York', capacity: 4 });
  const volunteer = (name: string, phone: string) => ensureVolunteer(db, { phone, name, language: 'en' });
  const at = new Date(now.getTime() - DAY);
  const signed: string[] = [];
  for (const [name, phone] of [
    ['Rosa Díaz', '+12125557001'],
    ['Minh Tran', '+12125557002'],
    ['Sam Lee', '+12125557003'],
    ['Lina Haddad', '+12125557004'],
    ['Joe Park', '+12125557005'],
  ]) {
    const v = await volunteer(name, phone);
    const outcome = await signUp(db, doors.id, v.id, at, { waitlist: true });
    if (outcome.kind === 'signed_up' || outcome.kind === 'waitlisted') signed.push(outcome.signup.id);
  }
  await confirmSignup(db, signed[0], at);
  await confirmSignup(db, signed[1], at);
  const pat = await volunteer('Pat Kim', '+12125557006');
  await signUp(db, phones.id, pat.id, at);
  return { shifts: { doors: doors.id, phones: phones.id } };
}
