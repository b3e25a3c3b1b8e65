/**
 * Test helpers for the Slack channel: the fixture flows and locales with this feature's texts,
 * a clock, and requests signed and shaped the way Slack sends them (slash commands and
 * interactivity as forms, events as JSON).
 */
import { createHmac } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFixtureDirs } from '../../engine/fixtures';
import { startServer, type ParsedRequest } from '../../helpers/fake-server';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const TEAM = { id: 'T0000FAKE', domain: 'civic-engage-test' };

/** The fixture flows and locales (test/engine/fixtures.ts) plus locales/<lang>/slack.json and shifts.json (the SMS texts of shifts). */
export function slackFixtureDirs(overrides: Record<string, string> = {}): { flowsDir: string; localesDir: string } {
  const dirs = writeFixtureDirs(overrides);
  for (const lang of ['en', 'es']) {
    for (const ns of ['slack', 'shifts']) copyFileSync(join(__dirname, '../../../locales', lang, `${ns}.json`), join(dirs.localesDir, lang, `${ns}.json`));
  }
  return dirs;
}

/** A clock running at real speed from a chosen instant; set() jumps. */
export class TestClock {
  private base: number;
  private realStart = Date.now();
  constructor(iso: string) {
    this.base = Date.parse(iso);
  }
  now = (): Date => new Date(this.base + (Date.now() - this.realStart));
  set(at: string | Date): void {
    this.base = typeof at === 'string' ? Date.parse(at) : at.getTime();
    this.realStart = Date.now();
  }
}

/** Signs a body as Slack does: v0=HMAC-SHA256(secret, "v0:<ts>:<body>"). */
export function slackSignature(body: string, timestampSec: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  secret?: string;
  /** Sign with this time instead of the clock's. */
  timestampSec?: number;
  retryNum?: number;
  unsigned?: boolean;
}

/** Posts to the app's POST /slack/events like Slack does. */
export class SlackClient {
  private seq = 0;
  constructor(
    private readonly baseUrl: string,
    private readonly now: () => Date,
  ) {}

  async post(body: string, contentType: string, opts: PostOptions = {}): Promise<Response> {
    const ts = opts.timestampSec ?? Math.floor(this.now().getTime() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
    if (!opts.unsigned) {
      headers['x-slack-request-timestamp'] = String(ts);
      headers['x-slack-signature'] = slackSignature(body, ts, opts.secret);
    }
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return fetch(`${this.baseUrl}/slack/events`, { method: 'POST', headers, body });
  }

  /** A slash command, as the form Slack posts. */
  command(userId: string, text: string, extra: Record<string, string> = {}, opts?: PostOptions): Promise<Response> {
    const form = new URLSearchParams({ ...slashCommandFields(userId, text, this.triggerId()), ...extra });
    return this.post(form.toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** An interactivity payload (block_actions, view_submission), form-encoded as `payload=`. */
  interaction(payload: Record<string, unknown>, opts?: PostOptions): Promise<Response> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** An Events API delivery. */
  event(event: Record<string, unknown>, opts: PostOptions & { eventId?: string } = {}): Promise<Response> {
    const body = {
      token: 'deprecated-verification-token',
      team_id: TEAM.id,
      api_app_id: 'A0000FAKE',
      event,
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${Date.now()}${++this.seq}`,
      event_time: Math.floor(this.now().getTime() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'U0000BOT1', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    return this.post(JSON.stringify(body), 'application/json', opts);
  }

  triggerId(): string {
    return `${Date.now()}.${++this.seq}.trigger`;
  }

  /** A Slack message ts. */
  ts(): string {
    return `${Math.floor(this.now().getTime() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
  }
}

/** A button press as Slack sends it (block_actions). */
export function blockAction(
  userId: string,
  action: { action_id: string; value: string; text?: string; block_id?: string },
  where:
    | { kind: 'ephemeral'; channel: string; responseUrl: string }
    | { kind: 'message'; channel: string; ts: string; blocks?: unknown[]; text?: string }
    | { kind: 'home' },
  triggerId = `${Date.now()}.trigger`,
): Record<string, unknown> {
  const base = {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0000FAKE',
    token: 'deprecated-verification-token',
    trigger_id: triggerId,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [{ type: 'button', action_id: action.action_id, block_id: action.block_id ?? 'b', text: { type: 'plain_text', text: action.text ?? action.value, emoji: true }, value: action.value, action_ts: `${Date.now() / 1000}` }],
  };
  if (where.kind === 'home') {
    return { ...base, container: { type: 'view', view_id: 'V0HOME' }, view: { id: 'V0HOME', type: 'home', team_id: TEAM.id, blocks: [], state: { values: {} }, hash: 'h' } };
  }
  if (where.kind === 'ephemeral') {
    return { ...base, container: { type: 'message', message_ts: '1700000000.000100', channel_id: where.channel, is_ephemeral: true }, channel: { id: where.channel, name: 'general' }, response_url: where.responseUrl };
  }
  return {
    ...base,
    container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
    channel: { id: where.channel, name: 'directmessage' },
    message: { type: 'message', user: 'U0000BOT1', bot_id: 'B0000BOT1', ts: where.ts, text: where.text ?? '', blocks: where.blocks ?? [] },
    response_url: `https://hooks.slack.com/actions/T0000FAKE/2/def`,
  };
}

/** A modal submitted (view_submission). */
export function viewSubmission(userId: string, callbackId: string, values: Record<string, unknown>, privateMetadata = ''): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: TEAM,
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0000FAKE',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.trigger`,
    view: { id: 'V0MODAL', team_id: TEAM.id, type: 'modal', callback_id: callbackId, private_metadata: privateMetadata, state: { values }, hash: 'h', title: { type: 'plain_text', text: 'x' }, blocks: [] },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Stands in for Slack's response_url endpoint (hooks.slack.com), recording what is posted. */
export async function startResponseUrlSink(): Promise<{ url: string; bodies: Record<string, any>[]; close(): Promise<void> }> {
  const bodies: Record<string, any>[] = [];
  const server = await startServer((req: ParsedRequest) => {
    bodies.push(req.body);
    return { status: 200, body: 'ok' };
  });
  return { url: server.url, bodies, close: server.close };
}

/** The fields Slack sends with a /shifts slash command (a form over HTTP, JSON over Socket Mode). */
export function slashCommandFields(userId: string, text: string, triggerId: string): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/shifts',
    text,
    api_app_id: 'A0000FAKE',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0000FAKE/1/abc',
    trigger_id: triggerId,
  };
}
