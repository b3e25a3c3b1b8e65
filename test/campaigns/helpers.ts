/**
 * Shared set-up of the campaign tests: the engine fixture flows and locales plus the shipped
 * campaign and Slack texts (locales/<lang>/campaign.json and slack.json), an election data file
 * with real (non-example) values, the settings a launch requires, and a few queries.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import { saveCampaign } from '../../src/campaigns/control';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { campaignStatus } from '../../src/campaigns/status';
import { importContacts } from '../../src/contacts/import';
import type { Runtime } from '../../src/runtime/runtime';
import { eventually } from '../helpers/system';
import { writeFixtureDirs } from '../engine/fixtures';
import type { Database } from '../../src/store/schema';

/** Election data for the tests (not example values: campaigns may launch on it). */
export const ELECTIONS_YAML = `
example: false
election: { name: Test Election, date: '2030-11-05' }
national: { info_url: https://vote.gov }
states:
  CA:
    timezone: America/Los_Angeles
    office: California Secretary of State
    office_url: https://www.sos.ca.gov/elections
    register_url: https://registertovote.ca.gov
    dates: { registration_deadline: '2030-06-10', election_day: '2030-11-05' }
  TX:
    timezone: America/Chicago
    office: Texas Secretary of State
    office_url: https://www.sos.state.tx.us/elections/
    dates: { registration_deadline: '2030-06-05', election_day: '2030-11-05' }
  NY:
    timezone: America/New_York
    office: New York State Board of Elections
    office_url: https://elections.ny.gov
    dates: { registration_deadline: '2030-06-01', election_day: '2030-11-05' }
  HI:
    timezone: Pacific/Honolulu
    office: Hawaii Office of Elections
    office_url: https://elections.hawaii.gov
    dates: { registration_deadline: '2030-06-20', election_day: '2030-11-05' }
`;

/** Flows, locales (fixture + campaign texts) and election data in a temporary directory. */
export function campaignFixtures(extraElections?: string): { flowsDir: string; localesDir: string; electionsFile: string } {
  const dirs = writeFixtureDirs();
  for (const lang of ['en', 'es']) {
    copyFileSync(join(__dirname, '../../locales', lang, 'campaign.json'), join(dirs.localesDir, lang, 'campaign.json'));
    // The organizers' Slack texts (the alert when a campaign pauses itself).
    copyFileSync(join(__dirname, '../../locales', lang, 'slack.json'), join(dirs.localesDir, lang, 'slack.json'));
    // Why an imported row is refused (src/contacts/problems.ts).
    copyFileSync(join(__dirname, '../../locales', lang, 'console-contacts.json'), join(dirs.localesDir, lang, 'console-contacts.json'));
  }
  const electionsFile = join(mkdtempSync(join(tmpdir(), 'ce-elections-')), 'elections.yaml');
  writeFileSync(electionsFile, extraElections ?? ELECTIONS_YAML);
  return { ...dirs, electionsFile };
}

/** Environment of a system that may launch campaigns. */
export function campaignEnv(f: ReturnType<typeof campaignFixtures>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    FLOWS_DIR: f.flowsDir,
    LOCALES_DIR: f.localesDir,
    ELECTIONS_FILE: f.electionsFile,
    ORG_SENDER: 'Test Org',
    ORG_DISCLAIMER: 'Paid for by Test Org PAC',
    ...extra,
  };
}

export const cdb = (rt: Runtime): Kysely<Database> => rt.db.kysely;

/** The campaign's messages with their recipients (ledger joined to messages). */
export async function campaignMessages(rt: Runtime, campaignId: string) {
  return cdb(rt)
    .selectFrom('campaign_recipients as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .innerJoin('identities as i', 'i.id', 'r.identity_id')
    .select(['r.contact_id', 'r.step', 'r.language', 'r.send_at', 'm.id', 'm.status', 'm.error_code', 'm.body', 'm.key', 'm.channel', 'i.address'])
    .where('r.campaign_id', '=', campaignId)
    .orderBy('r.step')
    .orderBy('i.address')
    .execute();
}

/** Jobs in a queue that are not finished: what it holds in Redis besides the finished ones it keeps. */
export async function unfinishedJobs(queue: Queue): Promise<{ waiting: number; prioritized: number; delayed: number; active: number; total: number }> {
  const c = await queue.getJobCounts('wait', 'prioritized', 'delayed', 'active');
  const waiting = c.wait ?? 0;
  const [prioritized, delayed, active] = [c.prioritized ?? 0, c.delayed ?? 0, c.active ?? 0];
  return { waiting, prioritized, delayed, active, total: waiting + prioritized + delayed + active };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private at: number) {}
  now = (): Date => new Date(this.at);
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
}

/** Imports organizer CSV rows (phone, telegram_id, name, language, state, tags, consent source and date); any row error fails the test. */
export async function importCsvRows(rt: Runtime, rows: string[], fileName = 'test.csv'): Promise<void> {
  const report = await importContacts(
    { db: rt.db.kysely, config: rt.config, languages: rt.translator.languages, now: rt.now },
    ['phone,telegram_id,name,language,state,tags,consent_source,consent_date', ...rows].join('\n'),
    { fileName, attestedBy: 'Test Organizer' },
  );
  expect(report.errors).toEqual([]);
  expect(report.ok).toBe(true);
}

/** Saves a campaign from its YAML; returns its id. */
export async function createCampaign(rt: Runtime, yaml: string): Promise<string> {
  const def = parseCampaignYaml(yaml);
  await saveCampaign(rt, def);
  return def.id;
}

/** Waits (bounded) until the campaign's status passes `check`; returns that status. */
export function settledCampaign(rt: Runtime, id: string, check: (s: Awaited<ReturnType<typeof campaignStatus>>) => boolean, timeoutMs = 15_000) {
  return eventually(async () => {
    const s = await campaignStatus(rt, id);
    return check(s) && s;
  }, timeoutMs);
}
