#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step): tsx registers a loader for .ts files.
require('tsx/cjs');
require('../src/cli/main.ts');
