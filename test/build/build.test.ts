/**
 * scripts/build.js, the ahead-of-time build the CLI runs before loading dist/: on a small project
 * in a temporary directory (TypeScript, TSX, JSON imports, a file read by `__dirname`, a lazy
 * `import()`), it compiles src/ to the same layout, notices every change to src/ (and only real
 * ones), and survives several processes building at once.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const BUILD_SCRIPT = join(__dirname, '../../scripts/build.js');

interface Builder {
  ensureBuilt(opts?: { force?: boolean }): Promise<'fresh' | 'built'>;
  isUpToDate(): boolean;
  dist: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBuilder } = require(BUILD_SCRIPT) as { createBuilder(root: string): Builder };

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, esModuleInterop: true, resolveJsonModule: true, jsx: 'react-jsx', jsxImportSource: 'fake-jsx' } }),
  // What a JSX import source provides; the build must call it as TypeScript would.
  'node_modules/fake-jsx/jsx-runtime.js': "exports.jsx = exports.jsxs = (type, props) => `<${type}>${[].concat(props.children).join('')}</${type}>`;",
  'src/main.ts': [
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    "import data from './data.json';",
    "import { greet } from './lib/greet';",
    "import { view } from './view';",
    "import type { Shape } from './shape';",
    "const shape: Shape = { n: data.n };",
    "export const report = { greet: greet('ana'), n: shape.n, page: readFileSync(join(__dirname, 'page.html'), 'utf8').trim(), view: view('hi') };",
    "export async function lazy(): Promise<string> { return (await import('./lib/lazy')).value; }",
  ].join('\n'),
  'src/lib/greet.ts': 'export const greet = (name: string): string => `hello ${name}`;',
  'src/lib/lazy.ts': "(globalThis as { lazyLoaded?: boolean }).lazyLoaded = true;\nexport const value = 'lazy';",
  'src/view.tsx': 'export const view = (text: string) => <p>{text}</p>;',
  'src/shape.d.ts': 'export interface Shape { n: number }',
  'src/data.json': '{ "n": 7 }',
  'src/page.html': '<h1>page</h1>',
};

let root: string;
let builder: Builder;

function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** Loads dist/main.js in a fresh Node and reports what it computed (and whether lazy.ts ran early). */
function runBuilt(): { report: Record<string, unknown>; lazyBefore: boolean; lazy: string } {
  const script = `
    const m = require(${JSON.stringify(join(root, 'dist/main.js'))});
    const lazyBefore = !!globalThis.lazyLoaded;
    m.lazy().then((lazy) => console.log(JSON.stringify({ report: m.report, lazyBefore, lazy })));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}


beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ce-build-'));
  for (const [rel, text] of Object.entries(FILES)) write(rel, text);
  builder = createBuilder(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('compiles src/ to dist/ file for file: TSX, JSON imports, __dirname reads and lazy imports work as in src/', async () => {
  expect(builder.isUpToDate()).toBe(false);
  expect(await builder.ensureBuilt()).toBe('built');
  expect(runBuilt()).toEqual({ report: { greet: 'hello ana', n: 7, page: '<h1>page</h1>', view: '<p>hi</p>' }, lazyBefore: false, lazy: 'lazy' });
  expect(existsSync(join(root, 'dist/main.js.map'))).toBe(true);
  expect(existsSync(join(root, 'dist/shape.d.js'))).toBe(false); // declarations emit nothing
  expect(readdirSync(root).filter((n) => n.startsWith('.dist'))).toEqual([]); // no temporary directory or lock left
  expect(await builder.ensureBuilt()).toBe('fresh');
});

test('a changed, added or deleted source makes dist/ stale; the rebuild has exactly the current files', async () => {
  await builder.ensureBuilt();
  write('src/lib/greet.ts', 'export const greet = (name: string): string => `hola ${name}`;');
  expect(builder.isUpToDate()).toBe(false);
  expect(await builder.ensureBuilt()).toBe('built');
  expect(runBuilt().report.greet).toBe('hola ana');

  write('src/extra.ts', 'export const extra = 1;');
  expect(builder.isUpToDate()).toBe(false);
  await builder.ensureBuilt();
  expect(existsSync(join(root, 'dist/extra.js'))).toBe(true);

  rmSync(join(root, 'src/extra.ts'));
  expect(builder.isUpToDate()).toBe(false);
  await builder.ensureBuilt();
  expect(existsSync(join(root, 'dist/extra.js'))).toBe(false);

  write('tsconfig.json', JSON.stringify({ compilerOptions: { ...JSON.parse(FILES['tsconfig.json']).compilerOptions, jsxImportSource: 'other-jsx' } }));
  expect(builder.isUpToDate()).toBe(false);
});

test('a new mtime with the same bytes (git checkout, touch) is not a change, and the stamp learns the new mtime', async () => {
  await builder.ensureBuilt();
  const stamp = join(root, 'dist/.build-stamp.json');
  const before = readFileSync(stamp, 'utf8');
  const later = new Date(statSync(join(root, 'src/main.ts')).mtimeMs + 60_000);
  utimesSync(join(root, 'src/main.ts'), later, later);
  expect(builder.isUpToDate()).toBe(true);
  expect(readFileSync(stamp, 'utf8')).not.toBe(before); // the next check is the cheap one again
  expect(JSON.parse(readFileSync(stamp, 'utf8')).contentKey).toBe(JSON.parse(before).contentKey);
  expect(await builder.ensureBuilt()).toBe('fresh');
});

test('processes starting at once on a stale dist/: one compiles, the others wait for it and load its output', async () => {
  const script = `require(${JSON.stringify(BUILD_SCRIPT)}).createBuilder(${JSON.stringify(root)}).ensureBuilt().then((r) => {
    const m = require(${JSON.stringify(join(root, 'dist/main.js'))});
    console.log(r + ' ' + m.report.greet);
  })`;
  const runs = await Promise.all(Array.from({ length: 4 }, () => promisify(execFile)(process.execPath, ['-e', script], { cwd: root })));
  const results = runs.map((r) => r.stdout.trim()).sort();
  expect(results).toEqual(['built hello ana', 'fresh hello ana', 'fresh hello ana', 'fresh hello ana']);
});

test('a compile error names the file and line, and leaves the previous dist/ in place', async () => {
  await builder.ensureBuilt();
  write('src/lib/greet.ts', 'export const greet = (name: string): string => {\n  return `hello ${name`;\n');
  await expect(builder.ensureBuilt()).rejects.toThrow(/^src\/lib\/greet\.ts:\d+:\d+: Unterminated/);
  expect(runBuilt().report.greet).toBe('hello ana');
  expect(builder.isUpToDate()).toBe(false);
  expect(readdirSync(root).filter((n) => n.startsWith('.dist'))).toEqual([]);
});
