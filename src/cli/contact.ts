/**
 * `civic-engage contact export <who>` and `civic-engage contact forget <who>`: answering a
 * person's "what do you have on me?" and "delete it". <who> is a contact id, a phone number as
 * anyone writes it, or channel:address (telegram:123456789).
 */
import { writeFileSync } from 'node:fs';
import { MODULES } from '../app/modules';
import type { Config } from '../config';
import { personalDataOf } from '../runtime/module';
import { adminBase, openCliDb, optionalQueues } from './context';
import { CliError } from './errors';
import { exportContact } from '../privacy/export-contact';
import { ContactNotFound, resolveContact } from '../contacts/find-contact';
import { forgetContact, forgetPreview } from '../privacy/forget';

/** Where a command writes (stdout in the CLI; a buffer in tests). */
export interface CommandIo {
  config: Config;
  out(text: string): void;
  now?(): Date;
}

async function withContact<T>(io: CommandIo, who: string, hint: string, fn: (db: Awaited<ReturnType<typeof openCliDb>>, contactId: string) => Promise<T>): Promise<T> {
  const db = await openCliDb(io.config, hint);
  try {
    const contactId = await resolveContact(db.kysely, who).catch((err) => {
      throw err instanceof ContactNotFound ? new CliError(err.message) : err;
    });
    return await fn(db, contactId);
  } finally {
    await db.close();
  }
}

/** `contact export`: everything stored about the person, as JSON (to a file with --out, mode 0600). */
export async function contactExport(io: CommandIo, who: string, opts: { out?: string }): Promise<void> {
  const hint = `curl -H "Authorization: Bearer $ADMIN_TOKEN" ${adminBase(io.config)}/contacts/<contact id>`;
  await withContact(io, who, hint, async (db, contactId) => {
    const data = await exportContact({ db: db.kysely, config: io.config, now: io.now ?? (() => new Date()), personalData: personalDataOf(MODULES) }, contactId);
    const json = `${JSON.stringify(data, null, 2)}\n`;
    if (opts.out) {
      // Personal data: readable by the owner only.
      writeFileSync(opts.out, json, { mode: 0o600 });
      io.out(`Everything stored about contact ${contactId} was written to ${opts.out}\n`);
    } else io.out(json);
  });
}

/** `contact forget`: shows what would be erased; erases it with --yes. Returns false when not confirmed. */
export async function contactForget(io: CommandIo, who: string, opts: { yes?: boolean }): Promise<boolean> {
  const hint = `curl -X POST -H "Authorization: Bearer $ADMIN_TOKEN" ${adminBase(io.config)}/contacts/<contact id>/forget`;
  return withContact(io, who, hint, async (db, contactId) => {
    const preview = await forgetPreview(db.kysely, contactId);
    if (!opts.yes) {
      io.out(
        `Contact ${contactId}: ${preview.identities} address(es), ${preview.messages} message(s), ${preview.feedbackComments} feedback comment(s), ${preview.tickets} ticket(s).\n` +
          'Nothing was erased. Run again with --yes to erase this person (an anonymous opt-out is kept so they are never messaged again).\n',
      );
      return false;
    }
    const redis = await optionalQueues(io.config, db.kysely);
    try {
      const report = await forgetContact({ db: db.kysely, config: io.config, now: io.now ?? (() => new Date()), queues: redis?.queues, personalData: personalDataOf(MODULES) }, contactId);
      if (!report) throw new CliError('no contact matches that reference');
      io.out(
        `Forgotten: ${report.identities} address(es), ${report.messages} message(s), ${report.feedbackComments} feedback comment(s), ${report.tickets} ticket(s) erased.\n` +
          'Kept: an anonymous opt-out (a keyed hash of each address), so they are not messaged again unless they opt back in.\n' +
          (report.jobsRemoved === null ? 'Redis was not reachable: queued jobs for them were not removed (they find nothing to send and end).\n' : '') +
          'Not reachable from here: Slack messages already posted (digests, handoff threads) and backups; see docs/privacy.md.\n',
      );
      return true;
    } finally {
      await redis?.close();
    }
  });
}
