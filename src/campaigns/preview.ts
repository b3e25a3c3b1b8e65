/**
 * `campaign preview`: before anything is sent, the audience per language and channel, each step's
 * text as each language will read it (with a real recipient's variables when there is one), its
 * SMS segments, an estimated SMS cost, and whatever would stop the launch.
 */
import { countSegments } from '../lib/sms-segments';
import type { Runtime } from '../runtime/runtime';
import { audienceCounts, audienceSample } from './audience';
import { campaignChannels } from './rehearsal';
import { launchProblems, realLaunchOnly } from './control';
import { loadCampaign } from './stored';
import { CampaignError, stepsOf, type CampaignDefinition } from './definition';
import { electionsFor } from './elections';
import { languageOf, renderStep, templateOf, type RenderContext } from './render';

export interface PreviewText {
  step: number;
  language: string;
  channel: string;
  text: string | null;
  /** Why there is no text for the sample (it needs election data its state lacks). */
  skipped?: string;
  /** SMS only. */
  segments?: number;
  encoding?: string;
  /** The language has no text of its own: people get the default language's. */
  fallback?: boolean;
}

export interface CampaignPreview {
  id: string;
  /** Previewed as a rehearsal: the SMS stand-in's audience, nothing sent for real. */
  rehearsal: boolean;
  channels: string[];
  audience: { total: number; byLanguage: Record<string, number>; byChannel: Record<string, number>; cells: { language: string; channel: string; count: number }[] };
  texts: PreviewText[];
  sms: { messages: number; segments: number; estimatedCost: number; currency: 'USD'; pricePerSegment: number };
  problems: string[];
  warnings: string[];
}

/**
 * Previews a stored campaign (by id) or a definition not saved yet; as a rehearsal when asked (a
 * launched campaign: as it was launched).
 */
export async function previewCampaign(rt: Runtime, idOrDef: string | CampaignDefinition, opts: { rehearsal?: boolean } = {}): Promise<CampaignPreview> {
  const db = rt.db.kysely;
  let def: CampaignDefinition;
  let rehearsal = Boolean(opts.rehearsal);
  if (typeof idOrDef === 'string') {
    const c = await loadCampaign(db, idOrDef);
    if (!c) throw new CampaignError(`no campaign "${idOrDef}"`, 404);
    def = c.def;
    if (c.status !== 'draft') rehearsal = c.rehearsal;
  } else def = idOrDef;
  const channels = campaignChannels(rt, def, rehearsal);
  const defaultLanguage = rt.translator.defaultLanguage;
  const raw = await audienceCounts(db, def, { channels, defaultLanguage });
  // People whose language is not shipped read the default language: count them there.
  const cells = new Map<string, { language: string; channel: string; count: number }>();
  for (const c of raw) {
    const language = languageOf(rt.translator, c.language);
    const key = `${language}|${c.channel}`;
    const cell = cells.get(key) ?? { language, channel: c.channel, count: 0 };
    cell.count += c.count;
    cells.set(key, cell);
  }
  const byLanguage: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  for (const c of cells.values()) {
    byLanguage[c.language] = (byLanguage[c.language] ?? 0) + c.count;
    byChannel[c.channel] = (byChannel[c.channel] ?? 0) + c.count;
  }
  const total = Object.values(byLanguage).reduce((a, b) => a + b, 0);

  const ctx: RenderContext = { translator: rt.translator, config: rt.config, elections: electionsFor(rt) };
  const languages = Object.keys(byLanguage).length ? Object.keys(byLanguage).sort() : [defaultLanguage];
  const texts: PreviewText[] = [];
  const warnings: string[] = [];
  let smsSegments = 0;
  let smsMessages = 0;
  const sampleState = ctx.elections ? Object.keys(ctx.elections.file.states)[0] : undefined;
  for (const language of languages) {
    const sample = await audienceSample(db, def, { channels, defaultLanguage, language });
    const vars = sample?.vars ?? (sampleState ? { state: sampleState } : {});
    const present = channels.filter((ch) => cells.has(`${language}|${ch}`));
    const shown = present.length ? present : [channels[0] ?? def.audience.channels[0]];
    for (const step of stepsOf(def)) {
      const own = step.text ? Boolean(step.text[language]) : rt.translator.has(language, step.message!);
      for (const channel of shown) {
        let rendered = renderStep(ctx, step, { language, channel, vars });
        const entry: PreviewText = { step: step.step, language, channel, text: rendered.ok ? rendered.message.text : null, ...(own ? {} : { fallback: true }) };
        if (!rendered.ok) {
          entry.skipped = `needs ${rendered.missing.join(', ')}, which ${ctx.elections ? `the election data lacks for state ${vars.state ?? '(none)'}` : 'has no election data file'}`;
          // The sample's state has no data: show (and cost) the text as someone with data reads it.
          if (sampleState && vars.state !== sampleState) {
            rendered = renderStep(ctx, step, { language, channel, vars: { ...vars, state: sampleState } });
            if (rendered.ok) entry.text = rendered.message.text;
          }
        }
        if (channel === 'sms' && rendered.ok) {
          const s = countSegments(rendered.message.text);
          entry.segments = s.segments;
          entry.encoding = s.encoding;
          const people = cells.get(`${language}|sms`)?.count ?? 0;
          smsSegments += s.segments * people;
          smsMessages += people;
        }
        texts.push(entry);
      }
      if (!own && templateOf(rt.translator, step, defaultLanguage)) warnings.push(`step ${step.step} has no ${language} text: ${byLanguage[language] ?? 0} people will read the ${defaultLanguage} one`);
    }
  }
  if (def.send?.anchor || texts.some((t) => t.skipped)) warnings.push(`contacts whose state has no data in ${rt.config.ELECTIONS_FILE} for what the text needs are skipped, never sent a guess`);
  if (def.series) warnings.push(`series: SMS figures count every step, as if nobody stopped early`);
  const price = rt.config.SMS_PRICE_PER_SEGMENT;
  return {
    id: def.id,
    rehearsal,
    channels,
    audience: { total, byLanguage, byChannel, cells: [...cells.values()] },
    texts,
    sms: { messages: smsMessages, segments: smsSegments, estimatedCost: Math.round(smsSegments * price * 100) / 100, currency: 'USD', pricePerSegment: price },
    problems: launchProblems(rt, def, { rehearsal }),
    // A rehearsal runs without what a real launch needs first: said here, so it is fixed before then.
    warnings: rehearsal ? [...warnings, ...realLaunchOnly(rt, def).map((p) => `before a real launch: ${p}`)] : warnings,
  };
}
