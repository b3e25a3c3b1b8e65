#!/usr/bin/env node
/**
 * Measures how long `civic-engage start` takes to answer `/healthz` with 200 (database and Redis
 * ready), for docs/benchmarks.md ("Start-up"). Each run spawns `node bin/civic-engage.js start`
 * on a free port with its own temporary DATA_DIR, polls /healthz every 10 ms from the moment of
 * spawning, records the time of the first 200 and the CPU time the process had used by then
 * (/proc, Linux: the figure a busy machine changes least), waits for the "is running" line
 * (workers started too), then stops the process (SIGTERM) and waits for it.
 *
 *   node scripts/measure-startup.js [--runs 5] [--bin bin/civic-engage.js] [--phases]
 *
 * Per run it reports the first start (fresh DATA_DIR: PGlite initdb and every migration) and the
 * second start (the same DATA_DIR again), then min / median / max of each. --phases runs with
 * LOG_LEVEL=debug and adds the median duration of each start-up phase and when it ended.
 * Plain Node, no dependencies. Redis is whatever `start` finds (127.0.0.1:6379 when it answers).
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const runs = Number(opt('--runs', '5'));
const bin = path.resolve(root, opt('--bin', 'bin/civic-engage.js'));
const debug = args.includes('--phases');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system, ms) the process has used, from /proc/<pid>/stat; undefined elsewhere. */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14 and 15)
  } catch (_) {
    return undefined;
  }
}

/** One `start`: ms from spawn to the first healthy answer, its CPU by then, ms to "is running". */
async function startOnce(dataDir) {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: debug ? 'debug' : 'warn' };
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  const exit = new Promise((r) => child.once('exit', (code) => ((exited = true), r(code))));
  let running;
  child.stdout.on('data', () => {
    if (running === undefined && output.includes('is running')) running = Number(process.hrtime.bigint() - t0) / 1e6;
  });
  let ms;
  let cpu;
  while (!exited) {
    if (await healthy(port)) {
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
      cpu = cpuMs(child.pid);
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  while (!exited && running === undefined) await new Promise((r) => setTimeout(r, 10));
  if (!exited) child.kill('SIGTERM');
  await exit;
  if (ms === undefined) throw new Error(`start exited before it was healthy:\n${output}`);
  return { ms, cpu, running, output };
}

/** The 'start-up phase' lines of one run's debug log: phase -> { ms, atMs }. */
function phasesOf(output) {
  const phases = {};
  for (const line of output.split('\n')) {
    if (!line.includes('"start-up phase"')) continue;
    try {
      const entry = JSON.parse(line);
      phases[entry.phase] = { ms: entry.ms, atMs: entry.atMs };
    } catch (_) {
      // not a log line
    }
  }
  return phases;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `min ${s[0].toFixed(0)} ms, median ${mid.toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms`;
};

async function main() {
  const results = { first: { ms: [], cpu: [], running: [], phases: [] }, second: { ms: [], cpu: [], running: [], phases: [] } };
  console.log(`load before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (let i = 0; i < runs; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-startup-'));
    try {
      const a = await startOnce(dataDir);
      const b = await startOnce(dataDir);
      for (const [name, r] of [['first', a], ['second', b]]) {
        results[name].ms.push(r.ms);
        if (r.cpu !== undefined) results[name].cpu.push(r.cpu);
        results[name].running.push(r.running);
        results[name].phases.push(phasesOf(r.output));
      }
      const line = (r) => `${r.ms.toFixed(0)} ms (cpu ${r.cpu} ms, running at ${r.running.toFixed(0)} ms)`;
      console.log(`run ${i + 1}: first ${line(a)}, second ${line(b)}`);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  for (const [name, label] of [['first', 'first start (fresh DATA_DIR)'], ['second', 'second start (same DATA_DIR)']]) {
    const r = results[name];
    console.log(`${label}:\n  healthy:         ${stats(r.ms)}\n  CPU by healthy:  ${r.cpu.length ? stats(r.cpu) : 'n/a'}\n  "is running":    ${stats(r.running)}`);
    if (!debug) continue;
    console.log('  phases (median ms; median end since the process started):');
    for (const phase of Object.keys(r.phases[0] || {})) {
      const runs = r.phases.filter((p) => p[phase]);
      const at = runs.map((p) => p[phase].atMs).filter((x) => x !== undefined);
      console.log(`    ${phase.padEnd(32)} ${String(median(runs.map((p) => p[phase].ms))).padStart(6)} ms${at.length ? `   ends at ${median(at)} ms` : ''}`);
    }
  }
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
