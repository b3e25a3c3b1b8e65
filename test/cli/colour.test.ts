/**
 * Issue #13: `chat` wrote ANSI colour codes whatever its output was (a file, a pipe). Colours go to
 * a terminal only, and NO_COLOR turns them off.
 */
import { spawnSync } from 'node:child_process';
import { colours } from '../../src/cli/colour';


it.each([
  ['a terminal', { isTTY: true }, {}, true],
  ['a terminal with NO_COLOR=1', { isTTY: true }, { NO_COLOR: '1' }, false],
  ['a terminal with NO_COLOR empty (not set, per no-color.org)', { isTTY: true }, { NO_COLOR: '' }, true],
  ['a dumb terminal', { isTTY: true }, { TERM: 'dumb' }, false],
  ['a pipe or a file', {}, {}, false],
])('%s: colours %p', (_name, stream, env, on) => {
  const paint = colours(stream, env);
  expect(paint.on).toBe(on);
  expect(paint.cyan('hi')).toBe(on ? '\x1b[36mhi\x1b[0m' : 'hi');
});

it('`chat` piped: its replies carry no escape code', () => {
  const run = spawnSync(process.execPath, ['bin/civic-engage.js', 'chat', '--lang', 'en'], { input: 'hi\nMENU\n', encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  expect(run.status).toBe(0);
  expect(run.stdout.length).toBeGreaterThan(50);
  expect(run.stdout).not.toContain('\x1b[');
});
