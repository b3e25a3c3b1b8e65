/**
 * The election facts a conversation may state, from the organizer's data file: for a contact whose
 * state is known, its offices, links and dates in their language. While the file is marked
 * `example: true` (the shipped placeholders) or cannot be read, only the national site is known,
 * so flows say "I don't have checked dates" instead of repeating a placeholder as a fact.
 */
import { existsSync } from 'node:fs';
import { loadElections } from './data';

export type Facts = (vars: Readonly<Record<string, string | number>>, language: string) => Record<string, string>;

/** The national site when no data says otherwise. */
export const DEFAULT_INFO_URL = 'https://vote.gov';

/** Loads the file once and returns the facts function (see the module comment); `problem` says why data is unused. */
export function electionFacts(path: string): { facts: Facts; problem?: string } {
  let data: ReturnType<typeof loadElections> | undefined;
  let problem: string | undefined;
  try {
    if (!existsSync(path)) throw new Error(`${path} does not exist`);
    data = loadElections(path);
    if (data.example) problem = `${path} holds example values (example: true): conversations state no dates from it`;
  } catch (err) {
    problem = (err as Error).message;
  }
  const national = { vote_gov: data?.file.national.info_url ?? DEFAULT_INFO_URL };
  if (!data || data.example) return { facts: () => national, problem };
  const checked = data;
  return { facts: (vars, language) => checked.varsFor(vars.state === undefined ? undefined : String(vars.state), language) };
}
