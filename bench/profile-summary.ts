/**
 * Reads a V8 CPU profile (`.cpuprofile`, as `node --cpu-prof` writes it; the benchmarks' children
 * write them under BENCH_CPU_PROF=<dir>) and prints where the busy time went: self time by
 * package (node_modules/<package>, Node's own JavaScript, V8's garbage collector and native code,
 * this project), self time by this project's source file, the top functions by self time, and
 * the time spent under each of this project's files (inclusive: its own code and everything it
 * called, each sample counted once per file). Shares are of the busy time (idle left out).
 *
 * Usage: npx tsx bench/profile-summary.ts <file.cpuprofile>... [--skip <seconds>] [--top <n>] [--markdown]
 *   --skip  leave out the first seconds of each profile (the process's start-up)
 *   --top   rows per table (default 15)
 * Several files are summed (the two processes of a split system, say).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(__dirname, '..');

/** What a frame's code belongs to: a package, Node, V8, or this project. */
export function packageOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) {
    if (/^\((garbage collector|program|idle|root)\)$/.test(frame.functionName)) return frame.functionName;
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node (built-in JavaScript)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith(ROOT)) return 'civic-engage';
  return url;
}

/** This project's file of a frame (dist/x.js and src/x.ts both named src/x), or undefined. */
export function ourFile(frame: CallFrame): string | undefined {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url.startsWith(ROOT) || url.includes('/node_modules/')) return undefined;
  return path.relative(ROOT, url).replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
}

/** Busy microseconds by key, and the total, of one or more profiles. */
export interface Summary {
  busyUs: number;
  idleUs: number;
  byPackage: Map<string, number>;
  /** As byPackage, with Node's JavaScript and native code charged to the package that called it. */
  byCaller: Map<string, number>;
  byFile: Map<string, number>;
  byFunction: Map<string, number>;
  underFile: Map<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Adds one profile's samples (after `skipUs` from its start) to `into`. */
export function summarize(profile: CpuProfile, skipUs = 0, into?: Summary): Summary {
  const s: Summary = into ?? { busyUs: 0, idleUs: 0, byPackage: new Map(), byCaller: new Map(), byFile: new Map(), byFunction: new Map(), underFile: new Map() };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The files on each node's stack, computed once per node.
  const filesOnStack = new Map<number, Set<string>>();
  const stackFiles = (id: number): Set<string> => {
    let files = filesOnStack.get(id);
    if (files) return files;
    const p = parent.get(id);
    files = new Set(p === undefined ? [] : stackFiles(p));
    const f = ourFile(byId.get(id)!.callFrame);
    if (f) files.add(f);
    filesOnStack.set(id, files);
    return files;
  };
  // The package a node's time is charged to: its own, or for Node's JavaScript and native code, the nearest caller's that is neither.
  const callerOf = new Map<number, string>();
  const caller = (id: number): string => {
    let c = callerOf.get(id);
    if (c !== undefined) return c;
    const own = packageOf(byId.get(id)!.callFrame);
    const p = parent.get(id);
    c = (own === '(native)' || own === 'node (built-in JavaScript)') && p !== undefined && byId.get(p)!.callFrame.functionName !== '(root)' ? caller(p) : own;
    callerOf.set(id, c);
    return c;
  };
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time is the gap to the next one (as Chrome DevTools counts it).
    t += profile.timeDeltas[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t - profile.startTime < skipUs || dt <= 0) continue;
    const node = byId.get(profile.samples[i])!;
    const pkg = packageOf(node.callFrame);
    if (pkg === '(idle)') {
      s.idleUs += dt;
      continue;
    }
    s.busyUs += dt;
    add(s.byPackage, pkg, dt);
    add(s.byCaller, caller(node.id), dt);
    const file = ourFile(node.callFrame);
    if (file) add(s.byFile, file, dt);
    const fn = node.callFrame.functionName || '(anonymous)';
    add(s.byFunction, `${fn} (${file ?? pkg}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''})`, dt);
    for (const f of stackFiles(node.id)) add(s.underFile, f, dt);
  }
  return s;
}

function top(m: Map<string, number>, busyUs: number, n: number): [string, string, string][] {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => [k, `${((us / busyUs) * 100).toFixed(1)} %`, `${(us / 1000).toFixed(0)} ms`]);
}

function print(title: string, rows: [string, string, string][], markdown: boolean): void {
  if (markdown) {
    process.stdout.write(`\n${title}\n\n| | share | self ms |\n|---|---:|---:|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
    return;
  }
  const w = Math.max(...rows.map((r) => r[0].length), title.length);
  process.stdout.write(`\n${title}\n${rows.map((r) => `  ${r[0].padEnd(w)}  ${r[1].padStart(7)}  ${r[2].padStart(9)}`).join('\n')}\n`);
}

function main(argv: string[]): void {
  const files: string[] = [];
  let skip = 0;
  let n = 15;
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--skip') skip = Number(argv[++i]);
    else if (argv[i] === '--top') n = Number(argv[++i]);
    else if (argv[i] === '--markdown') markdown = true;
    else files.push(argv[i]);
  }
  if (!files.length) throw new Error('usage: profile-summary <file.cpuprofile>... [--skip <seconds>] [--top <n>] [--markdown]');
  let s: Summary | undefined;
  for (const f of files) s = summarize(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile, skip * 1e6, s);
  const sum = s!;
  process.stdout.write(`busy ${(sum.busyUs / 1e6).toFixed(2)} s, idle ${(sum.idleUs / 1e6).toFixed(2)} s (${files.length} profile${files.length > 1 ? 's' : ''}${skip ? `, first ${skip} s left out` : ''})\n`);
  print('Self time by package', top(sum.byPackage, sum.busyUs, n), markdown);
  print("Self time by package, Node's JavaScript and native code charged to the package that called it", top(sum.byCaller, sum.busyUs, n), markdown);
  print("Self time by this project's file", top(sum.byFile, sum.busyUs, n), markdown);
  print('Top functions by self time', top(sum.byFunction, sum.busyUs, n), markdown);
  print("Time under this project's files (inclusive)", top(sum.underFile, sum.busyUs, n), markdown);
}

if (require.main === module) main(process.argv.slice(2));
