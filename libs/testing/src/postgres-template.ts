import { Client } from 'pg';

/**
 * One PostgreSQL database per test file, cloned from a migrated template: migrations run once
 * per test run (when the template is missing or stale), each clone takes ~100 ms, and tests
 * never see each other's rows. Needs `DATABASE_URL` pointing at a role with CREATEDB.
 */
export interface TestDatabase {
  /** URL of the fresh database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/** The server URL tests run against. @throws when DATABASE_URL is not set */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Expected DATABASE_URL to point at a PostgreSQL server (npm test sets it through scripts/services)');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh database cloned from the template `templateName`, building the template
 * with `migrate(url)` first when it does not exist yet. `version` names the schema version so
 * a stale template from an older checkout is rebuilt.
 */
export async function createTestDatabase(
  prefix: string,
  migrate: (url: string) => Promise<void>,
  version: string,
): Promise<TestDatabase> {
  const template = `osprey_tpl_${version.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`.slice(0, 60);
  await admin(async (c) => {
    // Test files may run in parallel processes: one builds the template, the others wait.
    await c.query(`SELECT pg_advisory_lock(hashtext('osprey-test-template'))`);
    try {
      const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
      if (!rowCount) {
        await c.query(`CREATE DATABASE "${template}"`);
        try {
          await migrate(withDatabase(serverUrl(), template));
        } catch (error) {
          await c.query(`DROP DATABASE IF EXISTS "${template}"`);
          throw error;
        }
      }
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext('osprey-test-template'))`);
    }
  });
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase().slice(0, 30)}_${process.pid}_${Date.now() % 1e8}`;
  await admin(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext('osprey-test-template'))`);
    try {
      await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext('osprey-test-template'))`);
    }
  });
  return {
    url: withDatabase(serverUrl(), name),
    name,
    drop: () => dropDatabase(name),
  };
}

/**
 * Drops a test database. `WITH (FORCE)` ends the test's leftover client connections; an
 * autovacuum worker busy on the database is not ours to terminate, so a drop that races one is
 * retried after a moment.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
