#!/usr/bin/env node
/**
 * Makes sure the installed dependencies match package-lock.json before `npm start` / `npm test`
 * (run as their `pre` scripts). A fast no-op when they already match; otherwise runs
 * `npm ci --no-audit --no-fund`. Plain Node, no dependencies: it must work before any exist.
 *
 * "Match" is decided cheaply, without reading node_modules:
 *  - node_modules/.package-lock.json (npm's hidden lockfile, rewritten by every npm install/ci)
 *    missing -> install;
 *  - package-lock.json not newer than it -> up to date (npm wrote node_modules after the lock);
 *  - newer, but its SHA-1 equals the one recorded after our last check -> up to date (a git
 *    checkout or touch changed the mtime, not the content);
 *  - otherwise -> install.
 * The two lockfiles cannot be hashed against each other: npm's hidden one is a different
 * document (no root entry, only what is installed).
 */
'use strict';

// Plain module names and no `??`/`?.`: an old Node must get as far as the version message.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const spawnSync = require('child_process').spawnSync;

const MIN_NODE_MAJOR = 20;

const root = path.resolve(__dirname, '..');
const lockFile = path.join(root, 'package-lock.json');
const modulesDir = path.join(root, 'node_modules');
const hiddenLock = path.join(modulesDir, '.package-lock.json');
const stampFile = path.join(modulesDir, '.ensure-deps.sha1');

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    console.error(
      `civic-engage needs Node.js >= ${MIN_NODE_MAJOR}; this is ${process.version} (${process.execPath}).\n` +
        `Install Node ${MIN_NODE_MAJOR} or newer (nvm: \`nvm install ${MIN_NODE_MAJOR}\`) and run again.`,
    );
    process.exit(1);
  }
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (_) {
    return undefined;
  }
}

function readStamp() {
  try {
    return fs.readFileSync(stampFile, 'utf8').trim();
  } catch (_) {
    return undefined;
  }
}

function writeStamp(hash) {
  try {
    fs.writeFileSync(stampFile, hash + '\n');
  } catch (_) {
    // Only an optimisation: without it the next run falls back to comparing mtimes.
  }
}

function lockHash() {
  return crypto.createHash('sha1').update(fs.readFileSync(lockFile)).digest('hex');
}

/** Returns why an install is needed, or undefined when node_modules is up to date. */
function staleReason() {
  const installed = mtimeMs(hiddenLock);
  if (installed === undefined) {
    return fs.existsSync(modulesDir) ? 'node_modules is incomplete' : 'node_modules is missing';
  }
  const locked = mtimeMs(lockFile);
  if (locked === undefined || locked <= installed) return undefined;
  if (readStamp() === lockHash()) return undefined;
  return 'package-lock.json changed since the last install';
}

function runNpmCi(reason) {
  console.error(`[ensure-deps] ${reason}: running npm ci --no-audit --no-fund`);
  // Under npm, npm_execpath is npm's own CLI script: run it with this very node.
  const npmCli = process.env.npm_execpath;
  const args = ['ci', '--no-audit', '--no-fund'];
  const result =
    npmCli && /\.c?js$/.test(npmCli)
      ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: 'inherit' })
      : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
          cwd: root,
          stdio: 'inherit',
          shell: process.platform === 'win32',
        });
  if (result.error) {
    console.error(`[ensure-deps] could not run npm: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`[ensure-deps] npm ci failed (exit ${result.status !== null ? result.status : result.signal})`);
    process.exit(result.status || 1);
  }
  writeStamp(lockHash());
}

function main() {
  checkNode();
  if (!fs.existsSync(lockFile)) {
    console.error('[ensure-deps] package-lock.json is missing: run `npm install` once to create it.');
    process.exit(1);
  }
  const reason = staleReason();
  if (reason) {
    runNpmCi(reason);
    return;
  }
  // Up to date: record this lock's hash so a later mtime-only change (git checkout, touch) is
  // not taken for a new lock. Hashing ~250 kB costs about a millisecond.
  const hash = lockHash();
  if (readStamp() !== hash) writeStamp(hash);
}

main();
