#!/usr/bin/env node
/**
 * The civic-engage command. It runs the JavaScript compiled from src/ into dist/, compiling first
 * when src/ changed since the last build (scripts/build.js: a stat of each source file when
 * nothing changed, about a second when something did). When no build can be made here (esbuild
 * not installed, the project directory not writable) it runs the TypeScript sources through tsx,
 * as every command did before there was a build. Stack traces name dist/ files; run with
 * NODE_OPTIONS=--enable-source-maps to have them name src/ lines instead (it slows loading).
 */
'use strict';

const build = require('../scripts/build.js');

// Environment failures of a build: the sources are fine, this install cannot write or compile.
const CANNOT_BUILD = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

/**
 * TypeScript outside src/ is not compiled (the benchmarks in src/bench import test/helpers):
 * register tsx the first time such a file is required, and only then. Node tries the `.ts`
 * extension only because this handler exists; tsx replaces it with its own when it registers.
 */
function loadOtherTypeScriptThroughTsx() {
  if (require.extensions['.ts']) return;
  require.extensions['.ts'] = function loadThroughTsx(module, filename) {
    delete require.extensions['.ts'];
    require('tsx/cjs');
    return require.extensions['.ts'](module, filename);
  };
}

function runSources(reason) {
  process.stderr.write(`civic-engage: ${reason}; running the TypeScript sources through tsx (slower to start)\n`);
  // tsx/cjs compiles each .ts file require() loads; tsx's ESM hooks resolve the import() of a .ts
  // file, with which the CLI loads a command's code and the system a channel's adapter.
  require('tsx/cjs');
  import('tsx/esm/api').then(({ register }) => {
    register();
    require('../src/cli/main.ts');
  });
}

build.ensureBuilt().then(
  // Out of the promise chain: an error while loading is an uncaught exception, as without a build.
  () =>
    process.nextTick(() => {
      loadOtherTypeScriptThroughTsx();
      require('../dist/cli/main.js');
    }),
  (err) => {
    if (err instanceof build.BuildUnavailable) return runSources(`cannot compile src/ (${err.message})`);
    if (CANNOT_BUILD.has(err.code)) return runSources(`cannot write dist/ (${err.code} ${err.path || ''})`.replace(' )', ')'));
    process.stderr.write(`civic-engage: src/ does not compile:\n${err.message}\n`);
    process.exit(1);
  },
);
