import 'dotenv/config';
import { loadEngine } from '../app/engine';
import { loadConfig } from '../config';
import { checkFlows, formatIssues } from '../flows/check';
import { localeView } from '../flows/locale-view';
import { loadFlowDir } from '../flows/loader';
import { ROLE_FLOWS } from '../flows/roles';
import { smsSegmentCheck } from '../flows/sms-segment-check';
import { runTranscriptDir } from '../flows/transcript';
import { Translator } from '../i18n/translator';
import { readTopicDefinitions } from '../knowledge/load';
import { isSmsText } from '../i18n/segment-table';

/** `flows check`: prints file:line problems; exit code 1 on any error (warnings alone pass). */
export async function flowsCheckCommand(opts: { segmentBudget?: string }): Promise<void> {
  const config = loadConfig();
  const translator = Translator.fromDir(config.LOCALES_DIR, config.DEFAULT_LANGUAGE);
  const loaded = loadFlowDir(config.FLOWS_DIR);
  const budget = Number(opts.segmentBudget ?? config.SMS_SEGMENT_BUDGET);
  const issues = checkFlows(loaded, localeView(translator), ROLE_FLOWS, [smsSegmentCheck(budget, isSmsText)], readTopicDefinitions(config.KNOWLEDGE_DIR));
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  if (issues.length) console.log(formatIssues(issues));
  console.log(`flows check: ${loaded.length} flows, ${translator.languages.length} languages (${translator.languages.join(', ')}): ${errors} errors, ${warnings} warnings`);
  if (errors) process.exitCode = 1;
}

/** `flows test`: replays transcripts; prints each failure as file:line; exit code 1 on any. */
export async function flowsTestCommand(opts: { dir: string }): Promise<void> {
  const config = loadConfig();
  const { env } = loadEngine(config);
  const results = runTranscriptDir(env, opts.dir);
  let failed = 0;
  for (const r of results) {
    if (r.failures.length) {
      failed++;
      console.log(`FAIL ${r.file}: ${r.name}`);
      for (const f of r.failures) console.log(`  ${r.file}:${f.line}: ${f.message}`);
    } else console.log(`ok   ${r.file}: ${r.name}`);
  }
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed || !results.length) process.exitCode = 1;
}
