/**
 * The tables of volunteer shifts (migration 0002-shifts), added to the one `Database` type by
 * declaration merging (src/store/schema.ts), so every Kysely handle knows them without a cast.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** What a shift is, for its label (canvassing, phone bank, registration table, anything else). */
export const SHIFT_KINDS = ['canvass', 'phonebank', 'registration', 'other'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];

/** A shift volunteers can sign up for. Times are instants (UTC); `timezone` is how they are shown. */
export interface ShiftsTable {
  id: Generated<string>;
  /** The organizer's own id for it (CSV `id` column): importing the same file again updates, never duplicates. */
  external_id: string | null;
  title: string;
  kind: string;
  location: string;
  notes: string | null;
  starts_at: Date;
  ends_at: Date;
  /** IANA zone of the organizer, for display ("America/New_York"). */
  timezone: string;
  capacity: number;
  /** Slack channel told when someone gives up a spot (falls back to SLACK_SHIFTS_CHANNEL). */
  organizer_channel: string | null;
  /** scheduled | cancelled */
  status: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A volunteer: reachable in Slack (user id) and/or by SMS (E.164 phone). */
export interface VolunteersTable {
  id: string;
  name: string | null;
  slack_user_id: string | null;
  phone: string | null;
  /** The language they chose; null to follow their Slack locale. */
  language: string | null;
  /** Their Slack locale as users.info reports it ("es-LA"). */
  slack_locale: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * Signup statuses: holding a spot (active, offered) or waiting (waitlist), or done with it
 * (cancelled; passed: declined an offered spot; expired: let an offer run out, see offers.ts).
 */
export type SignupStatus = 'active' | 'waitlist' | 'offered' | 'cancelled' | 'passed' | 'expired';

/**
 * What a shift_notices row records: a reminder, an offer of a freed spot, the after-shift question,
 * or (for SMS answers, src/shifts/sms-answers.ts) the reply to an answer: `comment` invites a
 * comment after a rating, `ack` closes the exchange.
 */
export type NoticeKind = 'reminder' | 'offer' | 'feedback' | 'comment' | 'ack';

/** One volunteer on one shift. A new sign-up after a cancellation is a new row (new reminders). */
export interface ShiftSignupsTable {
  id: Generated<string>;
  shift_id: string;
  volunteer_id: string;
  status: SignupStatus;
  confirmed_at: Date | null;
  /** When a freed spot was offered to this waitlisted volunteer. */
  offered_at: Date | null;
  feedback_rating: number | null;
  feedback_comment: string | null;
  feedback_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * Every reminder and feedback question that was sent (or deliberately skipped), under its
 * deterministic id: the ledger that makes a reminder go once even when its job runs twice.
 */
export interface ShiftNoticesTable {
  id: string;
  signup_id: string;
  kind: NoticeKind;
  message_id: string | null;
  channel: string | null;
  /** queued, or skipped:<reason> */
  outcome: string;
  created_at: Timestamp;
}

declare module '../store/schema' {
  interface Database {
    shifts: ShiftsTable;
    volunteers: VolunteersTable;
    shift_signups: ShiftSignupsTable;
    shift_notices: ShiftNoticesTable;
  }
}

/** A shift as read. */
export type Shift = Selectable<ShiftsTable>;
/** A volunteer as read. */
export type Volunteer = Selectable<VolunteersTable>;
/** A sign-up as read. */
export type Signup = Selectable<ShiftSignupsTable>;
