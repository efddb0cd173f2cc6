import { createTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database, SCHEMA_FINGERPRINT } from '../../src';

/** A fresh test database named after `name`, with every migration applied (cloned from a template). */
export function migratedTestDatabase(name: string): Promise<TestDatabase> {
  return createTestDatabase(
    name,
    async (url) => {
      const database = await Database.connect({ kind: 'server', url, poolSize: 1 });
      await database.migrate();
      await database.close();
    },
    SCHEMA_FINGERPRINT,
  );
}
