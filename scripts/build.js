#!/usr/bin/env node
/**
 * Compiles src/ to dist/ once, so commands load JavaScript instead of transpiling TypeScript at
 * every start. Each file is transpiled on its own with esbuild (CommonJS, Node 20, source maps),
 * not bundled: dist/ mirrors src/ file for file, at the same depth under the project root, so
 * `__dirname`-relative paths, relative `require`s and lazy `import()`s behave as in src/. Files
 * that are not TypeScript (simulator.html, JSON) are copied. Type checking stays with
 * `tsc --noEmit` (npm run typecheck); esbuild only strips types.
 *
 *   node scripts/build.js           build when src/ changed since the last build (what the CLI does)
 *   node scripts/build.js --force   build even when up to date
 *   node scripts/build.js --check   exit 0 when dist/ is up to date, 1 when not (builds nothing)
 *
 * Up to date means: dist/.build-stamp.json names the same inputs (every file of src/, this
 * script, tsconfig.json, the esbuild version) with the same sizes and mtimes; when only mtimes
 * moved (git checkout, touch), a content hash of the inputs decides and the stamp is refreshed.
 * The stamp is written with the build from the bytes that were compiled, so an edit made during
 * a build makes the next check fail, never pass.
 *
 * Concurrency: npm test starts several CLI processes at once. A build takes a lock file, checks
 * again under it (another process may just have built), compiles into a temporary directory
 * beside dist/ and swaps it in with two renames: no process ever loads a half-written dist/.
 *
 * Plain Node; esbuild is required only when a build actually runs.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Bumped when the output layout or the compile options change in a way the inputs do not show. */
const FORMAT = 1;
const TYPESCRIPT = /\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;
/** How each file is compiled: what tsc would emit for `module: commonjs`, for the Node that runs it. */
const COMPILE_OPTIONS = {
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'external',
  // import() becomes a lazy require(), as tsc emits it for CommonJS (and as tsx ran it): Node's own
  // import() would not find extensionless relative paths, and would load a package's ESM build
  // where the rest of the program gets its CommonJS one.
  supported: { 'dynamic-import': false },
  logLevel: 'silent',
};
/** A lock older than this is taken to be left by a killed build (a build takes about a second). */
const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 180_000;

/** Where `request` resolves from this script's own install, or undefined. */
function resolveQuietly(request) {
  try {
    return require.resolve(request, { paths: [__dirname] });
  } catch (_) {
    return undefined;
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms) {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** The builder of one project: src/, dist/ and tsconfig.json under `root` (this project's by default). */
function createBuilder(root = path.resolve(__dirname, '..')) {
  const ROOT = root;
  const SRC = path.join(ROOT, 'src');
  const DIST = path.join(ROOT, 'dist');
  const STAMP = path.join(DIST, '.build-stamp.json');
  const LOCK = path.join(ROOT, '.dist-lock');

  /** Every file of src/ (sorted, relative paths with /), plus the other files the output depends on. */
  function listInputs() {
    const files = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(abs);
        else if (entry.isFile()) files.push({ key: 'src/' + path.relative(SRC, abs).split(path.sep).join('/'), abs });
      }
    };
    walk(SRC);
    files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    files.push({ key: 'tsconfig.json', abs: path.join(ROOT, 'tsconfig.json') }, { key: 'scripts/build.js', abs: __filename });
    const esbuildPkg = resolveQuietly('esbuild/package.json');
    if (esbuildPkg) files.push({ key: 'esbuild/package.json', abs: esbuildPkg });
    for (const f of files) {
      const st = fs.statSync(f.abs);
      f.size = st.size;
      f.mtimeMs = st.mtimeMs;
    }
    return files;
  }

  /** Names, sizes and mtimes: what the cheap check compares. */
  function quickKey(inputs) {
    const hash = crypto.createHash('sha1').update(`format ${FORMAT}\n`);
    for (const f of inputs) hash.update(`${f.key}\0${f.size}\0${f.mtimeMs}\n`);
    return hash.digest('hex');
  }

  /** Names and contents (read now, after the stat): what the output is made of. */
  function readContents(inputs) {
    const hash = crypto.createHash('sha1').update(`format ${FORMAT}\n`);
    const contents = new Map();
    for (const f of inputs) {
      const bytes = fs.readFileSync(f.abs);
      contents.set(f.key, bytes);
      hash.update(`${f.key}\0${bytes.length}\0`).update(bytes).update('\n');
    }
    return { contentKey: hash.digest('hex'), contents };
  }

  function readStamp() {
    try {
      return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    } catch (_) {
      return undefined;
    }
  }

  /**
   * Whether dist/ was built from exactly the current inputs. Cheap when nothing moved (one stat per
   * file of src/, a few milliseconds); reads and hashes the inputs only when some mtime changed.
   */
  function isUpToDate(opts = {}) {
    const stamp = readStamp();
    if (!stamp || stamp.format !== FORMAT) return false;
    const inputs = listInputs();
    const quick = quickKey(inputs);
    if (stamp.quick === quick) return true;
    if (readContents(inputs).contentKey !== stamp.contentKey) return false;
    // Same bytes, new mtimes: remember the new mtimes so the next check is the cheap one again.
    // Only an optimisation: a read-only install still runs its (current) dist/.
    try {
      const release = opts.locked ? () => {} : acquireLock();
      try {
        const current = readStamp(); // under the lock: dist/ may have been replaced meanwhile
        if (current && current.contentKey === stamp.contentKey) writeFileAtomic(STAMP, JSON.stringify({ ...current, quick }));
      } finally {
        release();
      }
    } catch (_) {
      // not writable here: the next check hashes again
    }
    return true;
  }

  function writeFileAtomic(file, text) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }

  /**
   * Takes the build lock (a file created exclusively), waiting while another build holds it;
   * returns the release function. Blocking is fine: nothing else runs before the CLI is loaded.
   */
  function acquireLock() {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        fs.writeFileSync(LOCK, `${process.pid}\n`, { flag: 'wx' });
        return () => fs.rmSync(LOCK, { force: true });
      } catch (err) {
        if (err.code !== 'EEXIST') throw err;
        if (lockIsStale()) {
          fs.rmSync(LOCK, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new Error(`another build has held ${LOCK} for minutes (remove it if no build is running)`);
        sleepSync(25);
      }
    }
  }

  function lockIsStale() {
    try {
      const st = fs.statSync(LOCK);
      if (Date.now() - st.mtimeMs > LOCK_STALE_MS) return true;
      const pid = Number(fs.readFileSync(LOCK, 'utf8').trim());
      if (!pid) return false; // being written: its owner is alive
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return err.code === 'ESRCH' || err.code === 'ENOENT';
    }
  }

  /** The compile options tsconfig.json gives (jsx, jsxImportSource, decorators, ...), for esbuild. */
  function tsconfigRaw(contents) {
    const text = contents.get('tsconfig.json').toString('utf8');
    const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')); // tsconfig allows // comment lines
    return { compilerOptions: json.compilerOptions || {} };
  }

  /** Compiles every input into a fresh directory, then swaps it in as dist/ (hold the lock). */
  async function compile() {
    const esbuild = require(resolveQuietly('esbuild') || 'esbuild');
    const inputs = listInputs();
    const quick = quickKey(inputs);
    const { contentKey, contents } = readContents(inputs);
    const raw = tsconfigRaw(contents);
    // Beside dist/ (same depth), so the source maps' relative paths stay right after the rename.
    const tmp = fs.mkdtempSync(path.join(ROOT, '.dist-tmp-'));
    try {
      fs.chmodSync(tmp, 0o755); // mkdtemp makes it private; dist/ is read by whoever runs the CLI
      await Promise.all(
        inputs
          .filter((f) => f.key.startsWith('src/') && !DECLARATION.test(f.key))
          .map(async (f) => {
            const rel = f.key.slice('src/'.length);
            if (!TYPESCRIPT.test(rel)) {
              writeFile(path.join(tmp, rel), contents.get(f.key));
              return;
            }
            const out = path.join(tmp, rel.replace(TYPESCRIPT, '.js'));
            const result = await esbuild
              .transform(contents.get(f.key), {
                ...COMPILE_OPTIONS,
                loader: rel.endsWith('x') ? 'tsx' : 'ts',
                sourcefile: path.relative(path.dirname(path.join(DIST, rel)), f.abs).split(path.sep).join('/'),
                tsconfigRaw: raw,
              })
              .catch((err) => {
                throw compileError(f.key, err);
              });
            writeFile(out, `${result.code}//# sourceMappingURL=${path.basename(out)}.map\n`);
            writeFile(`${out}.map`, result.map);
          }),
      );
      fs.writeFileSync(path.join(tmp, '.build-stamp.json'), JSON.stringify({ format: FORMAT, quick, contentKey, builtAt: new Date().toISOString() }));
      swapIn(tmp);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    } finally {
      // esbuild's service is a child process: not left running beside a long-lived `start`.
      if (typeof esbuild.stop === 'function') await esbuild.stop();
    }
  }

  /** esbuild's failure as `src/file.ts:line:column: message` lines. */
  function compileError(key, err) {
    if (!Array.isArray(err.errors) || err.errors.length === 0) return err;
    const lines = err.errors.map((e) => (e.location ? `${key}:${e.location.line}:${e.location.column + 1}: ${e.text}` : `${key}: ${e.text}`));
    return new Error(lines.join('\n'));
  }

  function writeFile(file, data) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }

  /** Temporary directories of builds that were killed (only the lock holder builds, so none is live). */
  function removeLeftovers() {
    for (const name of fs.readdirSync(ROOT)) {
      if (name.startsWith('.dist-tmp-')) fs.rmSync(path.join(ROOT, name), { recursive: true, force: true });
    }
  }

  /** Replaces dist/ with the finished build: rename the old one away, the new one in, delete the old. */
  function swapIn(tmp) {
    let old;
    if (fs.existsSync(DIST)) {
      old = `${tmp}-old`;
      fs.renameSync(DIST, old);
    }
    fs.renameSync(tmp, DIST);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  }

  /**
   * Makes dist/ current: returns 'fresh' when it already was, 'built' after compiling. Throws
   * BuildUnavailable when esbuild is not installed; esbuild's own error (file:line messages) when
   * src/ does not compile.
   */
  async function ensureBuilt(opts = {}) {
    if (!opts.force && isUpToDate()) return 'fresh';
    if (!resolveQuietly('esbuild')) throw new BuildUnavailable('esbuild is not installed');
    const release = acquireLock();
    try {
      // Another process may have built while this one waited for the lock.
      if (!opts.force && isUpToDate({ locked: true })) return 'fresh';
      removeLeftovers();
      await compile();
      return 'built';
    } finally {
      release();
    }
  }

  return { ensureBuilt, isUpToDate, dist: DIST };
}

/** esbuild cannot be loaded here (an install without it): the caller may fall back to tsx. */
class BuildUnavailable extends Error {}

const project = createBuilder();

module.exports = { ensureBuilt: project.ensureBuilt, isUpToDate: project.isUpToDate, createBuilder, BuildUnavailable };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) process.exit(project.isUpToDate() ? 0 : 1);
  const t0 = Date.now();
  project.ensureBuilt({ force: args.includes('--force') }).then(
    (result) => console.error(result === 'fresh' ? 'dist/ is up to date' : `built dist/ in ${Date.now() - t0} ms`),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
