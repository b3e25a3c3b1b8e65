/**
 * bench/profile-summary.ts on a small hand-made profile: self time by package (a scoped package
 * named with its scope), Node's and native time charged to the calling package, this project's
 * files named by their src/ path, idle time left out, and --skip leaving out the first samples.
 */
import path from 'node:path';
import { summarize } from '../../bench/profile-summary';

const ROOT = path.resolve(__dirname, '..', '..');
const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

// root → ours (dist/store/db.js) → pg → writev (native); root → @scope/pkg; root → (idle)
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6] },
    { id: 2, callFrame: frame('query', `file://${ROOT}/dist/store/db.js`), children: [3] },
    { id: 3, callFrame: frame('submit', `${ROOT}/node_modules/pg/lib/query.js`), children: [4] },
    { id: 4, callFrame: frame('writev', ''), children: [] },
    { id: 5, callFrame: frame('run', `${ROOT}/node_modules/@scope/pkg/index.js`), children: [] },
    { id: 6, callFrame: frame('(idle)', ''), children: [] },
  ],
  startTime: 0,
  endTime: 0,
  // Each sample lasts until the next one; the last one's length is unknown and left out.
  samples: [2, 3, 4, 4, 5, 6, 2],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000],
};

test('self time by package, by caller, by our file, idle left out', () => {
  const s = summarize(profile);
  expect(s.busyUs).toBe(5000);
  expect(s.idleUs).toBe(1000);
  expect(Object.fromEntries(s.byPackage)).toEqual({ 'civic-engage': 1000, pg: 1000, '(native)': 2000, '@scope/pkg': 1000 });
  expect(Object.fromEntries(s.byCaller)).toEqual({ 'civic-engage': 1000, pg: 3000, '@scope/pkg': 1000 });
  expect(Object.fromEntries(s.byFile)).toEqual({ 'src/store/db.ts': 1000 });
  expect(s.underFile.get('src/store/db.ts')).toBe(4000);
});

test('--skip leaves out the samples of the first microseconds', () => {
  const s = summarize(profile, 2500);
  expect(s.busyUs).toBe(2000); // the samples at 3 and 4 ms (the one at 5 ms is idle)
  expect(s.byPackage.get('civic-engage')).toBeUndefined();
});
