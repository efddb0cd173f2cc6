import type { Database, Sql } from '../database';
import { AUDIT_COLUMNS, AUDIT_FROM, entryHash, GENESIS_HASH, type AuditEntry } from './audit-chain';
import { auditScope } from './audit-scope';

/** Advisory lock key of the sealer ("AUDSEAL" in ASCII): one sealer at a time across replicas. */
const SEALER_LOCK = 0x415544_5345414c;

/** Longest run of hashing between two turns of the event loop, in ms. */
const HASH_SLICE_MS = 1;

/** The chain's last seal: where the next one links, and where the sealer's work list starts. */
interface Tip {
  readonly seq: string;
  readonly hash: string;
  /** Every entry of a transaction before this one is sealed (xid8, as text). */
  readonly through: string;
}

/**
 * Chains audit entries after the fact (docs/adr/0003-audit-log.md). Writers insert entries
 * unchained so commands never wait for each other on the chain; one sealer at a time (an
 * advisory lock) appends a seal per entry to `audit_seal`: a dense `seq` and
 * `hash = sha256(prev_hash || canonical_json)`. Entries themselves are never updated
 * (docs/adr/0033-audit-seals-appended.md).
 */
export class AuditSealer {
  constructor(private readonly db: Database) {}

  /**
   * Seals up to `limit` entries in the order of their transactions, of those no running
   * transaction can still precede. Returns how many it sealed (0 when another sealer holds the
   * lock).
   */
  async seal(limit = 500): Promise<number> {
    return auditScope.exit(() =>
      this.db.transaction(async (sql) => {
        if (!(await this.lock(sql))) return 0;
        const tip = await this.tip(sql);
        // Below the snapshot's xmin a transaction has ended, and none can begin there any more:
        // the entries of such transactions are all there is, and they are sealed in xid order.
        // Entries of the tip's own transaction may be left (a batch ends at `limit`); the
        // anti-join skips what is sealed, including retention checkpoints.
        const ready = await sql.rows<AuditEntry & { xid: string }>(
          `SELECT ${AUDIT_COLUMNS}, e.xid::text AS xid FROM ${AUDIT_FROM}
            WHERE e.xid >= $1::xid8 AND e.xid < pg_snapshot_xmin(pg_current_snapshot()) AND s.entry_id IS NULL
            ORDER BY e.xid, e.id LIMIT $2`,
          [tip.through, limit],
        );
        if (ready.length === 0) return 0;
        await this.chain(sql, ready, tip, (entry) => entry.xid);
        return ready.length;
      }),
    );
  }

  /**
   * Deletes sealed entries older than `days` — a prefix of the chain, by `seq` — with their
   * seals, and appends a sealed `RETENTION` checkpoint that carries the last deleted entry's
   * `seq` and hash, so the remaining chain still verifies. Returns how many entries it deleted.
   */
  async retain(days: number): Promise<number> {
    return auditScope.exit(() =>
      this.db.transaction(async (sql) => {
        if (!(await this.lock(sql))) return 0;
        const [last] = await sql.rows<{ seq: string; hash: string }>(
          `SELECT s.seq::text AS seq, s.hash FROM ${AUDIT_FROM}
            WHERE s.seq IS NOT NULL AND e.occurred_at < now() - ($1::int * interval '1 day')
            ORDER BY s.seq DESC LIMIT 1`,
          [days],
        );
        if (!last) return 0;
        // Read before deleting: when every sealed entry is old, the checkpoint follows the deleted tip.
        const tip = await this.tip(sql);
        const deleted = await sql.exec(`DELETE FROM audit_entry e USING audit_seal s WHERE s.entry_id = e.id AND s.seq <= $1::bigint`, [last.seq]);
        await sql.exec(`DELETE FROM audit_seal WHERE seq <= $1::bigint`, [last.seq]);
        // Read back as an entry (no seal yet: `s` joins nothing).
        const [checkpoint] = await sql.rows<AuditEntry>(
          `WITH e AS (
             INSERT INTO audit_entry (kind, actor_kind, operation, summary, outcome)
             VALUES ('RETENTION', 'system', 'RETENTION', $1::jsonb, 'SUCCEEDED')
             RETURNING *)
           SELECT ${AUDIT_COLUMNS} FROM e LEFT JOIN audit_seal s ON s.entry_id = e.id`,
          [JSON.stringify({ deletedThroughSeq: last.seq, lastDeletedHash: last.hash, deletedCount: deleted, retentionDays: days })],
        );
        // Sealed now, out of xid order: the work list goes on from where it was.
        await this.chain(sql, [checkpoint!], tip, () => tip.through);
        return deleted;
      }),
    );
  }

  private async lock(sql: Sql): Promise<boolean> {
    const [row] = await sql.rows<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS ok`, [String(SEALER_LOCK)]);
    return row!.ok;
  }

  /** The last seal, or the chain's start (seq 0, the genesis hash, every transaction) when there is none. */
  private async tip(sql: Sql): Promise<Tip> {
    // Qualified: a bare `seq` would order by the text output column ('9' after '12').
    const [tip] = await sql.rows<Tip>(`SELECT seq::text AS seq, hash, through_xid::text AS through FROM audit_seal ORDER BY audit_seal.seq DESC LIMIT 1`);
    return tip ?? { seq: '0', hash: GENESIS_HASH, through: '0' };
  }

  /** Appends seals of `entries`, in order, after `tip`; `through` gives each seal's work-list position. */
  private async chain<E extends AuditEntry>(sql: Sql, entries: readonly E[], tip: Tip, through: (entry: E) => string): Promise<void> {
    let seq = BigInt(tip.seq);
    let prev = tip.hash;
    const ids: string[] = [];
    const seqs: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    const throughs: string[] = [];
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
      throughs.push(through(entry));
      prev = hash;
    }
    await sql.exec(
      `INSERT INTO audit_seal (entry_id, seq, prev_hash, hash, through_xid)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::xid8[])`,
      [ids, seqs, prevs, hashes, throughs],
    );
  }
}
