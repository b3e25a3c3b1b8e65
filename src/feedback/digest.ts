/**
 * The organizers' digest: what people said since the last one, as a Slack message. This is a pure
 * function of (data, now): no I/O, no clock of its own, so a test renders it at an injected time.
 *
 * What people wrote is never Slack markup: comments go out as `plain_text` objects, and every
 * other value from the data is escaped for mrkdwn (&, <, >), so a comment like "<!channel>" or
 * "<https://evil|click>" shows as typed and notifies or links nobody.
 */
import { engagementFigures, engagementTotal, formatRate, leftOut, type EngagementRow } from './engagement';
import { localDateTime, localDay } from './time';

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
  blocks: Record<string, unknown>[];
  summary: DigestSummary;
}

/** How many comments a digest quotes, and how much of each (Slack section text: 3000 chars). */
export const DIGEST_COMMENTS = 8;
const COMMENT_CHARS = 500;

/** Escapes text for Slack mrkdwn: the three characters Slack requires escaped (api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', telegram: 'Telegram', slack: 'Slack', web: 'Web' };

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function signed(delta: number, digits = 0): string {
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return '±0';
  return `${rounded > 0 ? '▲' : '▼'}${Math.abs(rounded).toFixed(digits)}`;
}

function counts(record: Record<string, number>, name: (k: string) => string): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([k, n]) => `${escapeMrkdwn(name(k))} ${n}`).join(' · ') : '-';
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

/** What changed since the previous digest, one line each. Pure. */
export function digestChanges(data: DigestData, summary: DigestSummary, languageName: (code: string) => string): string[] {
  const prev = data.previous;
  if (!prev) return ['This is the first digest: the next one will say what changed.'];
  const lines: string[] = [];
  lines.push(`Responses: ${summary.total} (${signed(summary.total - prev.total)} from ${prev.total})`);
  for (const [flow, now] of Object.entries(summary.averages)) {
    const before = prev.averages[flow];
    if (before) {
      const delta = now.average - before.average;
      if (Math.abs(delta) >= 0.05) lines.push(`${escapeMrkdwn(flow)}: average rating ${now.average.toFixed(1)} (${signed(delta, 1)} from ${before.average.toFixed(1)})`);
    } else lines.push(`${escapeMrkdwn(flow)}: first ratings (average ${now.average.toFixed(1)} from ${now.ratings})`);
  }
  for (const lang of Object.keys(summary.byLanguage)) {
    if (!(lang in prev.byLanguage)) lines.push(`New: feedback in ${escapeMrkdwn(languageName(lang))} (${summary.byLanguage[lang]})`);
  }
  for (const lang of Object.keys(prev.byLanguage)) {
    if (!(lang in summary.byLanguage)) lines.push(`No feedback in ${escapeMrkdwn(languageName(lang))} this time (${prev.byLanguage[lang]} last time)`);
  }
  if (summary.completionRate !== null && prev.completionRate !== null) {
    const points = (summary.completionRate - prev.completionRate) * 100;
    if (Math.abs(points) >= 1) lines.push(`Conversations finished: ${formatRate(summary.completionRate)} (${signed(points)} points)`);
  }
  if (summary.optOuts !== prev.optOuts) lines.push(`Opt-outs: ${summary.optOuts} (${signed(summary.optOuts - prev.optOuts)} from ${prev.optOuts})`);
  return lines;
}

/**
 * Builds the digest for `data` as of `now` (the header's date). Pure: same input, same message.
 */
export function buildDigest(data: DigestData, now: Date): DigestMessage {
  const tz = data.timeZone;
  const languageName = (code: string) => data.languageNames?.[code] ?? code;
  const channelName = (c: string) => CHANNEL_NAMES[c] ?? c;
  const fb = data.feedback;
  const summary = digestSummary(data);
  const blocks: Record<string, unknown>[] = [];
  const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

  blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(`Feedback digest · ${localDay(now, tz)}`, 150) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(data.orgName)} · ${localDateTime(data.period.start, tz)} to ${localDateTime(data.period.end, tz)} (${escapeMrkdwn(tz)})` }],
  });

  if (fb.total === 0) blocks.push(mrkdwn('*No feedback since the last digest.*'));
  else {
    blocks.push(mrkdwn(`*${fb.total} ${fb.total === 1 ? 'response' : 'responses'}*\nBy channel: ${counts(fb.byChannel, channelName)}\nBy language: ${counts(fb.byLanguage, languageName)}`));
    const rated = fb.flows.filter((f) => f.average !== null).sort((a, b) => b.ratings - a.ratings || a.flow.localeCompare(b.flow));
    if (rated.length) {
      blocks.push(mrkdwn(`*Average rating by flow*\n${rated.map((f) => `• ${escapeMrkdwn(f.flow)}: ${f.average!.toFixed(1)} / 5 (${f.ratings} ${f.ratings === 1 ? 'rating' : 'ratings'})`).join('\n')}`));
    }
    if (fb.choices.length) {
      const byQuestion = new Map<string, typeof fb.choices>();
      for (const c of fb.choices) {
        const k = `${c.flow} · ${c.question}`;
        byQuestion.set(k, [...(byQuestion.get(k) ?? []), c]);
      }
      const lines = [...byQuestion].map(([k, cs]) => `• ${escapeMrkdwn(k)}: ${cs.sort((a, b) => b.count - a.count || a.choice.localeCompare(b.choice)).map((c) => `${escapeMrkdwn(c.choice)} ${c.count}`).join(' · ')}`);
      blocks.push(mrkdwn(`*Answers to multiple-choice questions*\n${lines.join('\n')}`));
    }
  }

  blocks.push(mrkdwn(`*What changed since the last digest*\n${digestChanges(data, summary, languageName).map((l) => `• ${l}`).join('\n')}`));

  const figures = engagementFigures(data.engagement).filter((r) => r.people > 0 || r.ended > 0 || r.optOuts > 0);
  if (figures.length) {
    const flagged = leftOut(data.engagement);
    const flag = (r: { channel: string; language: string }) => flagged.some((f) => f.channel === r.channel && f.language === r.language);
    const lines = figures
      .slice(0, 15)
      .map(
        (r) =>
          `${flag(r) ? ':warning: ' : '• '}${escapeMrkdwn(languageName(r.language))} · ${escapeMrkdwn(channelName(r.channel))}: ${r.people} ${r.people === 1 ? 'person' : 'people'}, ` +
          `${formatRate(r.completionRate)} finished, replies ${formatRate(r.replyRate)}, ${r.optOuts} opted out (${formatRate(r.optOutRate)})`,
      );
    const notes = flagged.map(
      (f) => `${escapeMrkdwn(languageName(f.language))} · ${escapeMrkdwn(channelName(f.channel))}: ${f.measure} ${formatRate(f.rate)} against ${formatRate(f.overall)} overall`,
    );
    blocks.push(mrkdwn(`*Who engages (by language and channel)*\n${lines.join('\n')}${notes.length ? `\n*Being left out?* ${notes.join('; ')}` : ''}`));
  }

  if (fb.comments.length) {
    blocks.push({ type: 'divider' });
    blocks.push(mrkdwn(`*Newest comments* (${fb.comments.length} of ${fb.commentCount}, as written)`));
    for (const c of fb.comments.slice(0, DIGEST_COMMENTS)) {
      // plain_text: Slack renders it literally, so nothing a person wrote is markup or a mention.
      blocks.push({ type: 'section', text: { type: 'plain_text', text: truncate(c.text, COMMENT_CHARS), emoji: false } });
      const meta = [languageName(c.language), channelName(c.channel), c.flow, ...(c.topic ? [`#${c.topic}`] : []), ...(c.rating !== null ? [`${c.rating}/5`] : []), localDateTime(c.at, tz)];
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(meta.join(' · ')) }] });
    }
  }

  const text = `Feedback digest for ${localDay(now, tz)}: ${fb.total} ${fb.total === 1 ? 'response' : 'responses'}, ${fb.commentCount} ${fb.commentCount === 1 ? 'comment' : 'comments'}`;
  return { text: escapeMrkdwn(text), blocks, summary };
}

/** The digest as plain text (CLI preview, admin API): the blocks' text in order. Pure. */
export function digestAsText(message: DigestMessage): string {
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const lines: string[] = [];
  for (const b of message.blocks as any[]) {
    if (b.type === 'divider') lines.push('---');
    else if (b.text?.type === 'plain_text') lines.push(b.type === 'section' ? `  “${b.text.text}”` : b.text.text);
    else if (b.text?.text) lines.push(unescape(b.text.text));
    else if (b.elements) lines.push(`  ${b.elements.map((e: any) => unescape(e.text)).join(' ')}`);
  }
  return lines.join('\n');
}
