/**
 * The organizer's election data (data/elections.yaml): per state, the dates and links that change
 * with every election. Campaign texts never carry such facts: they name them ({{registration_deadline}},
 * {{register_url}}) and this file supplies them, so the bot never invents an election fact. A
 * file marked `example: true` holds placeholder values and cannot be used to launch a campaign.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { US_STATE_NAMES } from '../engine/inputs/us-state-names';
import { addDays, isValidTimeZone, zonedTime } from '../lib/time-zones';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD (quote it if your editor turns it into something else)');
const url = z.string().url().refine((u) => /^https:\/\//.test(u), 'an https:// link');
const dateKey = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case');

const stateSchema = z
  .object({
    /** The zone most of the state's people live in (used when a contact's own zone is unknown). */
    timezone: z.string().refine(isValidTimeZone, 'an IANA time zone such as America/Chicago'),
    /** The official election office and its site: every message can link to the source. */
    office: z.string().min(1),
    office_url: url,
    register_url: url.optional(),
    check_registration_url: url.optional(),
    dates: z.record(dateKey, date).default({}),
  })
  .strict();

export const electionsSchema = z
  .object({
    /** True while the values are placeholders: campaigns that use them refuse to launch. */
    example: z.boolean().default(false),
    election: z.object({ name: z.string().min(1), date }).strict(),
    /** National sources linked from every message (vote.gov). */
    national: z.object({ info_url: url }).strict(),
    states: z.record(z.string(), stateSchema),
  })
  .strict()
  .superRefine((data, ctx) => {
    for (const code of Object.keys(data.states)) {
      if (!US_STATE_NAMES[code]) ctx.addIssue({ code: 'custom', path: ['states', code], message: `"${code}" is not a US state or territory postal code` });
    }
  });

export type ElectionsFile = z.infer<typeof electionsSchema>;
export type StateElectionData = ElectionsFile['states'][string];

/** Template variables the election data provides (besides each state's `dates` keys). */
export const LINK_VARS = ['vote_gov', 'election_office', 'election_office_url', 'register_url', 'check_registration_url', 'election_name'] as const;

/** The loaded election data, with the look-ups campaigns need. */
export class ElectionData {
  constructor(
    readonly file: ElectionsFile,
    readonly path: string,
  ) {}

  get example(): boolean {
    return this.file.example;
  }

  state(code: string | undefined | null): StateElectionData | undefined {
    return code ? this.file.states[code.toUpperCase()] : undefined;
  }

  /** Every date key some state has (registration_deadline, election_day, ...). */
  dateKeys(): string[] {
    return [...new Set(Object.values(this.file.states).flatMap((s) => Object.keys(s.dates)))].sort();
  }

  /** Whether a template variable name is one this data provides. */
  provides(name: string): boolean {
    return (LINK_VARS as readonly string[]).includes(name) || this.dateKeys().includes(name);
  }

  /**
   * The variables for one contact's state, rendered for their language (dates as "19 de octubre").
   * Only what the data has: a missing state or date is absent, never guessed.
   */
  varsFor(stateCode: string | undefined | null, language: string): Record<string, string> {
    const vars: Record<string, string> = { vote_gov: this.file.national.info_url, election_name: this.file.election.name };
    const state = this.state(stateCode);
    if (!state) return vars;
    vars.election_office = state.office;
    vars.election_office_url = state.office_url;
    vars.register_url = state.register_url ?? this.file.national.info_url;
    if (state.check_registration_url) vars.check_registration_url = state.check_registration_url;
    for (const [key, day] of Object.entries(state.dates)) vars[key] = formatDate(day, language);
    return vars;
  }

  /**
   * The instant `daysBefore` days before a state's date, at `time` in `timeZone`, and the end of
   * that date there (after which a message anchored on it is dropped). Undefined when the state
   * has no such date.
   */
  anchor(stateCode: string | undefined | null, key: string, daysBefore: number, time: string, timeZone: string): { sendAt: Date; expiresAt: Date } | undefined {
    const day = this.state(stateCode)?.dates[key];
    if (!day) return undefined;
    return { sendAt: zonedTime(addDays(day, -daysBefore), time, timeZone), expiresAt: zonedTime(addDays(day, 1), '00:00', timeZone) };
  }
}

// One formatter per language: creating an Intl.DateTimeFormat costs ~60 µs and ~27 KB of ICU
// memory that V8 does not see, far too much to pay per message (see docs/benchmarks.md).
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(language: string): Intl.DateTimeFormat | null {
  if (!formatters.has(language)) {
    let formatter: Intl.DateTimeFormat | null = null;
    try {
      formatter = new Intl.DateTimeFormat(language, { month: 'long', day: 'numeric', timeZone: 'UTC' });
    } catch {
      formatter = null; // not a language tag ICU knows: the ISO date is shown as is
    }
    formatters.set(language, formatter);
  }
  return formatters.get(language)!;
}

/** A calendar date in a language's usual long form ("October 19", "19 de octubre"). */
export function formatDate(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const formatter = formatterFor(language);
  return formatter ? formatter.format(new Date(Date.UTC(y, m - 1, d, 12))) : day;
}

/** Loads and validates the election data file; throws one readable error listing every problem. */
export function loadElections(path: string): ElectionData {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  const parsed = electionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${path}: invalid election data:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return new ElectionData(parsed.data, path);
}

const cache = new Map<string, { mtimeMs: number; data: ElectionData }>();

/** The election data at `path`, read again only when the file has changed. */
export function electionData(path: string): ElectionData {
  const mtimeMs = statSync(path).mtimeMs;
  let entry = cache.get(path);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    entry = { mtimeMs, data: loadElections(path) };
    cache.set(path, entry);
  }
  return entry.data;
}
