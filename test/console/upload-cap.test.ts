/** The contacts upload's size cap: the CLI's caps, but never more than a browser upload should hold in memory. */
import { CONSOLE_UPLOAD_MAX_BYTES, uploadCap } from '../../src/console/routes/contacts-import';
import { loadConfig } from '../../src/config';

it('is the CLI caps when they are smaller, and at most 64 MB with the defaults (819 MB by the CLI caps)', () => {
  expect(uploadCap({ IMPORT_MAX_RECORD_BYTES: 256, IMPORT_MAX_ROWS: 20 })).toBe(256 * 21);
  const defaults = loadConfig({});
  expect(defaults.IMPORT_MAX_RECORD_BYTES * (defaults.IMPORT_MAX_ROWS + 1)).toBeGreaterThan(800_000_000);
  expect(uploadCap(defaults)).toBe(CONSOLE_UPLOAD_MAX_BYTES);
  expect(CONSOLE_UPLOAD_MAX_BYTES).toBe(64 * 1024 * 1024);
});
