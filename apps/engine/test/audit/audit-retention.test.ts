import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestDatabase } from '@osprey/testing';
import { AuditLog, AuditSealer, Database, verifyAuditChain, type AuditEntryInput } from '@osprey/store';
import { freshDatabase } from '../support/engine-harness';

const CLI = join(__dirname, '../../src/audit-verify.js');

const entry = (operation: string): AuditEntryInput => ({
  actorKind: 'api-key',
  actorId: 'batch',
  operation,
  targets: {},
  summary: null,
  outcome: 'SUCCEEDED',
  status: 200,
  ip: '10.0.0.1',
  userAgent: null,
  requestId: null,
});

describe('audit retention and the verify command', () => {
  let testDb: TestDatabase;
  let db: Database;
  let log: AuditLog;
  let sealer: AuditSealer;

  before(async () => {
    testDb = await freshDatabase('audit_retention');
    db = await Database.connect({ kind: 'server', url: testDb.url, poolSize: 2 });
    log = new AuditLog(db);
    sealer = new AuditSealer(db);
  });
  after(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const sealAll = async () => {
    const end = Date.now() + 10_000;
    while ((await verifyAuditChain(db)).unsealed > 0) {
      if (Date.now() > end) throw new Error('Timed out waiting for every entry to be sealed');
      await sealer.seal();
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  // Given three old entries and two recent ones, all sealed.

  before(async () => {
    const old = [await log.record(entry('POST /old/1')), await log.record(entry('POST /old/2')), await log.record(entry('POST /old/3'))];
    await db.rows(`UPDATE audit_entry SET occurred_at = now() - interval '40 days' WHERE id = ANY($1::bigint[])`, [old]);
    await log.record(entry('POST /new/1'));
    await log.record(entry('POST /new/2'));
    await sealAll();
    assert.deepEqual(await verifyAuditChain(db).then((v) => [v.valid, v.checked]), [true, 5]);
  });

  it('retention deletes the old prefix behind a checkpoint, and the chain still verifies', async () => {
    // when
    assert.equal(await sealer.retain(30), 3);
    // then
    const rows = await db.rows<{ seq: string; kind: string; summary: any }>(
      `SELECT s.seq::text AS seq, e.kind, e.summary FROM audit_entry e LEFT JOIN audit_seal s ON s.entry_id = e.id ORDER BY s.seq`,
    );
    assert.deepEqual(rows.map((r) => [r.seq, r.kind]), [['4', 'REQUEST'], ['5', 'REQUEST'], ['6', 'RETENTION']]);
    assert.equal(rows[2]!.summary.deletedThroughSeq, '3');
    const result = await verifyAuditChain(db);
    assert.equal(result.valid, true, JSON.stringify(result));
    assert.equal(result.checked, 3);
  });

  it('the command prints a valid verification and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI], { env: { ...process.env, DATABASE_URL: testDb.url } });
    assert.equal(JSON.parse(stdout).valid, true);
  });

  it('the command exits 1 when an entry is deleted without retention', async () => {
    // given the entry at seq 5 deleted together with its seal, as someone covering their tracks would
    await db.rows(`WITH gone AS (DELETE FROM audit_seal WHERE seq = 5 RETURNING entry_id) DELETE FROM audit_entry WHERE id IN (SELECT entry_id FROM gone)`);
    // when
    const failed = await promisify(execFile)(process.execPath, [CLI], { env: { ...process.env, DATABASE_URL: testDb.url } }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    // then
    assert.equal(failed?.code, 1);
    assert.equal(JSON.parse(failed!.stdout).firstInvalid.seq, '6');
  });
});
