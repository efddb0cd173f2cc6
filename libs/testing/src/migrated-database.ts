import { Database, SCHEMA_FINGERPRINT } from '@osprey/store';
import { createTestDatabase, type TestDatabase } from './postgres-template';

/**
 * A fresh PostgreSQL database for one test file, cloned from a template with every migration
 * applied. The template is named after the migrations' source (`SCHEMA_FINGERPRINT`), so it is
 * rebuilt when they change and shared by every suite. Needs `DATABASE_URL`.
 */
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
    SCHEMA_FINGERPRINT,
  );
}
