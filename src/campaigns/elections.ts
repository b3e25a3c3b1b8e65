/** The election data as campaigns use it: loaded from ELECTIONS_FILE, or null when it is absent or invalid. */
import { existsSync } from 'node:fs';
import { electionData, type ElectionData } from '../elections/data';
import type { Runtime } from '../runtime/runtime';

const warned = new Set<string>();

/**
 * The election data, or null (logged once) when the file is missing or invalid: messages that need
 * an election fact are then skipped rather than sent with a blank, and launches that need it refuse.
 */
export function electionsFor(rt: Pick<Runtime, 'config' | 'log'>): ElectionData | null {
  const path = rt.config.ELECTIONS_FILE;
  try {
    if (!existsSync(path)) throw new Error(`${path} does not exist`);
    return electionData(path);
  } catch (err) {
    if (!warned.has(path)) {
      warned.add(path);
      rt.log.warn({ err: (err as Error).message }, 'election data unavailable: campaign messages that need it are skipped');
    }
    return null;
  }
}

/** The election data, or an error saying what is wrong with the file. */
export function requireElections(rt: Pick<Runtime, 'config'>): ElectionData {
  const path = rt.config.ELECTIONS_FILE;
  if (!existsSync(path)) throw new Error(`the election data file ${path} does not exist (ELECTIONS_FILE)`);
  return electionData(path);
}
