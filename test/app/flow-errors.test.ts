/**
 * Issue #13: a typo in a flow's target state made `start` and `chat` die with XState's raw error
 * ("Child state 'answer_registr' does not exist on 'faq'"), naming no file or line. Every command
 * that runs flows loads them through loadEngine, which now refuses with the lines `flows check` prints.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../src/app/engine';
import { checkFlows, formatIssues } from '../../src/flows/check';
import { loadFlowDir } from '../../src/flows/loader';
import { localeView } from '../../src/flows/locale-view';
import { ROLE_FLOWS } from '../../src/flows/roles';
import { Translator } from '../../src/i18n/translator';

let flowsDir: string;
/** The line of the typo (1-based), whatever else faq.yaml holds. */
let typoLine: number;
beforeAll(() => {
  flowsDir = mkdtempSync(join(tmpdir(), 'ce-flows-'));
  cpSync('flows', flowsDir, { recursive: true });
  const file = join(flowsDir, 'faq.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('next: answer_register');
  typoLine = text.slice(0, text.indexOf('next: answer_register')).split('\n').length;
  writeFileSync(file, text.replace('next: answer_register', 'next: answer_registr'));
});
afterAll(() => rmSync(flowsDir, { recursive: true, force: true }));

it('refuses with the file:line messages of flows check, not XState’s error', () => {
  const config = { FLOWS_DIR: flowsDir, LOCALES_DIR: 'locales', DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Test Org', ORG_CONTACT: 'help@example.org' };
  const translator = Translator.fromDir('locales', 'en');
  const expected = formatIssues(checkFlows(loadFlowDir(flowsDir), localeView(translator), ROLE_FLOWS).filter((i) => i.severity === 'error'));
  expect(expected).toContain(`${join(flowsDir, 'faq.yaml')}:${typoLine}: error: unknown target state "answer_registr"`);
  let message = '';
  try {
    loadEngine(config);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toBe(`flows have errors (run "civic-engage flows check"):\n${expected}`);
  expect(message).not.toContain('does not exist');
});
