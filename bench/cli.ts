/**
 * `civic-engage bench` (npm run bench): the benchmarks of bench/ against the real Redis and
 * PostgreSQL the tests use. Prints as it goes; `--write` also writes docs/benchmarks.md.
 */
import os from 'node:os';
import path from 'node:path';
import { machineSpeed } from './machine-speed';
import { cpuModel, Report, type MachineInfo } from './report';
import { dropSeeded } from './seed';
import { benchServices, ROOT, type Services } from './services';
import { BENCHMARKS } from './suite';

interface BenchOptions {
  quick?: boolean;
  only?: string;
  write?: boolean;
}

/** `civic-engage bench`: runs the benchmarks named by --only (all by default); src/cli/main.ts loads this file only for it. */
export async function benchCommand(opts: BenchOptions): Promise<void> {
  const names = opts.only ? opts.only.split(',').map((s) => s.trim()).filter(Boolean) : BENCHMARKS.map((b) => b.name);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
  const quick = Boolean(opts.quick);
  const report = new Report({ quick });
  let services: Services | undefined;
  try {
    services = await benchServices();
  } catch (err) {
    if (names.some((n) => n !== 'engine')) throw err;
  }
  const reference = machineSpeed();
  const machine: MachineInfo = {
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    node: process.versions.node,
    redis: services?.redisVersion ?? 'not found',
    postgres: services?.postgresVersion ?? 'not found',
    reference,
  };
  process.stdout.write(`civic-engage bench (${quick ? 'quick' : 'full'}): ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB; Node ${machine.node}, Redis ${machine.redis}, PostgreSQL ${machine.postgres}\n`);
  process.stdout.write(`reference workload (bench/machine-speed.ts): fastest pass ${reference.minMs.toFixed(0)} ms, median ${reference.medianMs.toFixed(0)} ms (lower is faster: runs of different days compare by it)\n`);
  let failed = 0;
  const started = Date.now();
  for (const bench of BENCHMARKS.filter((b) => names.includes(b.name))) {
    report.begin(bench.name, bench.title);
    const t0 = Date.now();
    try {
      await bench.run({ quick, report });
    } catch (err) {
      failed++;
      report.say(`**FAILED**: ${(err as Error).stack ?? err}`);
    }
    report.progress(`(${bench.name}: ${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  process.stdout.write(`\nbench: done in ${Math.round((Date.now() - started) / 1000)} s${failed ? `, ${failed} failed` : ''}\n`);
  if (opts.write) {
    const file = path.join(ROOT, 'docs', 'benchmarks.md');
    report.write(file, machine, BENCHMARKS.map((b) => b.name), [
      'npm run bench                          # every benchmark, numbers printed only (~25 min on 2 cores)',
      'npm run bench -- --quick               # the same in ~6 min (shorter runs, smaller audiences)',
      'npm run bench -- --only engine,fanout  # some of them',
      'npm run bench -- --write               # and rewrite this file (one section per benchmark)',
      '# Redis and PostgreSQL are found as the tests find them (TEST_REDIS_URL, TEST_DATABASE_URL; test/global-setup.ts)',
    ]);
    process.stdout.write(`bench: wrote ${path.relative(process.cwd(), file)}\n`);
  }
  await dropSeeded();
  await services?.stop();
  // Connections of the fakes and clients may linger; the report is complete.
  process.exit(failed ? 1 : 0);
}
