import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { readSchemaCatalog, schemaBreaks, type SchemaCatalog, type TestDatabase } from '@osprey/testing';
import { freshDatabase } from '../support/engine-harness';

/**
 * During a rolling update or a blue/green switch the previous release's engine runs against the
 * schema this release migrated to. It keeps working as long as the migrations only expand what
 * the previous release knew (docs/operations.md, "Upgrades"). The previous release's schema is
 * recorded in released-schema.json (`scripts/schema-snapshot.mjs` writes it at release time);
 * this spec migrates a database with today's migrations and refuses any change that would break
 * SQL written against the recorded schema.
 */
const released = JSON.parse(readFileSync(join(__dirname, '../../../test/upgrades/released-schema.json'), 'utf8')) as SchemaCatalog;

describe('upgrades: the previous release keeps working on the migrated schema', () => {
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase('upgrade');
  });
  after(async () => {
    await db.drop();
  });

  it('only expands the schema of the previous release', async () => {
    const current = await readSchemaCatalog(db.url);
    assert.deepEqual(schemaBreaks(released, current), []);
  });

  it('names each contracting change a migration could make', async () => {
    // given a migrated database changed the way an expand-only migration never may
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE job DROP COLUMN worker');
      await client.query('ALTER TABLE job ALTER COLUMN error_message SET NOT NULL');
      await client.query('ALTER TABLE variable ALTER COLUMN value TYPE text');
      await client.query("ALTER TABLE process_instance ADD COLUMN region text NOT NULL DEFAULT 'eu'");
      await client.query('ALTER TABLE process_instance ALTER COLUMN region DROP DEFAULT');
      await client.query('ALTER TABLE message_subscription RENAME TO message_wait');
    } finally {
      await client.end();
    }
    // when it is compared with the previous release
    const problems = schemaBreaks(released, await readSchemaCatalog(db.url));
    // then every break is named
    assert.deepEqual(problems.sort(), [
      'column job.error_message became NOT NULL',
      'column job.worker was dropped or renamed',
      'column variable.value changed type from jsonb to text',
      'new column process_instance.region is NOT NULL without a default',
      'table message_subscription was dropped or renamed',
      'unique index message_subscription_pkey changed from "CREATE UNIQUE INDEX ON public.message_subscription USING btree (key)" to "CREATE UNIQUE INDEX ON public.message_wait USING btree (key)"',
    ]);
  });
});
