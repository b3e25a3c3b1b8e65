/**
 * The benchmarks' shared report: every benchmark prints its numbers as it goes (stdout) and adds
 * the same numbers to a Markdown section; `--write` puts the sections into docs/benchmarks.md.
 * Each section sits between `<!-- bench:<name> -->` markers and says when and how it was run, so
 * a later `--only <name> --write` replaces that section and keeps the others, and the hand-written
 * notes between `<!-- notes -->` markers survive every write.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** The machine and the services a run used. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  redis: string;
  postgres: string;
  /** The reference workload's time (bench/machine-speed.ts): how fast the machine was during the run. */
  reference?: { medianMs: number; minMs: number };
}

/** What `/proc/cpuinfo` calls the CPU (os.cpus() elsewhere). */
export function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** Collects the sections of one run. */
export class Report {
  private readonly sections = new Map<string, string[]>();
  private current?: string[];

  constructor(
    private readonly opts: { quick: boolean; out?: (line: string) => void },
  ) {}

  private print(line = ''): void {
    (this.opts.out ?? ((l: string) => process.stdout.write(`${l}\n`)))(line);
  }

  /** Starts a benchmark's section (prints its title and the machine's load at the start). */
  begin(name: string, title: string): void {
    const lines: string[] = [];
    this.sections.set(name, lines);
    this.current = lines;
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
    this.print('');
    this.print(`== ${title} ==`);
    lines.push(`## ${title}`, '');
    lines.push(`_Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${this.opts.quick ? '`--quick`' : 'full'} mode; load average at start (1/5/15 min): ${load}._`, '');
  }

  private section(): string[] {
    if (!this.current) throw new Error('report: begin() a section first');
    return this.current;
  }

  /** A paragraph: printed, and kept as Markdown. */
  say(text: string): void {
    this.print(text.replace(/`/g, ''));
    this.section().push(text, '');
  }

  /** Markdown only (explanations that would clutter the terminal). */
  note(text: string): void {
    this.section().push(text, '');
  }

  /** Progress on the terminal only. */
  progress(text: string): void {
    this.print(`  ${text}`);
  }

  /** A table: aligned columns on the terminal, a Markdown table in the section. */
  table(headers: string[], rows: (string | number)[][]): void {
    const cells = rows.map((r) => r.map(String));
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    this.print(line(headers));
    for (const r of cells) this.print(line(r));
    const md = this.section();
    md.push(`| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const r of cells) md.push(`| ${r.join(' | ')} |`);
    md.push('');
  }

  /** The finished sections by benchmark name. */
  markdownSections(): Map<string, string> {
    return new Map([...this.sections].map(([name, lines]) => [name, lines.join('\n').trimEnd()]));
  }

  /**
   * Writes the report to `file`: a fresh header (machine, commands), the sections of this run in
   * `order`, and, for benchmarks not run this time, their sections from the file as it was.
   */
  write(file: string, machine: MachineInfo, order: string[], commands: string[]): void {
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const kept = (name: string) => new RegExp(`<!-- bench:${name} -->\\n([\\s\\S]*?)\\n<!-- /bench:${name} -->`).exec(previous)?.[1];
    const notes = /<!-- notes -->\n([\s\S]*?)\n<!-- \/notes -->/.exec(previous)?.[1] ?? '## Notes\n\n(What the numbers mean and what was found: written by hand, kept by `--write`.)';
    const sections = this.markdownSections();
    const parts = [
      '# Benchmarks',
      '',
      '<!-- Written by `npm run bench -- --write`. Sections between bench markers are regenerated; edit the notes only. -->',
      '',
      '## Machine',
      '',
      `- CPU: ${machine.cpu}, ${machine.cores} cores; RAM ${machine.ramGiB.toFixed(1)} GiB`,
      `- Node ${machine.node}; Redis ${machine.redis}; PostgreSQL ${machine.postgres}`,
      ...(machine.reference ? [`- Reference workload (bench/machine-speed.ts, lower is faster): fastest pass ${machine.reference.minMs.toFixed(0)} ms, median ${machine.reference.medianMs.toFixed(0)} ms`] : []),
      '',
      '## Reproduce',
      '',
      '```sh',
      ...commands,
      '```',
      '',
      '<!-- notes -->',
      notes,
      '<!-- /notes -->',
    ];
    for (const name of order) {
      const body = sections.get(name) ?? kept(name);
      if (body === undefined) continue;
      parts.push('', `<!-- bench:${name} -->`, body, `<!-- /bench:${name} -->`);
    }
    writeFileSync(file, `${parts.join('\n')}\n`);
  }
}
