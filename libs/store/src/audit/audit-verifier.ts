import type { Database } from '../database';
import { AUDIT_COLUMNS, entryHash, GENESIS_HASH, type AuditEntry } from './audit-chain';

/** The answer of {@link verifyAuditChain}. */
export interface AuditVerification {
  /** True when every sealed entry hashes to its stored hash and links to the one before. */
  readonly valid: boolean;
  /** Sealed entries checked. */
  readonly checked: number;
  /** Entries not sealed yet (not covered by the chain). */
  readonly unsealed: number;
  /** The last sealed entry: keep it outside the database to detect truncation of the tail. */
  readonly tip?: { readonly seq: string; readonly hash: string };
  /** The first entry that breaks the chain, and why. */
  readonly firstInvalid?: { readonly id: string; readonly seq: string; readonly reason: string };
}

const PAGE = 1000;

/**
 * Recomputes the hash chain over every sealed entry in `seq` order, 1,000 rows per query. An
 * edited entry no longer hashes to its stored hash; a deleted one leaves a gap in `seq` and a
 * broken `prev_hash` link. The chain starts at seq 1 from the genesis hash, or — after
 * retention — at the seq after a `RETENTION` checkpoint's `deletedThroughSeq`, from its
 * `lastDeletedHash`.
 */
export async function verifyAuditChain(db: Database): Promise<AuditVerification> {
  // Entries without a seal are all at or after the sealer's position (the tip's through_xid).
  const [{ unsealed }] = (await db.rows<{ unsealed: number }>(
    `SELECT count(*)::int AS unsealed FROM audit_entry e
      WHERE e.xid >= COALESCE((SELECT through_xid FROM audit_seal ORDER BY seq DESC LIMIT 1), '0'::xid8)
        AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)`,
  )) as [{ unsealed: number }];
  const start = await chainStart(db);
  let expectedSeq = start.seq;
  let prev = start.hash;
  let checked = 0;
  let last: AuditEntry | undefined;
  for (;;) {
    // Seals in chain order with their entries; a seal whose entry is gone still comes (RIGHT JOIN).
    const rows = await db.rows<Omit<AuditEntry, 'id'> & { id: string | null; entryId: string }>(
      `SELECT ${AUDIT_COLUMNS}, s.entry_id::text AS "entryId"
         FROM audit_entry e RIGHT JOIN audit_seal s ON s.entry_id = e.id
        WHERE s.seq >= $1::bigint ORDER BY s.seq LIMIT ${PAGE}`,
      [expectedSeq.toString()],
    );
    for (const row of rows) {
      const seq = BigInt(row.seq!);
      const broken = (reason: string): AuditVerification => ({ valid: false, checked, unsealed, firstInvalid: { id: row.entryId, seq: row.seq!, reason } });
      if (row.id === null) return broken(`Expected entry ${row.entryId} at seq ${seq}, but it was deleted after sealing`);
      const entry = row as AuditEntry;
      if (seq !== expectedSeq) {
        return broken(`Expected seq ${expectedSeq} after seq ${expectedSeq - 1n}, but found seq ${seq}: ${seq - expectedSeq} entr${seq - expectedSeq === 1n ? 'y was' : 'ies were'} deleted before entry ${entry.id}`);
      }
      if (entry.prevHash !== prev) return broken(`Expected prev_hash ${prev}, but found ${entry.prevHash}: the entry before it was changed or deleted`);
      const hash = entryHash(prev, entry, entry.seq!);
      if (hash !== entry.hash) return broken(`Expected the entry to hash to its stored hash ${entry.hash}, but it hashes to ${hash}: it was changed after sealing`);
      checked++;
      expectedSeq = seq + 1n;
      prev = hash;
      last = entry;
    }
    if (rows.length < PAGE) break;
  }
  return { valid: true, checked, unsealed, tip: last ? { seq: last.seq!, hash: last.hash! } : undefined };
}

/** Where the chain must begin: seq 1 from genesis, or where the newest retention checkpoint says. */
async function chainStart(db: Database): Promise<{ seq: bigint; hash: string }> {
  const [checkpoint] = await db.rows<{ through: string; hash: string }>(
    `SELECT e.summary->>'deletedThroughSeq' AS through, e.summary->>'lastDeletedHash' AS hash
       FROM audit_entry e JOIN audit_seal s ON s.entry_id = e.id WHERE e.kind = 'RETENTION' ORDER BY s.seq DESC LIMIT 1`,
  );
  if (!checkpoint) return { seq: 1n, hash: GENESIS_HASH };
  return { seq: BigInt(checkpoint.through) + 1n, hash: checkpoint.hash };
}
