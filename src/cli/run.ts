import 'dotenv/config';
import { loadConfig } from '../config';
import { startSystem } from '../app/system';

/** Starts the system and keeps it running until SIGINT/SIGTERM, then stops it cleanly. */
export async function runCommand(parts: { web: boolean; workers: boolean }): Promise<void> {
  const config = loadConfig();
  const system = await startSystem({ config, ...parts });
  if (system.url) {
    const shown = system.url.replace('127.0.0.1', 'localhost');
    const consoleLines = await require('../console/first-admin').consoleBanner(system.runtime, system.url);
    const simulator = system.runtime.channels.has('web') ? `  Simulator: ${shown}/simulator\n` : '';
    process.stdout.write(`\ncivic-engage is running.\n${simulator}  Health:    ${shown}/healthz\n${consoleLines}Press Ctrl+C to stop.\n\n`);
  } else process.stdout.write('\ncivic-engage workers are running. Press Ctrl+C to stop.\n\n');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
