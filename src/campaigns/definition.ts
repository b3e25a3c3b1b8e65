/**
 * A campaign is data: who (audience filters), what (an i18n key, per-language text, or a series of
 * them; optionally a flow to start), when (now, at a time, or anchored on a date of the election
 * data), and how fast (pacing). Written as YAML (docs/campaigns.md), validated here with zod.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CHANNEL_NAMES, channelInfo, type ChannelName } from '../channels/registry';
import { parseDuration } from '../engine/duration';
import { US_STATE_NAMES } from '../engine/inputs/us-state-names';

/** Campaign ids end up in BullMQ job ids, which may not contain ':'. */
const ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** The channels a campaign may name, and the ones it reaches when it names none (src/channels/registry.ts). */
const CHANNEL_ENUM = z.enum(CHANNEL_NAMES as [ChannelName, ...ChannelName[]]);
const DEFAULT_CHANNELS = CHANNEL_NAMES.filter((name) => channelInfo(name).defaultAudience);
const language = z.string().regex(/^[a-z]{2,3}$/, 'a language code such as en or es');
const duration = z.string().refine((s) => parseDuration(s) !== null, 'a duration such as 2d, 12h or 30m');
const i18nKey = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'an i18n key such as campaign.register_nudge');

/** One message: an i18n key (locales/<lang>/<ns>.json) or the text per language, inline. */
const messageFields = {
  message: i18nKey.optional(),
  text: z.record(language, z.string().min(1)).optional(),
};

const stepSchema = z
  .object({ ...messageFields, after: duration.default('0s') })
  .strict()
  .refine((s) => Boolean(s.message) !== Boolean(s.text), 'give exactly one of message (an i18n key) or text (per language)');

const audienceSchema = z
  .object({
    languages: z.array(language).min(1).optional(),
    /** Channels to reach people on, in order of preference when a person has several. */
    channels: z.array(CHANNEL_ENUM).min(1).default(DEFAULT_CHANNELS),
    states: z
      .array(z.string().transform((s) => s.toUpperCase()))
      .min(1)
      .refine((states) => states.every((s) => US_STATE_NAMES[s]), 'US state postal codes such as CA, TX')
      .optional(),
    /** Contacts with any of these tags. */
    tags: z.array(z.string().min(1).transform((t) => t.toLowerCase())).min(1).optional(),
    /** ... and none of these. */
    exclude_tags: z.array(z.string().min(1).transform((t) => t.toLowerCase())).min(1).optional(),
    /** The contact variable `registered` (yes/no): true = registered only, false = not known to be registered. */
    registered: z.boolean().optional(),
    /** Which opt-ins count (default: all): 'inbound' (wrote to us), 'import', 'keyword', 'import:<source>'. */
    consent_sources: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

const anchorSchema = z
  .object({
    /** A date name from data/elections.yaml (registration_deadline, election_day, ...). */
    date: z.string().regex(/^[a-z][a-z0-9_]*$/),
    days_before: z.number().int().min(0).max(365),
    /** Local time of the contact, HH:MM. */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour').default('10:00'),
  })
  .strict();

export const campaignSchema = z
  .object({
    id: z.string().regex(ID, 'lower case letters, digits, - and _ (at most 63)'),
    name: z.string().min(1),
    description: z.string().optional(),
    audience: audienceSchema.default({ channels: DEFAULT_CHANNELS }),
    ...messageFields,
    /** A flow to start for each recipient once their message has gone out (their answer goes to it). */
    flow: z.string().regex(/^[a-z0-9_-]+$/).optional(),
    series: z
      .object({
        steps: z.array(stepSchema).min(2).max(10),
        /** i18n key of the comma-separated words that end the series for a person (default campaign.registered_words). */
        stop_words: i18nKey.default('campaign.registered_words'),
      })
      .strict()
      .optional(),
    send: z
      .object({
        /** ISO 8601 time with an offset: the first message goes no earlier. */
        at: z.string().datetime({ offset: true }).optional(),
        anchor: anchorSchema.optional(),
      })
      .strict()
      .refine((s) => !(s.at && s.anchor), 'give send.at or send.anchor, not both')
      .optional(),
    pacing: z.object({ per_minute: z.number().int().min(1).max(100_000) }).strict().optional(),
    circuit_breaker: z
      .object({
        /** Pause when this share of the last `window` finished sends on a channel failed. */
        failure_rate: z.number().gt(0).max(1),
        window: z.number().int().min(10).max(10_000).default(200),
        /** ... once at least this many have finished. */
        min_sends: z.number().int().min(1).default(50),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const forms = [c.message, c.text, c.series].filter(Boolean).length;
    if (forms !== 1) ctx.addIssue({ code: 'custom', path: ['message'], message: 'give exactly one of message (an i18n key), text (per language) or series' });
    if (c.series && c.send?.anchor) ctx.addIssue({ code: 'custom', path: ['send', 'anchor'], message: 'a series cannot be anchored on a date (anchor a single message)' });
    if (c.series && c.flow) ctx.addIssue({ code: 'custom', path: ['flow'], message: 'a series cannot start a flow' });
    if (c.series && parseDuration(c.series.steps[0].after) !== 0) ctx.addIssue({ code: 'custom', path: ['series', 'steps', 0, 'after'], message: 'the first step goes at the start (after: 0s)' });
  });

export type CampaignDefinition = z.infer<typeof campaignSchema>;

/** One message of a campaign (a single message is a one-step campaign). */
export interface CampaignStep {
  /** 1-based. */
  step: number;
  message?: string;
  text?: Record<string, string>;
  /** Delay after the campaign's start. */
  afterMs: number;
}

/** The steps of a campaign, in order. */
export function stepsOf(def: CampaignDefinition): CampaignStep[] {
  if (def.series) {
    let at = 0;
    return def.series.steps.map((s, i) => {
      at = Math.max(at, parseDuration(s.after) ?? 0);
      return { step: i + 1, message: s.message, text: s.text, afterMs: at };
    });
  }
  return [{ step: 1, message: def.message, text: def.text, afterMs: 0 }];
}

/** One problem of a definition: where (the path in the definition, and its line in YAML text) and what. */
export interface CampaignIssue {
  /** Path in the definition (`audience.channels.0`); empty for the whole definition or a YAML syntax error. */
  path: (string | number)[];
  message: string;
  /** 1-based line of YAML text, when the definition came as text and the line is known. */
  line?: number;
}

/** Validates a definition (parsed YAML/JSON): the definition, or every problem with where it is. The one validation of campaigns. */
export function checkCampaign(raw: unknown): { ok: true; def: CampaignDefinition } | { ok: false; issues: CampaignIssue[] } {
  const parsed = campaignSchema.safeParse(raw);
  if (parsed.success) return { ok: true, def: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.filter((p): p is string | number => typeof p !== 'symbol'), message: i.message })) };
}

/**
 * Validates campaign YAML (or JSON, which is YAML) text: the definition, or every problem, each
 * with the line it is on (a syntax error's, or the line of the value a problem is about).
 */
export function checkCampaignYaml(text: string): { ok: true; def: CampaignDefinition } | { ok: false; issues: CampaignIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) return { ok: false, issues: doc.errors.map((e) => ({ path: [], message: e.message.split('\n')[0], line: lines.linePos(e.pos[0]).line })) };
  const checked = checkCampaign(doc.toJS());
  if (checked.ok) return checked;
  return {
    ok: false,
    issues: checked.issues.map((issue) => {
      // The line of the value it is about, else of the nearest enclosing key that is there.
      for (let n = issue.path.length; n >= 0; n--) {
        const node = doc.getIn(issue.path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) return { ...issue, line: lines.linePos(node.range[0]).line };
      }
      return issue;
    }),
  };
}

function issuesText(source: string, issues: CampaignIssue[]): string {
  return `${source}: invalid campaign:\n${issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}${i.line ? ` (line ${i.line})` : ''}`).join('\n')}`;
}

/** Validates a definition (parsed YAML/JSON); throws one readable error listing every problem. */
export function parseCampaign(raw: unknown, source = 'campaign'): CampaignDefinition {
  const checked = checkCampaign(raw);
  if (!checked.ok) throw new CampaignError(issuesText(source, checked.issues));
  return checked.def;
}

/** Parses campaign YAML (or JSON, which is YAML); throws one readable error listing every problem. */
export function parseCampaignYaml(text: string, source = 'campaign'): CampaignDefinition {
  const checked = checkCampaignYaml(text);
  if (!checked.ok) {
    const syntax = checked.issues.length && checked.issues.every((i) => !i.path.length);
    if (syntax) throw new CampaignError(`${source}: ${checked.issues.map((i) => `${i.message}${i.line ? ` (line ${i.line})` : ''}`).join('; ')}`);
    throw new CampaignError(issuesText(source, checked.issues));
  }
  return checked.def;
}

/** A refusal an organizer can act on (bad definition, missing setting, wrong state): HTTP 400/409, CLI exit 1. */
export class CampaignError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'CampaignError';
  }
}
