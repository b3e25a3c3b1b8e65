import type { Migration, MigrationProvider } from 'kysely';
import { migration as core } from './0001-core';

/**
 * The schema, as ordered migrations, one file each. The same migrations run on PostgreSQL and on
 * embedded PGlite. Add a file and a line here; never edit a migration that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_core': core,
};

/** Kysely's migration provider over the list above. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
