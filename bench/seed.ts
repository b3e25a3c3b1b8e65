/**
 * Seeding contacts for the benchmarks through the real import (src/contacts/import.ts: multi-row
 * inserts of 500, one transaction): each contact has a phone, a language, a state, the `bench`
 * tag and an attested opt-in, as an organizer's file would give them. Seeded databases are kept
 * for the rest of the run (the fan-out and scale-out benchmarks share them) and dropped at the end.
 */
import { Readable } from 'node:stream';
import { freshDatabase, type FreshDatabase } from '../test/helpers/postgres';
import { importContacts } from '../src/contacts/import';
import { openDb } from '../src/store/db';
import { phoneNumber } from './phones';
import { benchServices } from './services';

/** The states of the seeded contacts (the benchmarks' election data has every fact for each). */
export const SEED_STATES = ['NY', 'CA', 'TX'];

/** A seeded database: its URL, how many contacts and how long the import took. */
export interface Seeded {
  db: FreshDatabase;
  contacts: number;
  importSeconds: number;
}

function* csvLines(n: number): Generator<string> {
  yield 'phone,language,state,tags,consent_source,consent_date\n';
  for (let i = 0; i < n; i++) yield `${phoneNumber(i)},${i % 3 === 0 ? 'es' : 'en'},${SEED_STATES[i % 3]},bench,signup form,2025-05-01\n`;
}

/** Imports `n` contacts into a database (which the caller opened); returns the seconds it took. */
export async function importBenchContacts(databaseUrl: string, n: number): Promise<number> {
  const db = await openDb({ databaseUrl, dataDir: ':memory:' });
  try {
    const started = Date.now();
    const report = await importContacts({ db: db.kysely, config: {}, languages: ['en', 'es'], now: () => new Date() }, Readable.from(csvLines(n)), { fileName: 'bench.csv', attestedBy: 'Bench Organizer' });
    if (!report.ok || report.created !== n) throw new Error(`seeding ${n} contacts failed: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 3) })}`);
    return (Date.now() - started) / 1000;
  } finally {
    await db.close();
  }
}

const cache = new Map<number, Promise<Seeded>>();

/** A database with `n` seeded contacts, created once per run and size. */
export function seededDatabase(n: number): Promise<Seeded> {
  let seeded = cache.get(n);
  if (!seeded) {
    seeded = (async () => {
      await benchServices();
      const db = await freshDatabase();
      try {
        return { db, contacts: n, importSeconds: await importBenchContacts(db.url, n) };
      } catch (err) {
        await db.drop();
        throw err;
      }
    })();
    cache.set(n, seeded);
  }
  return seeded;
}

/** Drops every database seeded in this run. */
export async function dropSeeded(): Promise<void> {
  for (const seeded of cache.values()) await (await seeded.catch(() => undefined))?.db.drop();
  cache.clear();
}
