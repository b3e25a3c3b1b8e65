#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step). tsx/cjs compiles each .ts file require() loads;
// tsx's ESM hooks resolve the import() of a .ts file, with which the CLI loads a command's code and
// the system a channel's adapter only when they are used (the same modules: both end in require).
require('tsx/cjs');
import('tsx/esm/api').then(({ register }) => {
  register();
  require('../src/cli/main.ts');
});
