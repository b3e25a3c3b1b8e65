/**
 * The organizers' digest: what people said since the last one, as a Slack message. This is a pure
 * function of (data, now, texts): no I/O, no clock of its own, so a test renders it at an injected
 * time and in any language. Its words are `slack.digest.*` in locales/<lang>/slack.json, written in
 * the organizers' language (SLACK_ORGANIZER_LANGUAGE, else DEFAULT_LANGUAGE; chosen by the caller),
 * and its numbers, percentages and day in that language's CLDR formats (Intl).
 *
 * What people wrote is never Slack markup: comments go out as `plain_text` objects, and every
 * other value from the data is escaped for mrkdwn (&, <, >), so a comment like "<!channel>" or
 * "<https://evil|click>" shows as typed and notifies or links nobody.
 */
import { escapeMrkdwn } from '../channels/slack/mrkdwn';
import type { Block } from '../channels/slack/render';
import { channelName, reportFormats, type ReportTexts } from '../i18n/organizer-texts';
import { engagementFigures, engagementTotal, leastEngaged, leftOut, type EngagementRow } from './engagement';
import { TOP_GROUPS, type UnansweredLanguage } from '../knowledge/unanswered/group';
import { localDateTime } from '../lib/time-zones';

/** A comment as the digest shows it. */
export interface DigestComment {
  at: Date;
  flow: string;
  question: string;
  channel: string;
  language: string;
  topic: string | null;
  rating: number | null;
  text: string;
}

/** Everything one digest is made of (read by src/feedback/digest-data.ts). */
export interface DigestData {
  orgName: string;
  timeZone: string;
  /** [start, end) of what this digest covers: since the last digest, or the last day. */
  period: { start: Date; end: Date };
  feedback: {
    total: number;
    byChannel: Record<string, number>;
    byLanguage: Record<string, number>;
    /** Per flow: responses, ratings given and their average. */
    flows: { flow: string; responses: number; ratings: number; average: number | null }[];
    /** Multiple-choice answers: how often each choice was picked, per flow and question. */
    choices: { flow: string; question: string; choice: string; count: number }[];
    /** The newest comments, newest first. */
    comments: DigestComment[];
    commentCount: number;
  };
  engagement: EngagementRow[];
  /** The figures of the last digest posted, to say what changed; null for the first one. */
  previous: DigestSummary | null;
  /** Language names to show instead of codes ("es" → "Español"). */
  languageNames?: Record<string, string>;
  /**
   * The questions the knowledge base could not answer in the period, per language (most first),
   * each with its most-asked groups (src/knowledge/unanswered); absent: the section is left out.
   */
  unanswered?: UnansweredLanguage[];
}

/** The figures a digest keeps for the next one to compare with (aggregates only, never text). */
export interface DigestSummary {
  periodStart: string;
  periodEnd: string;
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  averages: Record<string, { average: number; ratings: number }>;
  people: number;
  completionRate: number | null;
  optOuts: number;
}

/** A Slack message: `text` is the notification fallback, `blocks` the message. */
export interface DigestMessage {
  text: string;
  blocks: Block[];
  summary: DigestSummary;
}

/** How many comments a digest quotes, and how much of each (Slack section text: 3000 chars). */
export const DIGEST_COMMENTS = 8;
const COMMENT_CHARS = 500;

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** A change as an arrow and its size ("▲2", "▼0.2"), or "±0" when it rounds to nothing. */
function signed(delta: number, format: (n: number) => string, digits = 0): string {
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return '±0';
  return `${rounded > 0 ? '▲' : '▼'}${format(Math.abs(rounded))}`;
}

function counts(record: Record<string, number>, name: (k: string) => string, int: (n: number) => string): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([k, n]) => `${escapeMrkdwn(name(k))} ${int(n)}`).join(' · ') : '-';
}

/** The summary a digest stores (aggregates only). Pure. */
export function digestSummary(data: DigestData): DigestSummary {
  const total = engagementTotal(data.engagement);
  const averages: DigestSummary['averages'] = {};
  for (const f of data.feedback.flows) if (f.average !== null) averages[f.flow] = { average: f.average, ratings: f.ratings };
  return {
    periodStart: data.period.start.toISOString(),
    periodEnd: data.period.end.toISOString(),
    total: data.feedback.total,
    byChannel: data.feedback.byChannel,
    byLanguage: data.feedback.byLanguage,
    averages,
    people: total.people,
    completionRate: total.completionRate,
    optOuts: total.optOuts,
  };
}

/** What changed since the previous digest, one line each, in `texts`' language. Pure. */
export function digestChanges(data: DigestData, summary: DigestSummary, languageName: (code: string) => string, texts: ReportTexts): string[] {
  const t = (key: string, vars?: Record<string, string | number>) => texts.translator.t(texts.language, `slack.digest.${key}`, vars);
  const f = reportFormats(texts.language);
  const prev = data.previous;
  if (!prev) return [t('first')];
  const lines: string[] = [];
  lines.push(t('change_responses', { now: f.int(summary.total), change: signed(summary.total - prev.total, f.int), before: f.int(prev.total) }));
  for (const [flow, now] of Object.entries(summary.averages)) {
    const before = prev.averages[flow];
    if (before) {
      const delta = now.average - before.average;
      if (Math.abs(delta) >= 0.05) lines.push(t('change_average', { flow: escapeMrkdwn(flow), now: f.dec1(now.average), change: signed(delta, f.dec1, 1), before: f.dec1(before.average) }));
    } else lines.push(t('first_ratings', { flow: escapeMrkdwn(flow), average: f.dec1(now.average), ratings: f.int(now.ratings) }));
  }
  for (const lang of Object.keys(summary.byLanguage)) {
    if (!(lang in prev.byLanguage)) lines.push(t('language_new', { language: escapeMrkdwn(languageName(lang)), responses: f.int(summary.byLanguage[lang]) }));
  }
  for (const lang of Object.keys(prev.byLanguage)) {
    if (!(lang in summary.byLanguage)) lines.push(t('language_gone', { language: escapeMrkdwn(languageName(lang)), before: f.int(prev.byLanguage[lang]) }));
  }
  if (summary.completionRate !== null && prev.completionRate !== null) {
    const points = (summary.completionRate - prev.completionRate) * 100;
    // count picks the plural form of "points"; the text shows the signed change instead.
    if (Math.abs(points) >= 1) lines.push(t('change_finished', { count: Math.abs(Math.round(points)), rate: f.rate(summary.completionRate), change: signed(points, f.int) }));
  }
  if (summary.optOuts !== prev.optOuts) lines.push(t('change_opt_outs', { now: f.int(summary.optOuts), change: signed(summary.optOuts - prev.optOuts, f.int), before: f.int(prev.optOuts) }));
  return lines;
}

/**
 * Builds the digest for `data` as of `now` (the header's date), in `texts`' language. Pure: same
 * input, same message. Values from the data are escaped for mrkdwn before they go into a text.
 */
export function buildDigest(data: DigestData, now: Date, texts: ReportTexts): DigestMessage {
  const t = (key: string, vars?: Record<string, string | number>) => texts.translator.t(texts.language, `slack.digest.${key}`, vars);
  const f = reportFormats(texts.language);
  const tz = data.timeZone;
  // "unknown": people who never chose a language (src/feedback/engagement.ts).
  const languageName = (code: string) => data.languageNames?.[code] ?? (code === 'unknown' ? t('unknown_language') : code);
  const channel = (c: string) => channelName(texts, c);
  const fb = data.feedback;
  const summary = digestSummary(data);
  const day = f.day(now, tz);
  const blocks: Block[] = [];
  const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

  blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(t('title', { day }), 150) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: t('window', { org: escapeMrkdwn(data.orgName), start: localDateTime(data.period.start, tz), end: localDateTime(data.period.end, tz), zone: escapeMrkdwn(tz) }) }],
  });

  if (fb.total === 0) blocks.push(mrkdwn(t('none')));
  else {
    blocks.push(
      mrkdwn(`*${t('responses', { count: fb.total })}*\n${t('by_channel', { counts: counts(fb.byChannel, channel, f.int) })}\n${t('by_language', { counts: counts(fb.byLanguage, languageName, f.int) })}`),
    );
    const rated = fb.flows.filter((r) => r.average !== null).sort((a, b) => b.ratings - a.ratings || a.flow.localeCompare(b.flow));
    if (rated.length) {
      blocks.push(mrkdwn(`${t('ratings_title')}\n${rated.map((r) => `• ${t('rating', { flow: escapeMrkdwn(r.flow), average: f.dec1(r.average!), count: r.ratings })}`).join('\n')}`));
    }
    if (fb.choices.length) {
      const byQuestion = new Map<string, typeof fb.choices>();
      for (const c of fb.choices) {
        const k = `${c.flow} · ${c.question}`;
        byQuestion.set(k, [...(byQuestion.get(k) ?? []), c]);
      }
      const lines = [...byQuestion].map(([k, cs]) => `• ${escapeMrkdwn(k)}: ${cs.sort((a, b) => b.count - a.count || a.choice.localeCompare(b.choice)).map((c) => `${escapeMrkdwn(c.choice)} ${f.int(c.count)}`).join(' · ')}`);
      blocks.push(mrkdwn(`${t('choices_title')}\n${lines.join('\n')}`));
    }
  }

  blocks.push(mrkdwn(`${t('changes_title')}\n${digestChanges(data, summary, languageName, texts).map((l) => `• ${l}`).join('\n')}`));

  const figures = engagementFigures(data.engagement).filter((r) => r.people > 0 || r.ended > 0 || r.optOuts > 0);
  if (figures.length) {
    const flagged = leftOut(data.engagement);
    const flag = (r: { channel: string; language: string }) => flagged.some((x) => x.channel === r.channel && x.language === r.language);
    const community = (r: { channel: string; language: string }) => `${escapeMrkdwn(languageName(r.language))} · ${escapeMrkdwn(channel(r.channel))}`;
    const lines = figures.slice(0, 15).map(
      (r) =>
        `${flag(r) ? ':warning: ' : '• '}${t('engagement', {
          community: community(r),
          count: r.people,
          finished: f.rate(r.completionRate),
          replies: f.rate(r.replyRate),
          opted_out: f.int(r.optOuts),
          opt_out_rate: f.rate(r.optOutRate),
        })}`,
    );
    const notes = flagged.map((x) => t('left_out', { community: community(x), measure: t(`measure.${x.measure.replace('-', '_')}`), rate: f.rate(x.rate), overall: f.rate(x.overall) }));
    // The language the console names too (src/feedback/engagement.ts leastEngaged): every channel together.
    const least = leastEngaged(data.engagement);
    const leastLine = least ? `\n${t('least_engaged', { language: escapeMrkdwn(languageName(least.language)), measure: t(`measure.${least.measure}`), rate: f.rate(least.rate), overall: f.rate(least.overall) })}` : '';
    blocks.push(mrkdwn(`${t('engagement_title')}\n${lines.join('\n')}${notes.length ? `\n${t('left_out_title')} ${notes.join('; ')}` : ''}${leastLine}`));
  }

  if (data.unanswered) blocks.push(...unansweredBlocks(data.unanswered, languageName, texts));

  if (fb.comments.length) {
    blocks.push({ type: 'divider' });
    blocks.push(mrkdwn(t('comments_title', { shown: f.int(fb.comments.length), total: f.int(fb.commentCount) })));
    for (const c of fb.comments.slice(0, DIGEST_COMMENTS)) {
      // plain_text: Slack renders it literally, so nothing a person wrote is markup or a mention.
      blocks.push({ type: 'section', text: { type: 'plain_text', text: truncate(c.text, COMMENT_CHARS), emoji: false } });
      const meta = [languageName(c.language), channel(c.channel), c.flow, ...(c.topic ? [`#${c.topic}`] : []), ...(c.rating !== null ? [`${f.int(c.rating)}/${f.int(5)}`] : []), localDateTime(c.at, tz)];
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(meta.join(' · ')) }] });
    }
  }

  const text = t('fallback', { day, responses: t('responses', { count: fb.total }), comments: t('comments', { count: fb.commentCount }) });
  return { text: escapeMrkdwn(text), blocks, summary };
}

/**
 * "Questions I could not answer": per language, how many, and its most-asked groups with an
 * example of what people wrote. What people wrote goes out as `plain_text` (never markup), one
 * block per language, so a digest stays well under Slack's 50 blocks. Pure.
 */
export function unansweredBlocks(languages: UnansweredLanguage[], languageName: (code: string) => string, texts: ReportTexts): Block[] {
  const t = (key: string, vars?: Record<string, string | number>) => texts.translator.t(texts.language, `slack.digest.${key}`, vars);
  const f = reportFormats(texts.language);
  const title = t('unanswered_title');
  const asked = languages.filter((l) => l.total > 0);
  if (!asked.length) return [{ type: 'section', text: { type: 'mrkdwn', text: `${title}\n${t('unanswered_none')}` } }];
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: title } }];
  for (const l of asked) {
    const lines = l.groups.slice(0, TOP_GROUPS).map((g) =>
      t(g.nearestTopic ? 'unanswered_group_near' : 'unanswered_group', { times: f.int(g.count), example: g.example, ...(g.nearestTopic ? { topic: g.nearestTopic } : {}) }),
    );
    const heading = t('unanswered_language', { language: languageName(l.language), questions: t('unanswered_questions', { count: l.total }) });
    blocks.push({ type: 'section', text: { type: 'plain_text', text: truncate([heading, ...lines.map((line) => `  ${line}`)].join('\n'), 3000), emoji: false } });
  }
  return blocks;
}

/** The digest as plain text (CLI preview, admin API): the blocks' text in order. Pure. */
export function digestAsText(message: DigestMessage): string {
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const lines: string[] = [];
  // What buildDigest puts in a block: a text object, or a context's elements.
  type TextObject = { type?: string; text?: string };
  for (const b of message.blocks as { type?: string; text?: TextObject; elements?: TextObject[] }[]) {
    if (b.type === 'divider') lines.push('---');
    else if (b.text?.type === 'plain_text') lines.push(b.type === 'section' ? `  “${b.text.text}”` : (b.text.text ?? ''));
    else if (b.text?.text) lines.push(unescape(b.text.text));
    else if (b.elements) lines.push(`  ${b.elements.map((e) => unescape(e.text ?? '')).join(' ')}`);
  }
  return lines.join('\n');
}
