/**
 * Paces posts per Slack channel: chat.postMessage allows about one message per second per channel,
 * with short bursts tolerated (https://api.slack.com/methods/chat.postMessage#rate_limiting). A
 * queue limiter paces the whole queue, not one channel, so this keeps a token bucket per channel
 * in the process: a flow's two or three replies go at once, a talkative person's messages relayed
 * into one handoff thread settle to one a second, and DMs to many volunteers go out together.
 * A 429 empties that channel's bucket for Retry-After.
 * Real time (not the runtime clock): this is about Slack's clock. Both are injectable for tests.
 */
export interface PacerOptions {
  /** One message per this many ms, on average (default 1000). */
  intervalMs?: number;
  /** Messages that may go at once after a quiet spell (default 3). */
  burst?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class ChannelPacer {
  /** Per channel: tokens left (negative = messages already promised a later slot) and when counted. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly intervalMs: number;
  private readonly burst: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: PacerOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 1000;
    this.burst = opts.burst ?? 3;
    this.clock = opts.clock ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private bucket(channel: string) {
    const now = this.clock();
    const b = this.buckets.get(channel) ?? { tokens: this.burst, at: now };
    b.tokens = this.intervalMs > 0 ? Math.min(this.burst, b.tokens + (now - b.at) / this.intervalMs) : this.burst;
    b.at = now;
    this.buckets.set(channel, b);
    return b;
  }

  /** Waits for this channel's next slot and takes it. */
  async take(channel: string): Promise<void> {
    const b = this.bucket(channel);
    b.tokens -= 1;
    if (this.buckets.size > 5000) this.prune();
    const wait = b.tokens >= 0 ? 0 : -b.tokens * this.intervalMs;
    if (wait > 0) await this.sleep(wait);
  }

  /** Slack said wait (429 Retry-After): nothing more to this channel before then. */
  backOff(channel: string, ms: number): void {
    const b = this.bucket(channel);
    b.tokens = Math.min(b.tokens, 1 - ms / Math.max(1, this.intervalMs));
  }

  /** Milliseconds until this channel's next free slot (0 when free now). */
  waitFor(channel: string): number {
    const b = this.bucket(channel);
    return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) * this.intervalMs);
  }

  /** Forgets channels whose bucket is full again (they would start full anyway). */
  private prune(): void {
    for (const [channel, b] of this.buckets) if (b.tokens + (this.clock() - b.at) / this.intervalMs >= this.burst) this.buckets.delete(channel);
  }
}
