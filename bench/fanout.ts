/**
 * Benchmarks 4 and 6, campaign fan-out: a campaign to every contact of a seeded database (10k and
 * 100k; quick: 10k and 30k), SMS only, pacing and quiet hours off, sent to the fake Twilio; our
 * worker process against a bare BullMQ worker doing the same POSTs; then one against two worker
 * processes. Telegram is left out: its adapter paces every bot at the provider's 30 messages a
 * second (TELEGRAM_LIMITER, not configurable), which would be all this measured.
 */
import { runBareFanout, runOurFanout, FANOUT_CONCURRENCY, BACKLOG, type FanoutResult } from './fanout-run';
import { seededDatabase } from './seed';
import { bytes, fmt, ratio } from './stats';
import type { Benchmark, BenchContext } from './types';

let campaigns = 0;

const mib = (b: number) => fmt(b / 2 ** 20);
const row = (n: number, r: FanoutResult) => [
  n.toLocaleString('en-US'),
  r.label,
  fmt(r.seconds),
  fmt(r.perSecond),
  fmt(r.firstMs),
  r.baseRss.map(mib).join(' + '),
  r.peakRss.map(mib).join(' + '),
  fmt(r.cpuPer1k),
  r.pgCpuPer1k === undefined ? '' : fmt(r.pgCpuPer1k),
  r.dbBytesPerMessage === undefined ? '' : bytes(r.dbBytesPerMessage),
];
const HEADERS = ['recipients', 'pipeline', 'seconds', 'msgs/s', 'first msg ms', 'RSS at start MiB', 'peak RSS MiB', 'worker CPU s/1k msgs', 'PostgreSQL CPU s/1k', 'DB growth/msg'];

async function seeded(n: number, report: BenchContext['report']) {
  const s = await seededDatabase(n);
  report.progress(`${n.toLocaleString('en-US')} contacts seeded through contacts import in ${fmt(s.importSeconds)} s (${fmt(n / s.importSeconds)} contacts/s)`);
  return s;
}

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  title: 'Campaign fan-out: civic-engage worker vs a bare BullMQ worker',
  async run({ quick, report }) {
    // BENCH_FANOUT_SIZES=10000 (say) runs only those audiences, for a shorter run while profiling.
    const sizes = process.env.BENCH_FANOUT_SIZES ? process.env.BENCH_FANOUT_SIZES.split(',').map(Number) : quick ? [10_000, 30_000] : [10_000, 100_000];
    report.note(
      `A campaign (registration nudge, rendered per contact with election data) to every seeded contact, SMS only, through one ` +
        `\`node bin/civic-engage.js worker\` process (SEND_CONCURRENCY ${FANOUT_CONCURRENCY}, its default, CAMPAIGN_BACKLOG ${BACKLOG}, pacing and quiet hours off) ` +
        `to the fake Twilio; the bare BullMQ worker is one process with a Queue and a Worker (concurrency ${FANOUT_CONCURRENCY}) posting the same ` +
        `body with the same twilio client, jobs produced in pages of 500 while fewer than ${BACKLOG} wait. Seconds from launch to the last message ` +
        `at the fake. RSS of the worker process only (VmHWM); CPU of the worker process(es), and separately of the PostgreSQL backends ` +
        `serving the benchmark's database (Redis is shared with other users of the machine and not counted). ` +
        `Contacts are seeded through the real \`contacts import\` (phone, language, state, tag, attested opt-in).`,
    );
    const rows: string[][] = [];
    const ratios: string[][] = [];
    const imports: string[] = [];
    for (const n of sizes) {
      const s = await seeded(n, report);
      imports.push(`${n.toLocaleString('en-US')} in ${fmt(s.importSeconds)} s (${fmt(n / s.importSeconds)}/s)`);
      const ours = await runOurFanout({ databaseUrl: s.db.url, n, workers: 1, campaignId: `bench-${++campaigns}`, progress: report.progress.bind(report) });
      report.progress(`ours: ${fmt(ours.perSecond)} msgs/s, peak RSS ${mib(ours.peakRss[0])} MiB, ${fmt(ours.cpuPer1k)} CPU s/1k, ${fmt(ours.pgCommitsPerMessage ?? NaN)} PostgreSQL commits per message`);
      const bare = await runBareFanout(n, report.progress.bind(report));
      report.progress(`bare: ${fmt(bare.perSecond)} msgs/s, peak RSS ${mib(bare.peakRss[0])} MiB, ${fmt(bare.cpuPer1k)} CPU s/1k`);
      rows.push(row(n, ours), row(n, bare));
      ratios.push([n.toLocaleString('en-US'), ratio(ours.perSecond, bare.perSecond), ratio(ours.peakRss[0], bare.peakRss[0]), ratio(ours.peakRss[0] - ours.baseRss[0], bare.peakRss[0] - bare.baseRss[0]), ratio(ours.cpuPer1k, bare.cpuPer1k)]);
    }
    report.table(HEADERS, rows);
    report.say('Ours against the bare worker (ours ÷ bare):');
    report.table(['recipients', 'throughput', 'peak RSS', 'RSS growth during the run', 'CPU per message'], ratios);
    report.say(`Contacts import (seeding): ${imports.join('; ')}.`);
  },
};

/** The provider API's answer time in the second scale-out run. */
const PROVIDER_LATENCY_MS = 100;

export const scaleOutBenchmark: Benchmark = {
  name: 'scaleout',
  title: 'Scale-out: one vs two worker processes',
  async run({ quick, report }) {
    const n = quick ? 10_000 : 100_000;
    const slowN = quick ? 3_000 : 10_000;
    report.note(
      `The fan-out of the previous section with one and then two \`civic-engage worker\` processes on the same Redis and PostgreSQL ` +
        `(each a new campaign on the same seeded contacts), in two conditions. **CPU-bound**: ${n.toLocaleString('en-US')} recipients, the fake ` +
        'answers at once, so throughput is bounded by CPU; on a 2-core machine that also runs PostgreSQL, Redis and the fake provider, a ' +
        `second process has little spare CPU to use. **Provider-bound**: ${slowN.toLocaleString('en-US')} recipients, the fake answers each ` +
        `request ${PROVIDER_LATENCY_MS} ms late, as a provider's API across the internet does, so each process is bounded by its ` +
        `${FANOUT_CONCURRENCY} sends in flight (SEND_CONCURRENCY) and waits rather than computes: what a second process adds when the CPU is not the limit.`,
    );
    const rows: string[][] = [];
    const summary: string[] = [];
    for (const [label, latencyMs, recipients] of [['CPU-bound', 0, n], ['provider-bound', PROVIDER_LATENCY_MS, slowN]] as const) {
      const s = await seeded(recipients, report);
      const runs: FanoutResult[] = [];
      for (const workers of [1, 2]) {
        const r = await runOurFanout({ databaseUrl: s.db.url, n: recipients, workers, latencyMs, campaignId: `bench-${++campaigns}`, progress: report.progress.bind(report) });
        report.progress(`${label}, ${workers} worker${workers > 1 ? 's' : ''}: ${fmt(r.perSecond)} msgs/s`);
        runs.push(r);
        rows.push(row(recipients, { ...r, label: `${r.label}, ${label}` }));
      }
      summary.push(`${label}: throughput ${ratio(runs[1].perSecond, runs[0].perSecond)}, CPU per message ${ratio(runs[1].cpuPer1k, runs[0].cpuPer1k)}`);
    }
    report.table(HEADERS, rows);
    report.say(`Two worker processes against one: ${summary.join('; ')}.`);
  },
};
