/**
 * A campaign message in one person's language: the step's text with their variables and their
 * state's election facts, then the sender identity, the organizer's disclaimer ("Paid for by ...")
 * and, on SMS, how to opt out. Pure over the translator, the settings and the election data.
 */
import type { Config } from '../config';
import type { OutboundMessage } from '../engine/types';
import type { ElectionData } from '../elections/data';
import { lookup } from '../i18n/catalog';
import type { Translator } from '../i18n/translator';
import type { CampaignStep } from './definition';

/** What rendering needs. */
export interface RenderContext {
  translator: Translator;
  config: Pick<Config, 'ORG_NAME' | 'ORG_CONTACT' | 'ORG_SENDER' | 'ORG_DISCLAIMER'>;
  /** Null when the data file is missing: messages that need election facts are then skipped. */
  elections: ElectionData | null;
}

/** One recipient, as rendering sees them. */
export interface RenderTarget {
  language: string | null;
  channel: string;
  vars: Record<string, string | number>;
}

export type Rendered = { ok: true; language: string; message: OutboundMessage } | { ok: false; language: string; reason: 'no_election_data'; missing: string[] };

const VAR = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Election facts per (data, state, language), computed once. `varsFor` formats each of the state's
 * dates with a new Intl.DateTimeFormat: ~60 µs and ~27 KB of native ICU memory each, which V8 does
 * not count, so no collection comes soon to free it. Rendered afresh for every recipient, that
 * grew a campaign worker's RSS from 150 MiB to over 600 MiB in a 10,000-message fan-out (npm run
 * bench -- --only fanout). The data object is replaced when its file changes (electionData), and
 * its entries go with it; the entries are bounded by states × languages (cleared past MAX_FACTS).
 */
const factsCache = new WeakMap<ElectionData, Map<string, Readonly<Record<string, string>>>>();
const MAX_FACTS = 2000;

function factsFor(elections: ElectionData | null, state: string | undefined, language: string): Readonly<Record<string, string>> {
  if (!elections) return {};
  let byKey = factsCache.get(elections);
  if (!byKey) factsCache.set(elections, (byKey = new Map()));
  const key = `${state ?? ''}\u0000${language}`;
  let facts = byKey.get(key);
  if (!facts) {
    if (byKey.size >= MAX_FACTS) byKey.clear();
    facts = Object.freeze(elections.varsFor(state, language));
    byKey.set(key, facts);
  }
  return facts;
}

/** The variable names a template uses. */
export function templateVars(template: string): string[] {
  return [...new Set([...template.matchAll(VAR)].map((m) => m[1]))];
}

/** The language a person gets: theirs when shipped, else the default. */
export function languageOf(translator: Translator, language: string | null | undefined): string {
  return language && translator.languages.includes(language) ? language : translator.defaultLanguage;
}

/** The raw template of a step in a language (falling back to the default language). */
export function templateOf(translator: Translator, step: CampaignStep, language: string): string | undefined {
  if (step.text) return step.text[language] ?? step.text[translator.defaultLanguage];
  const key = step.message!;
  return lookup(translator.locales.catalog, language, key) ?? lookup(translator.locales.catalog, translator.defaultLanguage, key);
}

/** The sender identity shown in every campaign message: ORG_SENDER, else ORG_NAME. */
export function senderOf(config: RenderContext['config']): string {
  return config.ORG_SENDER?.trim() || config.ORG_NAME;
}

/**
 * Renders one step for one person. Refuses (ok: false) when the text needs an election fact that
 * the data does not have for the person's state: a message is never sent with a guessed or blank
 * date or link.
 */
export function renderStep(ctx: RenderContext, step: CampaignStep, target: RenderTarget): Rendered {
  const language = languageOf(ctx.translator, target.language);
  const template = templateOf(ctx.translator, step, language) ?? '';
  const state = typeof target.vars.state === 'string' ? target.vars.state : undefined;
  const facts = factsFor(ctx.elections, state, language);
  const vars: Record<string, string | number> = {
    ...target.vars,
    ...facts,
    org_name: ctx.config.ORG_NAME,
    org_contact: ctx.config.ORG_CONTACT,
    sender: senderOf(ctx.config),
  };
  const used = templateVars(template);
  const missing = used.filter((v) => vars[v] === undefined && (ctx.elections?.provides(v) || needsElectionData(v)));
  if (missing.length) return { ok: false, language, reason: 'no_election_data', missing };
  // Anything else the person has not told us (a name) is left out rather than shown as {{name}}.
  for (const v of used) if (vars[v] === undefined) vars[v] = '';
  const body = interpolate(template, vars).replace(/[ \t]{2,}/g, ' ').trim();
  const footer = footerOf(ctx, language, target.channel);
  const text = footer ? `${body}\n${footer}` : body;
  const message: OutboundMessage = { text, ...(step.message ? { key: step.message } : {}) };
  const shown = Object.fromEntries(used.map((v) => [v, vars[v]]));
  if (Object.keys(shown).length) message.vars = shown;
  return { ok: true, language, message };
}

/**
 * Footers by translator, then language, channel and the settings they show: the same line for
 * every recipient of a language and channel, and i18next's `t` was a twentieth of a fan-out
 * worker's busy time when asked per recipient (docs/benchmarks.md). A new translator (texts
 * reloaded) starts afresh; the settings are in the key.
 */
const footers = new WeakMap<Translator, Map<string, string>>();

/**
 * renderStep for many recipients of one step (a fan-out page): a text that names no variable of
 * the person's own is rendered once per language, channel and state, and the others once per
 * distinct value of the variables they name. What a result depends on is exactly its key: the
 * language the person gets, the channel (footer), the state (election facts) and the person's
 * values of the variables the template uses. The results are shared: callers must not change them.
 * Holds at most `max` results (a page's worth), then starts afresh.
 */
export function stepRenderer(ctx: RenderContext, step: CampaignStep, max = 1000): (target: RenderTarget) => Rendered {
  const usedBy = new Map<string, string[]>();
  const results = new Map<string, Rendered>();
  return (target) => {
    const language = languageOf(ctx.translator, target.language);
    let used = usedBy.get(language);
    if (!used) usedBy.set(language, (used = templateVars(templateOf(ctx.translator, step, language) ?? '')));
    const state = typeof target.vars.state === 'string' ? target.vars.state : undefined;
    // \u0001 marks a value the person does not have (distinct from an empty one).
    const values = used.map((v) => (target.vars[v] === undefined ? '\u0001' : `${typeof target.vars[v]}:${target.vars[v]}`));
    const key = [language, target.channel, state === undefined ? '\u0001' : state, ...values].join('\u0000');
    let rendered = results.get(key);
    if (!rendered) {
      if (results.size >= max) results.clear();
      rendered = renderStep(ctx, step, target);
      results.set(key, rendered);
    }
    return rendered;
  };
}

/** The footer line: sender, disclaimer, and the channel's opt-out instruction (campaign.footer_<channel>). */
export function footerOf(ctx: RenderContext, language: string, channel: string): string {
  let byKey = footers.get(ctx.translator);
  if (!byKey) footers.set(ctx.translator, (byKey = new Map()));
  const cacheKey = `${language}\u0000${channel}\u0000${ctx.config.ORG_SENDER ?? ''}\u0000${ctx.config.ORG_NAME}\u0000${ctx.config.ORG_DISCLAIMER ?? ''}`;
  let footer = byKey.get(cacheKey);
  if (footer === undefined) {
    if (byKey.size >= MAX_FACTS) byKey.clear();
    footer = renderFooter(ctx, language, channel);
    byKey.set(cacheKey, footer);
  }
  return footer;
}

function renderFooter(ctx: RenderContext, language: string, channel: string): string {
  const key = ctx.translator.has(language, `campaign.footer_${channel}`) || ctx.translator.has(ctx.translator.defaultLanguage, `campaign.footer_${channel}`) ? `campaign.footer_${channel}` : 'campaign.footer';
  const given = ctx.config.ORG_DISCLAIMER?.trim() ?? '';
  const disclaimer = given && !/[.!?]$/.test(given) ? `${given}.` : given;
  return ctx.translator.t(language, key, { sender: senderOf(ctx.config), disclaimer }).replace(/[ \t]{2,}/g, ' ').trim();
}

function interpolate(template: string, vars: Record<string, string | number>): string {
  return template.replace(VAR, (_, name: string) => String(vars[name] ?? ''));
}

/**
 * Whether a template variable is an election fact (a date, a link): such a variable must come
 * from the election data, never be sent blank. Also used without a data file, by name.
 */
export function needsElectionData(name: string): boolean {
  return /(_deadline|_date|_day|_url|^vote_gov|^election_)/.test(name);
}
