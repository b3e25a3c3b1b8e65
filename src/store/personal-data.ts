/**
 * Personal data kept by features outside the core tables (campaign recipients, contact tags, ...).
 * A feature that stores something about a person declares a source in its module
 * (AppModule.personalData), so `contact export` shows it and `contact forget` erases it. Tables
 * with a foreign key to contacts(id) ON DELETE CASCADE are erased anyway; a source is still needed
 * for the export, and for anything outside the database (a Slack message).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** One feature's personal data about a contact. */
export interface PersonalDataSource {
  /** The key in the export (e.g. "shift_signups"). */
  name: string;
  /** Everything this feature stores about the contact, as JSON-serialisable data. */
  export(db: Kysely<Database>, contactId: string): Promise<unknown>;
  /**
   * Erases it. Runs inside the forget transaction (which holds the contact's row lock), before
   * the contact row is deleted. Keep anonymous aggregates if you need them, never an address.
   */
  forget(db: Kysely<Database>, contactId: string): Promise<void>;
  /** Optional work after the transaction committed (delete a Slack message); best effort. */
  afterForget?(contactId: string): Promise<void>;
}
