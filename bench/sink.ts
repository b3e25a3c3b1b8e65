/**
 * What the fake providers received, drained as it arrives: the fakes keep every request in
 * arrays (fine for a test, not for 100,000 messages), so the sink empties them every few
 * milliseconds, counts the accepted messages and hands each to a listener with its arrival time.
 */
import type { FakeSlack } from '../test/helpers/fake-slack';
import type { FakeTwilio } from '../test/helpers/fake-twilio';
import { sleep } from './stats';

/** One message the fake Twilio accepted (201). */
export interface Arrival {
  to: string;
  body: string;
  /** When the fake received it (epoch ms). */
  at: number;
}

/** Drains a fake Twilio (and optionally a fake Slack, whose calls are only dropped). */
export class TwilioSink {
  count = 0;
  rejected = 0;
  first = NaN;
  last = NaN;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly twilio: FakeTwilio,
    private readonly onArrival?: (a: Arrival) => void,
    private readonly slack?: FakeSlack,
  ) {}

  /** Takes what arrived since the last call. */
  drain(): void {
    const requests = this.twilio.requests.splice(0);
    this.twilio.messages.splice(0);
    if (this.slack) this.slack.requests.splice(0);
    for (const r of requests) {
      if (r.status !== 201) {
        this.rejected++;
        continue;
      }
      const at = r.at.getTime();
      this.count++;
      if (!(at >= this.first)) this.first = at;
      if (!(at <= this.last)) this.last = at;
      this.onArrival?.({ to: String(r.params.To ?? ''), body: String(r.params.Body ?? ''), at });
    }
  }

  start(everyMs = 20): this {
    this.timer = setInterval(() => this.drain(), everyMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.drain();
  }

  /** Forgets counts (between runs). */
  reset(): void {
    this.drain();
    this.count = 0;
    this.rejected = 0;
    this.first = this.last = NaN;
  }

  /** Resolves once `n` messages have arrived; rejects after `timeoutMs` without progress. */
  async waitForCount(n: number, stallMs: number, onProgress?: (count: number) => void): Promise<void> {
    let seen = this.count;
    let lastProgress = Date.now();
    let lastReport = Date.now();
    for (;;) {
      this.drain();
      if (this.count >= n) return;
      if (this.count !== seen) {
        seen = this.count;
        lastProgress = Date.now();
      }
      if (Date.now() - lastProgress > stallMs) throw new Error(`no progress for ${stallMs} ms: ${this.count} of ${n} messages arrived`);
      if (onProgress && Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        onProgress(this.count);
      }
      await sleep(25);
    }
  }
}
