/**
 * The audit log: every change made through the console or the `users` commands, with who, what,
 * when and to what. Later screens record theirs through `recordAudit` with one of AUDIT_ACTIONS;
 * the admin's audit page and its CSV export read them back (src/console/routes/audit.ts).
 *
 * Never recorded: a password, a token, a message body. `detail` takes small facts (a role, a
 * count, a reason), and keys that look like secrets or text are dropped before anything is written.
 */
import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { consoleDb, type ConsoleUser } from './store/tables';

/** Every action the log knows, so the audit page can filter by them and name them in every language (console.audit.action.*). */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'user_added',
  'user_disabled',
  'user_enabled',
  'password_reset',
  'preferences_changed',
  'audit_exported',
  // The inbox (src/console/routes/inbox.ts).
  'handoff_claimed',
  'handoff_replied',
  'handoff_closed',
  // For the screens that come next: contacts, campaigns.
  'contacts_imported',
  'campaign_saved',
  'campaign_launched',
  'campaign_paused',
  'campaign_resumed',
  'contact_forgotten',
  // Translations (src/console/routes/translations.ts).
  'translations_exported',
  'translations_imported',
  // What people said (src/console/routes/said.ts): feedback or unanswered questions downloaded.
  'feedback_exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: an account (id and e-mail at the time), or no account (the command line, a failed sign-in). */
export interface AuditActor {
  userId: string | null;
  label: string;
}

/** What it was done to: a kind (user, contact, campaign, ticket...), its id, and a short label. */
export interface AuditTarget {
  type: string;
  id?: string | null;
  label?: string | null;
}

/** A small fact about the action. Strings are cut at DETAIL_MAX characters. */
export type AuditDetail = Record<string, string | number | boolean | null>;

const DETAIL_MAX = 200;
/** Keys that could carry a secret or someone's words: never stored, whatever the caller passes. */
const FORBIDDEN_DETAIL = /pass|secret|token|body|text|message|comment/i;

/** The actor for a signed-in account. */
export function actorOf(user: Pick<ConsoleUser, 'id' | 'email'>): AuditActor {
  return { userId: user.id, label: user.email };
}

/** The actor for a command run in a terminal: the operating-system user, since the CLI has no account. */
export function cliActor(): AuditActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): "unknown" says as much
  }
  return { userId: null, label: `command line (${name})` };
}

/** Keeps the allowed keys, with strings cut to size. */
export function cleanDetail(detail: AuditDetail | undefined): AuditDetail | null {
  if (!detail) return null;
  const kept = Object.entries(detail)
    .filter(([key]) => !FORBIDDEN_DETAIL.test(key))
    .map(([key, value]) => [key, typeof value === 'string' ? [...value].slice(0, DETAIL_MAX).join('') : value] as const);
  return kept.length ? Object.fromEntries(kept) : null;
}

/** One entry to record. */
export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  target?: AuditTarget;
  detail?: AuditDetail;
  /** The client's address, for sign-ins. */
  ip?: string | null;
  at: Date;
}

/**
 * Records an action. Call it in the same transaction as the change when there is one (pass the
 * transaction as `db`), so the log never says something happened that did not, or the reverse.
 */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  const detail = cleanDetail(entry.detail);
  await consoleDb(db)
    .insertInto('console_audit_log')
    .values({
      created_at: entry.at,
      actor_id: entry.actor.userId,
      actor_label: entry.actor.label,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      target_label: entry.target?.label ?? null,
      detail: detail ? JSON.stringify(detail) : null,
      ip: entry.ip ?? null,
    })
    .execute();
}
