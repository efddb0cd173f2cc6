import { createTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database, SCHEMA_FINGERPRINT } from '@osprey/store';

/**
 * Names the migrated template the test databases are cloned from after the migrations'
 * source, so it is rebuilt when they change and shared with the engine tests.
 */
export const SCHEMA_VERSION = SCHEMA_FINGERPRINT;

/** A fresh, migrated PostgreSQL database for one test file (needs `DATABASE_URL`). */
export function migratedTestDatabase(prefix: string): Promise<TestDatabase> {
  return createTestDatabase(
    prefix,
    async (url) => {
      const db = await Database.connect({ kind: 'server', url, poolSize: 2 });
      try {
        await db.migrate();
      } finally {
        await db.close();
      }
    },
    SCHEMA_VERSION,
  );
}
