import type { Database } from '../database';

/**
 * The `webhook_delivery` table: signatures already accepted, kept until their timestamp has
 * left the window, so a replay is refused by whichever replica it reaches.
 */
export class WebhookDeliveriesRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records a delivery; false when the same signature was already accepted (a replay).
   * The primary key settles two replicas racing on one delivery: exactly one insert wins.
   * The row is kept `keepSeconds` after `timestamp` (epoch seconds): the signature window plus slack.
   */
  async claim(webhookName: string, signature: string, timestamp: number, keepSeconds: number): Promise<boolean> {
    // claim_webhook_delivery: an expired row (not yet purged) may be claimed again — its
    // timestamp has left the window, so the signature check refused any replay of it already.
    const rows = await this.db.rows(
      `INSERT INTO webhook_delivery (webhook_name, signature, expires_at)
       VALUES ($1, $2, to_timestamp($3::bigint + $4::int))
       ON CONFLICT (webhook_name, signature) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE webhook_delivery.expires_at < now()
       RETURNING 1 AS claimed`,
      [webhookName, signature, timestamp, keepSeconds],
    );
    return rows.length > 0;
  }

  /** Forgets a claimed delivery whose message could not be published, so the sender may retry it. */
  async release(webhookName: string, signature: string): Promise<void> {
    await this.db.rows(`DELETE FROM webhook_delivery WHERE webhook_name = $1 AND signature = $2 RETURNING 1`, [webhookName, signature]);
  }

  /** Drops expired rows (an index range scan on expires_at); returns how many. */
  async purge(limit = 1000): Promise<number> {
    const rows = await this.db.rows(
      `DELETE FROM webhook_delivery WHERE ctid IN (SELECT ctid FROM webhook_delivery WHERE expires_at < now() LIMIT $1) RETURNING 1`,
      [limit],
    );
    return rows.length;
  }
}
