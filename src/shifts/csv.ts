/**
 * Shifts as CSV: reading an organizer's spreadsheet (import) and writing the schedule and rosters
 * (export). One row per shift; the header names the columns, in any order and case:
 *
 *   id, title, kind, location, start, end, capacity, timezone, organizer_channel, notes
 *
 * `title`, `start`, `end` and `capacity` are required. `start`/`end` are wall times in the row's
 * `timezone` (default DEFAULT_TIMEZONE): "2030-06-04 09:00", or ISO with an offset; with a `date`
 * column they may be just "09:00". `id` is the organizer's own id: importing again updates that
 * shift (a changed time moves its reminders). Rows without one get an id from title, start and
 * location, so importing the same file twice creates nothing twice.
 *
 * Exports go through the one CSV writer (src/lib/csv.ts), so a title, a location, a volunteer's
 * name or comment that starts like a formula (= + - @) opens as text in a spreadsheet; the schedule
 * is written in the form import undoes, so it still round-trips.
 */
import { createHash } from 'node:crypto';
import { unsafeCell, writeCsv } from '../lib/csv';
import { maskPhone } from '../lib/phone';
import { isValidTimeZone, localDateTime } from '../lib/time-zones';
import { SHIFT_KINDS, type Signup, type Volunteer } from './tables';
import type { NewShift, ShiftSummary } from './store';
import { parseLocalDateTime } from './time';

/** RFC 4180 CSV: quoted fields with "" for a quote, CRLF or LF, a BOM tolerated. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const ALIASES: Record<string, string> = {
  id: 'id', external_id: 'id', title: 'title', name: 'title', kind: 'kind', type: 'kind', location: 'location', place: 'location', where: 'location',
  start: 'start', starts: 'start', starts_at: 'start', start_time: 'start', end: 'end', ends: 'end', ends_at: 'end', end_time: 'end', date: 'date',
  capacity: 'capacity', spots: 'capacity', timezone: 'timezone', time_zone: 'timezone', tz: 'timezone', organizer_channel: 'organizer_channel', channel: 'organizer_channel', notes: 'notes',
};

/** A row that could not be read, with its line (1 = the header). */
export interface RowError {
  line: number;
  message: string;
}

/** Reads the rows into shifts; every problem is reported with its line, nothing is half-read. */
export function readShiftRows(text: string, defaultTimeZone: string): { shifts: (NewShift & { externalId: string })[]; errors: RowError[] } {
  const rows = parseCsv(text);
  const errors: RowError[] = [];
  if (rows.length === 0) return { shifts: [], errors: [{ line: 1, message: 'the file is empty' }] };
  const header = rows[0].map((h) => ALIASES[h.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? `?${h.trim()}`);
  for (const required of ['title', 'start', 'end', 'capacity']) {
    if (!header.includes(required)) errors.push({ line: 1, message: `missing column "${required}"` });
  }
  const unknown = header.filter((h) => h.startsWith('?'));
  if (unknown.length) errors.push({ line: 1, message: `unknown column(s): ${unknown.map((u) => u.slice(1)).join(', ')}` });
  if (errors.length) return { shifts: [], errors };

  const shifts: (NewShift & { externalId: string })[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((fields, i) => {
    const line = i + 2;
    // unsafeCell: a cell our export neutralised (a title starting with =) reads back as written.
    const get = (name: string) => unsafeCell((fields[header.indexOf(name)] ?? '').trim());
    const fail = (message: string) => errors.push({ line, message });
    const timezone = get('timezone') || defaultTimeZone;
    if (!isValidTimeZone(timezone)) return fail(`unknown time zone "${timezone}"`);
    const at = (value: string) => parseLocalDateTime(get('date') && /^\d{1,2}:\d{2}$/.test(value) ? `${get('date')} ${value}` : value, timezone);
    const title = get('title');
    const start = at(get('start'));
    let end = at(get('end'));
    const capacity = Number(get('capacity'));
    const kind = (get('kind') || 'other').toLowerCase();
    if (!title) return fail('title is empty');
    if (!start) return fail(`start "${get('start')}" is not a date and time like 2030-06-04 09:00`);
    if (!end) return fail(`end "${get('end')}" is not a date and time like 2030-06-04 12:00`);
    // Times alone on a `date` row: an end before the start is past midnight.
    if (get('date') && end.getTime() <= start.getTime() && /^\d{1,2}:\d{2}$/.test(get('end'))) end = new Date(end.getTime() + 86_400_000);
    if (end.getTime() <= start.getTime()) return fail('end is not after start');
    if (!Number.isInteger(capacity) || capacity < 1) return fail(`capacity "${get('capacity')}" is not a whole number of 1 or more`);
    if (!(SHIFT_KINDS as readonly string[]).includes(kind)) return fail(`kind "${kind}" is not one of ${SHIFT_KINDS.join(', ')}`);
    const location = get('location');
    const externalId = get('id') || `csv-${createHash('sha1').update(`${title}\n${start.toISOString()}\n${location}`).digest('hex').slice(0, 16)}`;
    if (seen.has(externalId)) return fail(`same id as line ${seen.get(externalId)}`);
    seen.set(externalId, line);
    shifts.push({ externalId, title, kind, location, notes: get('notes') || null, startsAt: start, endsAt: end, timezone, capacity, organizerChannel: get('organizer_channel') || null });
  });
  return { shifts: errors.length ? [] : shifts, errors };
}

/** The schedule as CSV (importable again: same columns, wall times in each shift's zone). */
export function shiftsToCsv(shifts: ShiftSummary[]): string {
  return writeCsv(
    shifts.map((s) => ({
      id: s.external_id ?? `shift-${s.id}`,
      title: s.title,
      kind: s.kind,
      location: s.location,
      start: localDateTime(s.starts_at, s.timezone),
      end: localDateTime(s.ends_at, s.timezone),
      timezone: s.timezone,
      capacity: s.capacity,
      signed_up: s.taken,
      waitlist: s.waiting,
      spots_left: s.spotsLeft,
      status: s.status,
      organizer_channel: s.organizer_channel ?? '',
      notes: s.notes ?? '',
    })),
    { columns: ['id', 'title', 'kind', 'location', 'start', 'end', 'timezone', 'capacity', 'signed_up', 'waitlist', 'spots_left', 'status', 'organizer_channel', 'notes'], cells: 'round-trip', crlf: false, bom: false },
  );
}

/** Rosters as CSV: one row per sign-up. Phone numbers masked unless `showPhones`. */
export function rosterToCsv(rows: { shift: ShiftSummary; signup: Signup; volunteer: Volunteer }[], showPhones = false): string {
  return writeCsv(
    rows.map(({ shift, signup, volunteer }) => ({
      shift_id: shift.external_id ?? `shift-${shift.id}`,
      title: shift.title,
      start: localDateTime(shift.starts_at, shift.timezone),
      status: signup.status,
      confirmed: signup.confirmed_at ? 'yes' : 'no',
      name: volunteer.name ?? '',
      slack_user: volunteer.slack_user_id ?? '',
      phone: volunteer.phone ? (showPhones ? volunteer.phone : maskPhone(volunteer.phone)) : '',
      rating: signup.feedback_rating ?? '',
      comment: signup.feedback_comment ?? '',
    })),
    { columns: ['shift_id', 'title', 'start', 'status', 'confirmed', 'name', 'slack_user', 'phone', 'rating', 'comment'], crlf: false, bom: false },
  );
}
