import type { Database, Sql } from '../database';
import { AUDIT_COLUMNS, entryHash, GENESIS_HASH, type AuditEntry } from './audit-chain';
import { auditScope } from './audit-scope';

/** Advisory lock key of the sealer ("AUDSEAL" in ASCII): one sealer at a time across replicas. */
const SEALER_LOCK = 0x415544_5345414c;

/** Longest run of hashing between two turns of the event loop, in ms. */
const HASH_SLICE_MS = 1;

/**
 * Chains audit entries after the fact (docs/adr/0003-audit-log.md). Writers insert entries
 * unchained so commands never wait for each other on the chain; one sealer at a time (an
 * advisory lock) gives them a dense `seq` and `hash = sha256(prev_hash || canonical_json)`.
 */
export class AuditSealer {
  constructor(private readonly db: Database) {}

  /**
   * Seals up to `limit` entries in id order, stopping at the first whose transaction might still
   * be preceded by a running one. Returns how many it sealed (0 when another sealer holds the lock).
   */
  async seal(limit = 500): Promise<number> {
    return auditScope.exit(() =>
      this.db.transaction(async (sql) => {
        if (!(await this.lock(sql))) return 0;
        // `safe`: the inserting transaction is older than every transaction still running
        // (below the snapshot's xmin), so nothing still in flight was begun before it.
        const pending = await sql.rows<AuditEntry & { safe: boolean }>(
          `SELECT ${AUDIT_COLUMNS}, xid < pg_snapshot_xmin(pg_current_snapshot()) AS safe
             FROM audit_entry WHERE seq IS NULL ORDER BY audit_entry.id LIMIT $1`,
          [limit],
        );
        const ready: AuditEntry[] = [];
        for (const entry of pending) {
          if (!entry.safe) break;
          ready.push(entry);
        }
        if (ready.length === 0) return 0;
        await this.chain(sql, ready, await this.tip(sql));
        return ready.length;
      }),
    );
  }

  /**
   * Deletes sealed entries older than `days` — a prefix of the chain, by `seq` — and writes a
   * sealed `RETENTION` checkpoint that carries the last deleted entry's `seq` and hash, so the
   * remaining chain still verifies. Returns how many entries it deleted.
   */
  async retain(days: number): Promise<number> {
    return auditScope.exit(() =>
      this.db.transaction(async (sql) => {
        if (!(await this.lock(sql))) return 0;
        const [last] = await sql.rows<{ seq: string; hash: string }>(
          `SELECT seq::text AS seq, hash FROM audit_entry
            WHERE seq IS NOT NULL AND occurred_at < now() - ($1::int * interval '1 day')
            ORDER BY audit_entry.seq DESC LIMIT 1`,
          [days],
        );
        if (!last) return 0;
        // Read before deleting: when every sealed entry is old, the checkpoint follows the deleted tip.
        const tip = await this.tip(sql);
        const deleted = await sql.exec(`DELETE FROM audit_entry WHERE seq <= $1::bigint`, [last.seq]);
        const [checkpoint] = await sql.rows<AuditEntry>(
          `INSERT INTO audit_entry (kind, actor_kind, operation, summary, outcome)
           VALUES ('RETENTION', 'system', 'RETENTION', $1::jsonb, 'SUCCEEDED')
           RETURNING ${AUDIT_COLUMNS}`,
          [JSON.stringify({ deletedThroughSeq: last.seq, lastDeletedHash: last.hash, deletedCount: deleted, retentionDays: days })],
        );
        await this.chain(sql, [checkpoint!], tip);
        return deleted;
      }),
    );
  }

  private async lock(sql: Sql): Promise<boolean> {
    const [row] = await sql.rows<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS ok`, [String(SEALER_LOCK)]);
    return row!.ok;
  }

  /** The last sealed entry, or the chain's start (seq 0, the genesis hash) when none is. */
  private async tip(sql: Sql): Promise<{ seq: string; hash: string }> {
    const [tip] = await sql.rows<{ seq: string; hash: string }>(`SELECT seq::text AS seq, hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY audit_entry.seq DESC LIMIT 1`);
    return tip ?? { seq: '0', hash: GENESIS_HASH };
  }

  /** Appends `entries` to the chain, in order, after `tip`. */
  private async chain(sql: Sql, entries: AuditEntry[], tip: { seq: string; hash: string }): Promise<void> {
    let seq = BigInt(tip.seq);
    let prev = tip.hash;
    const ids: string[] = [];
    const seqs: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    let slice = performance.now();
    for (const entry of entries) {
      // Hashing costs about 40 µs an entry and a full batch is 500: give the event loop back every
      // millisecond or so, so that requests never wait behind the sealer for more than that.
      if (performance.now() - slice > HASH_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      seq += 1n;
      const hash = entryHash(prev, entry, seq.toString());
      ids.push(entry.id);
      seqs.push(seq.toString());
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await sql.exec(
      `UPDATE audit_entry e SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash, sealed_at = now()
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s(id, seq, prev_hash, hash)
        WHERE e.id = s.id`,
      [ids, seqs, prevs, hashes],
    );
  }
}
