import { Command } from 'commander';
import { chatCommand } from './chat';
import { registerContactCommands } from './contact';
import { registerFeedbackCommands } from './feedback';
import { flowsCheckCommand, flowsTestCommand } from './flows';
import { registerLocalesCommands } from './locales';
import { runCommand } from './run';

/** `civic-engage`: the one command-line entry point (npx civic-engage --help). */
const program = new Command('civic-engage').description('Multilingual messaging assistant for community engagement').showHelpAfterError();

program.command('start').description('run the whole system (web server + workers) on its embedded defaults').action(() => runCommand({ web: true, workers: true }));
program.command('web').description('run only the HTTP server (webhooks, simulator); scale workers separately').action(() => runCommand({ web: true, workers: false }));
program.command('worker').description('run only the queue workers (run several against one Redis and PostgreSQL)').action(() => runCommand({ web: false, workers: true }));

program
  .command('chat')
  .description('talk to the flows in this terminal (engine only: nothing is stored or sent)')
  .option('--lang <code>', 'your language (leave out to start at the language menu)')
  .action((opts) => chatCommand(opts));

const flows = program.command('flows').description('check and test the flows in flows/');
flows.command('check').description('validate every flow and the locales; non-zero exit on any error').option('--segment-budget <n>', 'SMS segments a message may take before a warning').action((opts) => flowsCheckCommand(opts));
flows.command('test').description('replay the conversation transcripts in flows/tests/').option('--dir <dir>', 'transcript directory', 'flows/tests').action((opts) => flowsTestCommand(opts));
registerLocalesCommands(program); // locales check | export | import

registerFeedbackCommands(program);
registerContactCommands(program);

require('./shifts').registerShiftsCommands(program); // shifts import | list | export | move | cancel | signup
require('./contacts').registerContactsCommands(program); // contacts import
require('./campaign').registerCampaignCommands(program); // campaign create | list | preview | launch | pause | resume | status
require('./bench').registerBenchCommand(program); // bench [--quick] [--only <names>] [--write]
require('../console/cli').registerUsersCommands(program); // users add | list | disable | enable | reset-password

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
