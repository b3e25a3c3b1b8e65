/**
 * Benchmark 3, webhook acknowledgement: how long Twilio and Slack wait for our answer. The SMS
 * webhook answers once the message is stored and queued; the Slack events endpoint once the DM
 * is stored and queued (src/channels/slack/receiver.ts), which includes the users.info lookup of
 * a member not seen before (the fake Slack answers it). Measured one request at a time (an idle
 * system), then open loop at 25 requests a second (a rate the inbound benchmark shows the system
 * holds) and at 100 (beyond it: the workers in the same process compete with the HTTP server),
 * each request from a new sender.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { SLACK_EVENTS_PATH } from '../src/channels/slack/settings';
import { startLiveSystem, SLACK } from './live-system';
import { openLoop, type Planned } from './load';
import { smsWebhook } from './inbound';
import { freshPhones } from './phones';
import { fmt, percentile } from './stats';
import type { Benchmark } from './types';

let users = 0;
const RATES = [25, 100];

/** A signed Events API delivery of a DM from a new member, as Slack posts it. */
function slackDm(at: number): Planned<null> {
  const user = `UB${String(++users).padStart(9, '0')}`;
  const nowSec = Math.floor(Date.now() / 1000);
  const ts = `${nowSec}.${String(users % 1_000_000).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0000FAKE',
    api_app_id: 'A0000FAKE',
    event: { type: 'message', channel_type: 'im', channel: `D${user.slice(1)}`, user, text: 'hello', ts, event_ts: ts, client_msg_id: randomUUID() },
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
    event_time: nowSec,
    authorizations: [{ enterprise_id: null, team_id: 'T0000FAKE', user_id: 'U0000BOT1', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
  const signature = `v0=${createHmac('sha256', SLACK.signingSecret).update(`v0:${nowSec}:${body}`).digest('hex')}`;
  return { at, path: SLACK_EVENTS_PATH, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(nowSec), 'x-slack-signature': signature }, body, tag: null };
}

export const ackBenchmark: Benchmark = {
  name: 'ack',
  title: 'Webhook acknowledgement latency (what Twilio and Slack see)',
  async run({ quick, report }) {
    const system = await startLiveSystem('ack');
    try {
      report.note(
        'Same system as the inbound benchmark (`civic-engage start` on PostgreSQL and Redis, web and workers in one process). "one at a time": each ' +
          'request sent when the previous was answered; "25/s", "100/s": open loop for the given time, the system then drains before the next. Every ' +
          'request comes from a new sender (a new contact: its first message, which the workers then answer). Times in ms from the request written to ' +
          'its answer read. Slack retries after 3 s, Twilio times out after 15 s.',
      );
      const sequential = quick ? 50 : 300;
      const seconds = quick ? 5 : 15;
      const rows: string[][] = [];
      const measure = async (name: string, make: (at: number) => Planned<null>) => {
        const serial: number[] = [];
        let errors = 0;
        // Warm-up: connections, code paths.
        for (let i = 0; i < 20; i++) await openLoop(system.url, [make(0)]);
        for (let i = 0; i < sequential; i++) {
          const r = await openLoop(system.url, [make(0)]);
          const s = r.sent[0];
          if (s.status !== 200) errors++;
          else serial.push(s.ackAt - s.sentAt);
        }
        await system.waitIdle(60_000);
        const cells = [name, fmt(percentile(serial, 50)), fmt(percentile(serial, 99))];
        for (const rate of RATES) {
          const plan = Array.from({ length: rate * seconds }, (_, i) => make((i * 1000) / rate));
          const load = await openLoop(system.url, plan);
          const loaded = load.sent.filter((s) => s.status === 200).map((s) => s.ackAt - s.sentAt);
          errors += load.sent.length - loaded.length;
          await system.waitIdle(180_000);
          cells.push(fmt(percentile(loaded, 50)), fmt(percentile(loaded, 99)), fmt(Math.max(...loaded)));
        }
        cells.push(String(errors));
        rows.push(cells);
        report.progress(`${name}: ${cells.slice(1).join(' / ')} ms`);
      };
      await measure('SMS webhook (POST /webhooks/twilio/sms)', (at) => smsWebhook(system.url, freshPhones(1)[0], 'hello', at, null));
      await measure('Slack events (POST /slack/events, DM)', slackDm);
      report.table(['endpoint', 'one at a time p50', 'p99', ...RATES.flatMap((r) => [`${r}/s × ${seconds} s p50`, 'p99', 'max']), 'non-200'], rows);
    } finally {
      await system.stop();
    }
  },
};
