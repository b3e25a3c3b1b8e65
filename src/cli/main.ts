/**
 * `civic-engage`: the one command-line entry point (npx civic-engage --help). This file is the
 * table of commands; each command's code is imported when that command runs, so `--help` loads
 * almost nothing and `start` loads the server, not the translators' tools or the benchmarks.
 */
import 'dotenv/config';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { loadConfig } from '../config';
import { CliError } from './errors';

/** What organizer commands write to and read their settings from. */
const io = () => ({ config: loadConfig(), out: (text: string) => void process.stdout.write(text) });

/** A CliError is the user's to fix: its message without a stack trace, exit code 1. */
function orFail(work: Promise<unknown>): Promise<void> {
  return work.then(
    () => undefined,
    (err) => {
      if (!(err instanceof CliError)) throw err;
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    },
  );
}

const program = new Command('civic-engage').description('Multilingual messaging assistant for community engagement').showHelpAfterError();

// ---- the system ----------------------------------------------------------------------------

const run = async (parts: { web: boolean; workers: boolean }) => (await import('./run')).runCommand(parts);
program.command('start').description('run the whole system (web server + workers) on its embedded defaults').action(() => run({ web: true, workers: true }));
program.command('web').description('run only the HTTP server (webhooks, simulator); scale workers separately').action(() => run({ web: true, workers: false }));
program.command('worker').description('run only the queue workers (run several against one Redis and PostgreSQL)').action(() => run({ web: false, workers: true }));

program
  .command('chat')
  .description('talk to the flows in this terminal (engine only: nothing is stored or sent)')
  .option('--lang <code>', 'your language (leave out to start at the language menu)')
  .action(async (opts) => (await import('./chat')).chatCommand(opts));

// ---- flows and texts -------------------------------------------------------------------------

const flows = program.command('flows').description('check and test the flows in flows/');
flows
  .command('check')
  .description('validate every flow and the locales; non-zero exit on any error')
  .option('--segment-budget <n>', 'SMS segments a message may take before a warning')
  .action(async (opts) => (await import('./flows')).flowsCheckCommand(opts));
flows
  .command('test')
  .description('replay the conversation transcripts in flows/tests/')
  .option('--dir <dir>', 'transcript directory', 'flows/tests')
  .action(async (opts) => (await import('./flows')).flowsTestCommand(opts));

const locales = program.command('locales').description('translator tools: check, export and import the texts in locales/ (docs/translations.md)');
const dirOption = ['--dir <dir>', 'the locales folder (default LOCALES_DIR, locales)'] as const;
const budget = (what: string) => ['--budget <segments>', `SMS segments a text may take${what} (default SMS_SEGMENT_BUDGET, 3)`] as const;
locales
  .command('check')
  .description('check every language against the default one and count SMS segments; non-zero exit on any error')
  .option(...budget(''))
  .option(...dirOption)
  .action(async (opts) => {
    const m = await import('./locales');
    m.withUsageErrors(() => m.localesCheckCommand(opts));
  });
locales
  .command('export')
  .description('write the strings to translate, with the English source and a note for the translator')
  .option('--format <format>', 'csv (spreadsheets) or xliff (XLIFF 1.2, for CAT tools)', 'csv')
  .option('--lang <code...>', 'languages to export (default: every language but the default one); a new code starts a new language')
  .option('--out <file>', 'write to this file instead of stdout')
  .option(...budget(', for the notes'))
  .option(...dirOption)
  .action(async (opts) => {
    const m = await import('./locales');
    m.withUsageErrors(() => m.localesExportCommand(opts));
  });
locales
  .command('import <file>')
  .description('import a translated .csv, .xlf or .xliff file: all or nothing, each problem with its line')
  .option('--dry-run', 'validate and say what would change, write nothing')
  .option(...budget(' before a warning'))
  .option(...dirOption)
  .action(async (file, opts) => {
    const m = await import('./locales');
    m.withUsageErrors(() => m.localesImportCommand(file, opts));
  });

// ---- organizers: feedback, people, shifts, campaigns --------------------------------------------

const feedback = program.command('feedback').description('what people said: exports, the Slack digest, engagement by community');
feedback
  .command('export')
  .description('feedback as CSV (safe to open in a spreadsheet) or JSON')
  .option('--since <when>', 'a date (2030-06-01, local midnight), a date-time with zone, or a duration back (7d)', '30d')
  .option('--until <when>', 'end of the window (default: now)')
  .option('--format <format>', 'csv or json', 'csv')
  .option('--flow <flow>', 'only this flow')
  .option('--topic <topic>', 'only this topic tag')
  .option('--language <code>', 'only answers in this language')
  .option('--channel <channel>', 'only answers on this channel')
  .option('--out <file>', 'write to this file instead of stdout')
  .action(async (opts) => orFail((await import('./feedback')).feedbackExport(io(), opts)));
feedback
  .command('digest')
  .description('show the organizers digest as it would be posted now')
  .option('--post', 'post it to DIGEST_CHANNEL now')
  .action(async (opts) => orFail((await import('./feedback')).feedbackDigest(io(), opts)));
feedback
  .command('engagement')
  .description('replies, completion and opt-out rates per language and channel: who is being left out')
  .option('--since <when>', 'start of the window', '30d')
  .option('--until <when>', 'end of the window (default: now)')
  .option('--json', 'JSON instead of a table')
  .action(async (opts) => orFail((await import('./feedback')).feedbackEngagement(io(), opts)));

const questions = program.command('questions').description('what the assistant could not answer (docs/knowledge.md)');
questions
  .command('export')
  .description('unanswered questions, grouped per language so the most-asked missing topics come first: CSV (safe to open in a spreadsheet) or JSON')
  .option('--since <when>', 'a date (2030-06-01, local midnight), a date-time with zone, or a duration back (7d)', '30d')
  .option('--until <when>', 'end of the window (default: now)')
  .option('--format <format>', 'csv or json', 'csv')
  .option('--language <code>', 'only this language')
  .option('--out <file>', 'write to this file instead of stdout')
  .action(async (opts) => orFail((await import('./questions')).questionsExport(io(), opts)));

const contact = program.command('contact').description("a person's data: export it, or forget them");
contact
  .command('export <who>')
  .description('everything stored about a person, as JSON (<who>: contact id, phone number, or channel:address)')
  .option('--out <file>', 'write to this file (readable by you only) instead of stdout')
  .action(async (who: string, opts) => orFail((await import('./contact')).contactExport(io(), who, opts)));
contact
  .command('forget <who>')
  .description('erase a person (messages, feedback text, addresses); keeps an anonymous opt-out so they are never messaged again')
  .option('--yes', 'really erase (without it, only show what would be erased)')
  .action(async (who: string, opts) =>
    orFail(
      (await import('./contact')).contactForget(io(), who, opts).then((done) => {
        if (!done) process.exitCode = 1;
      }),
    ),
  );

const contacts = program.command('contacts').description('people to reach: import them with their consent');
contacts
  .command('import <file>')
  .description('import a contacts CSV (phone or telegram_id, name, language, state, zip, tags, consent_source, consent_date); all or nothing')
  .option('--attest <who>', 'who attests that the people with a consent source and date opted in (required for those rows)')
  .option('--dry-run', 'check the file and count, write nothing')
  .option('--json', 'the report as JSON')
  .action(async (file, opts) => {
    const report = await (await import('./contacts')).contactsImport(io(), file, opts);
    if (!report.ok) process.exitCode = 1;
  });

const shifts = program.command('shifts').description('volunteer shifts: import, list, export, move, cancel, sign up by phone');
const shift = () => import('./shifts');
shifts
  .command('import <file>')
  .description('create or update shifts from a CSV file (see docs/channels/slack.md)')
  .option('--timezone <zone>', 'zone of times without one (default DEFAULT_TIMEZONE)')
  .option('--dry-run', 'check the file only')
  .action(async (file, opts) => (await shift()).shiftsImportCommand(file, opts));
shifts
  .command('list')
  .description('upcoming shifts with their sign-ups')
  .option('--all', 'past and cancelled ones too')
  .option('--json', 'as JSON')
  .action(async (opts) => (await shift()).shiftsListCommand(opts));
shifts
  .command('export')
  .description('the schedule as CSV (importable again), or the rosters')
  .option('--out <file>', 'write to a file instead of stdout')
  .option('--signups', 'one row per sign-up')
  .option('--all', 'every shift, not just the last 30 days and ahead')
  .option('--show-phones', 'full phone numbers in rosters (masked by default)')
  .action(async (opts) => (await shift()).shiftsExportCommand(opts));
shifts
  .command('move <id>')
  .description('give a shift a new time; its reminders move with it')
  .requiredOption('--start <datetime>', '"2030-06-04 09:00" in the shift\'s zone')
  .requiredOption('--end <datetime>', 'the new end')
  .action(async (id, opts) => (await shift()).shiftsMoveCommand(id, opts));
shifts
  .command('cancel <id>')
  .description('cancel a shift: none of its reminders will be sent')
  .option('--delete', 'delete it and its sign-ups instead')
  .action(async (id, opts) => (await shift()).shiftsCancelCommand(id, opts));
shifts
  .command('signup <id>')
  .description('sign up a volunteer without Slack (reminders by SMS)')
  .requiredOption('--phone <number>', 'their mobile number')
  .option('--name <name>', 'their name')
  .option('--lang <code>', 'their language')
  .option('--waitlist', 'if the shift is full, put them on its waitlist')
  .action(async (id, opts) => (await shift()).shiftsSignupCommand(id, opts));

const campaign = program.command('campaign').description('registration nudges, education series, announcements (docs/campaigns.md)');
const campaigns = () => import('./campaign');
campaign
  .command('create <file>')
  .description('save a campaign definition (YAML) as a draft')
  .action(async (file) => (await campaigns()).campaignCreate(io(), file));
campaign
  .command('list')
  .description('every campaign and its state')
  .option('--json', 'as JSON')
  .action(async (opts) => (await campaigns()).campaignList(io(), opts));
campaign
  .command('preview <id>')
  .description('audience per language and channel, rendered texts, SMS segments and cost (an id or a YAML file)')
  .option('--json', 'as JSON')
  .action(async (id, opts) => void (await (await campaigns()).campaignPreview(io(), id, opts)));
campaign
  .command('launch <id>')
  .description('start sending (again: safe, nobody gets it twice)')
  .option('--rehearsal', 'without an SMS provider: every message goes through the pipeline and is recorded, never sent')
  .action(async (id, opts) => (await campaigns()).campaignLaunch(io(), id, opts));
campaign
  .command('pause <id>')
  .description('stop sending; messages not sent yet are held')
  .option('--reason <text>', 'shown in status')
  .action(async (id, opts) => (await campaigns()).campaignPause(io(), id, opts));
campaign
  .command('resume <id>')
  .description('send the held messages and go on')
  .action(async (id) => (await campaigns()).campaignResume(io(), id));
campaign
  .command('status <id>')
  .description('progress: sent, delivered, failed, suppressed, replies')
  .option('--json', 'as JSON')
  .action(async (id, opts) => void (await (await campaigns()).campaignStatusCommand(io(), id, opts)));

// ---- console accounts --------------------------------------------------------------------------

const users = program.command('users').description('console accounts: add, list, disable, enable, reset a password');
const consoleCli = () => import('./users');
const usersIo = async () => ({ config: (await import('../config')).loadConfig(), out: (t: string) => void process.stdout.write(t) });
users
  .command('add <email>')
  .description('add a console account (asks for its password, or reads it from stdin with --password-stdin)')
  .requiredOption('--role <role>', 'what it may do: admin | organizer | agent')
  .option('--name <name>', 'the name shown in the console (default: the start of the e-mail address)')
  .option('--password-stdin', 'read the password from standard input instead of asking')
  .action(async (email: string, opts: { role: string; name?: string; passwordStdin?: boolean }) => {
    const cli = await consoleCli();
    await cli.usersAdd(await usersIo(), email, { role: opts.role, name: opts.name, password: await cli.newPassword(opts) });
  });
users
  .command('list')
  .description('every console account, its role and status')
  .option('--json', 'as JSON')
  .action(async (opts: { json?: boolean }) => (await consoleCli()).usersList(await usersIo(), opts));
for (const action of ['disable', 'enable'] as const) {
  users
    .command(`${action} <email>`)
    .description(action === 'disable' ? 'stop an account from signing in; its sessions end at once' : 'let a disabled account sign in again')
    .action(async (email: string) => (await consoleCli()).usersSetStatus(await usersIo(), email, action));
}
users
  .command('reset-password <email>')
  .description('set a new password (asked, or --password-stdin); the account is signed out everywhere')
  .option('--password-stdin', 'read the password from standard input instead of asking')
  .action(async (email: string, opts: { passwordStdin?: boolean }) => {
    const cli = await consoleCli();
    await cli.usersResetPassword(await usersIo(), email, await cli.newPassword(opts));
  });

// ---- development -------------------------------------------------------------------------------

/** What bench/cli.ts offers (the benchmarks are outside src/, and use the test helpers and the devDependencies). */
interface BenchCli {
  benchCommand(opts: { quick?: boolean; only?: string; write?: boolean }): Promise<void>;
}

program
  .command('bench')
  .description('run the benchmarks (bench/, docs/benchmarks.md) against real Redis and PostgreSQL; needs the devDependencies')
  .option('--quick', 'shorter runs and smaller audiences: the whole suite in a few minutes on 2 cores')
  .option('--only <names>', 'comma-separated benchmark names')
  .option('--write', 'write docs/benchmarks.md (default: print only)')
  .action(async (opts) => {
    // bench/ is TypeScript outside src/, not compiled into dist/: tsx's ESM hooks run it. A native
    // import() (the build turns import() into require(), which takes neither the hooks nor a file
    // URL), of a path, not a module name: src/ never imports bench/ (a production install has no
    // devDependencies).
    const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
    ((await nativeImport('tsx/esm/api')) as { register(): void }).register();
    const loaded = (await nativeImport(pathToFileURL(join(__dirname, '..', '..', 'bench', 'cli.ts')).href)) as BenchCli & { default?: BenchCli };
    const bench = loaded.default ?? loaded; // a CommonJS module's exports arrive as the default export
    await bench.benchCommand(opts);
  });

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
