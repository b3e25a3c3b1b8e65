import 'dotenv/config';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { normalizePhone } from '../lib/phone';
import { Translator } from '../i18n/translator';
import { createLogger } from '../log';
import { openCliDb } from './context';
import { readShiftRows, rosterToCsv, shiftsToCsv } from '../shifts/csv';
import type { ShiftsEnv } from '../shifts/env';
import { cancelShift, getShift, importShift, moveShift, removeShift, signUpVolunteer } from '../shifts/service';
import { ensureVolunteer, listShifts, rosterOf } from '../shifts/store';
import { localDateTime } from '../lib/time-zones';
import { parseLocalDateTime } from '../shifts/time';

/**
 * The shifts commands work on the database directly (no Redis): a running worker plans the
 * reminders of what they add within a minute (its reconcile job) and sends what they store.
 * Beside a running server on the embedded database they use its database through its socket.
 */
async function withEnv<T>(fn: (env: ShiftsEnv) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const db = await openCliDb(config, 'the console\'s Shifts page, or stop the server and run the command again');
  try {
    const translator = Translator.fromDir(config.LOCALES_DIR, config.DEFAULT_LANGUAGE);
    return await fn({ db, config, log, translator, now: () => new Date() });
  } finally {
    await db.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/** `shifts import <file.csv>`: validates every row, then creates or updates the shifts. */
export async function shiftsImportCommand(file: string, opts: { dryRun?: boolean; timezone?: string }): Promise<void> {
  await withEnv(async (env) => {
    const { shifts, errors } = readShiftRows(readFileSync(file, 'utf8'), opts.timezone ?? env.config.DEFAULT_TIMEZONE);
    if (errors.length) {
      for (const e of errors) console.error(`${file}:${e.line}: ${e.message}`);
      fail(`${errors.length} problem(s): nothing imported`);
    }
    if (opts.dryRun) {
      console.log(`${shifts.length} shift(s) read, nothing imported (--dry-run)`);
      return;
    }
    let created = 0;
    let updated = 0;
    let moved = 0;
    for (const s of shifts) {
      const r = await importShift(env, s);
      if (r.created) created++;
      else updated++;
      if (r.moved) moved++;
    }
    console.log(`${shifts.length} shift(s): ${created} created, ${updated} updated (${moved} moved; their reminders move with them)`);
  });
}

/** `shifts list`: the upcoming schedule (or every shift with --all). */
export async function shiftsListCommand(opts: { all?: boolean; json?: boolean }): Promise<void> {
  await withEnv(async (env) => {
    const shifts = await listShifts(env.db.kysely, opts.all ? { all: true } : { from: env.now() });
    if (opts.json) {
      console.log(JSON.stringify(shifts, null, 2));
      return;
    }
    if (!shifts.length) console.log('no shifts');
    for (const s of shifts) {
      const when = `${localDateTime(s.starts_at, s.timezone)} – ${localDateTime(s.ends_at, s.timezone).slice(11)} ${s.timezone}`;
      console.log(`#${s.id}\t${when}\t${s.title}\t${s.location}\t${s.taken}/${s.capacity} taken, ${s.waiting} waiting${s.status !== 'scheduled' ? `\t[${s.status}]` : ''}`);
    }
  });
}

/** `shifts export`: the schedule as CSV (importable again), or the rosters with --signups. */
export async function shiftsExportCommand(opts: { out?: string; signups?: boolean; all?: boolean; showPhones?: boolean }): Promise<void> {
  await withEnv(async (env) => {
    const shifts = await listShifts(env.db.kysely, opts.all ? { all: true } : { from: new Date(env.now().getTime() - 30 * 86_400_000), all: false });
    let csv: string;
    if (opts.signups) {
      const rows = [];
      for (const shift of shifts) for (const r of await rosterOf(env.db.kysely, shift.id, ['active', 'offered', 'waitlist'])) rows.push({ shift, signup: r, volunteer: r.volunteer });
      csv = rosterToCsv(rows, opts.showPhones);
    } else csv = shiftsToCsv(shifts);
    if (opts.out) {
      writeFileSync(opts.out, csv);
      console.error(`wrote ${opts.out}`);
    } else process.stdout.write(csv);
  });
}

/** `shifts move <id>`: new start and end (the reminders move with it). */
export async function shiftsMoveCommand(id: string, opts: { start: string; end: string }): Promise<void> {
  await withEnv(async (env) => {
    const shift = (await getShift(env.db.kysely, id)) ?? fail(`no shift #${id}`);
    const start = parseLocalDateTime(opts.start, shift.timezone) ?? fail(`--start "${opts.start}" is not like 2030-06-04 09:00`);
    const end = parseLocalDateTime(opts.end, shift.timezone) ?? fail(`--end "${opts.end}" is not like 2030-06-04 12:00`);
    await moveShift(env, id, start, end);
    console.log(`#${id} moved to ${localDateTime(start, shift.timezone)} – ${localDateTime(end, shift.timezone)} ${shift.timezone}`);
  });
}

/** `shifts cancel <id>` (or delete it with --delete): no reminder for it is ever sent. */
export async function shiftsCancelCommand(id: string, opts: { delete?: boolean }): Promise<void> {
  await withEnv(async (env) => {
    if (opts.delete) {
      if (!(await removeShift(env, id))) fail(`no shift #${id}`);
      console.log(`#${id} deleted`);
      return;
    }
    const r = (await cancelShift(env, id)) ?? fail(`no shift #${id}`);
    console.log(`#${id} cancelled; ${r.volunteers.length} volunteer(s) were on it: tell them.`);
  });
}

/** `shifts signup <id> --phone`: signs up a volunteer without Slack; they get their reminders by SMS. */
export async function shiftsSignupCommand(id: string, opts: { phone: string; name?: string; lang?: string; waitlist?: boolean }): Promise<void> {
  await withEnv(async (env) => {
    const phone = normalizePhone(opts.phone) ?? fail(`"${opts.phone}" is not a phone number`);
    if (opts.lang && !env.translator.languages.includes(opts.lang)) fail(`unknown language "${opts.lang}"; shipped: ${env.translator.languages.join(', ')}`);
    const volunteer = await ensureVolunteer(env.db.kysely, { phone, name: opts.name ?? null, language: opts.lang ?? null });
    const outcome = await signUpVolunteer(env, id, volunteer, { waitlist: !!opts.waitlist });
    const said: Record<string, string> = { signed_up: 'signed up', waitlisted: 'on the waitlist (offered the first spot that frees up, by SMS)', already: 'already signed up', full: 'the shift is full (--waitlist puts them on its waitlist)', started: 'the shift has started', unavailable: 'no such shift (or cancelled)' };
    console.log(`#${id}: ${said[outcome.kind] ?? outcome.kind}`);
    if (!['signed_up', 'waitlisted', 'already'].includes(outcome.kind)) process.exitCode = 1;
  });
}
