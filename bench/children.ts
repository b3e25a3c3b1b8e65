/**
 * Child processes for the benchmarks: the system itself (`node bin/civic-engage.js start|worker`,
 * as an operator runs it) and the bare BullMQ worker, each in its own process so its memory and
 * CPU are measured alone (/proc/<pid>/status VmHWM, /proc/<pid>/stat utime+stime).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema } from '../src/config';
import { ROOT } from './services';

/** A started child: its pid, output, and how to read its memory and stop it. */
export interface Child {
  pid: number;
  proc: ChildProcess;
  /** Resolves with the first output line (stdout or stderr) matching `re`; rejects if the child exits first or after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Peak resident set size so far (VmHWM), bytes; NaN off Linux or once the child is gone. */
  peakRss(): number;
  /** Current resident set size (VmRSS), bytes. */
  rss(): number;
  /** CPU time used so far (user + system), seconds. */
  cpuSeconds(): number;
  /** The last lines it wrote (for error messages). */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export { freePort } from '../src/app/redis-launcher';

/**
 * The environment for a child: this process's environment without any civic-engage setting (so
 * an operator's .env or shell does not leak into the measurement), plus `settings`.
 */
export function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const ours = new Set(Object.keys(configSchema.shape));
  for (const [k, v] of Object.entries(process.env)) if (!ours.has(k) && !k.startsWith('TEST_')) env[k] = v;
  return { ...env, ...settings };
}

function statusField(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, seconds; NaN when it cannot be read. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the name), in clock ticks (100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

let profiles = 0;

/**
 * Node options that profile a child when BENCH_CPU_PROF names a directory: V8's sampling profiler
 * (`--cpu-prof`) writes `<label>.<n>.cpuprofile` there when the child exits (it must exit, not be
 * killed: stop() sends SIGTERM, on which the system stops and exits). Read one with
 * `npx tsx bench/profile-summary.ts <file>`.
 */
export function cpuProfArgs(label: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return [];
  const name = `${label.replace(/[^\w.-]+/g, '_')}.${process.pid}-${++profiles}.cpuprofile`;
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${name}`];
}

/**
 * Spawns `node <args>` in the repository root with `env`. BENCH_CHILD_NODE_ARGS adds Node options
 * to every child; BENCH_CPU_PROF=<dir> profiles each one (cpuProfArgs).
 */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv, label: string): Child {
  const nodeArgs = [...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean), ...cpuProfArgs(label)];
  const proc = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let exited: { code: number | null; signal: string | null } | undefined;
  const exitListeners = new Set<() => void>();
  for (const stream of [proc.stdout!, proc.stderr!]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (lines.length > 50) lines.shift();
        if (process.env.BENCH_VERBOSE) process.stderr.write(`[${label}] ${line}\n`);
        for (const l of [...listeners]) l(line);
      }
    });
  }
  const exitedPromise = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      exited = { code, signal };
      for (const l of [...exitListeners]) l();
      resolve();
    }),
  );
  const pid = proc.pid!;
  return {
    pid,
    proc,
    waitFor(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const found = lines.find((l) => re.test(l));
        if (found) return resolve(found);
        const done = (err?: Error, line?: string) => {
          clearTimeout(timer);
          listeners.delete(onLine);
          exitListeners.delete(onExit);
          if (err) reject(err);
          else resolve(line!);
        };
        const onLine = (line: string) => re.test(line) && done(undefined, line);
        const onExit = () => done(new Error(`${label} exited (${exited?.code ?? exited?.signal}) before printing ${re}:\n${lines.join('\n')}`));
        const timer = setTimeout(() => done(new Error(`${label} did not print ${re} within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
        listeners.add(onLine);
        exitListeners.add(onExit);
        if (exited) onExit();
      });
    },
    peakRss: () => statusField(pid, 'VmHWM'),
    rss: () => statusField(pid, 'VmRSS'),
    cpuSeconds: () => processCpuSeconds(pid),
    tail: () => lines.join('\n'),
    async stop(graceMs = 10_000) {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

/** `node bin/civic-engage.js <command>` (start | web | worker) with `settings` as its environment. */
export function spawnCli(command: 'start' | 'web' | 'worker', settings: Record<string, string>, label: string = command): Child {
  return spawnNode([path.join('bin', 'civic-engage.js'), command], childEnv(settings), label);
}

/** A TypeScript file of bench/ run through tsx in its own process. */
export function spawnTs(file: string, settings: Record<string, string>, label: string): Child {
  return spawnNode(['-r', require.resolve('tsx/cjs'), path.join('bench', file)], childEnv(settings), label);
}
