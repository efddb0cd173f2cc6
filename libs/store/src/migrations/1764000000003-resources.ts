import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deployed resources that are neither processes nor forms (today: `.proto` files the gRPC
 * connector reads), versioned by name like forms; and the webhook signatures already accepted,
 * so a replayed delivery is refused by every replica until its timestamp leaves the window.
 * Neither is runtime state of an instance, so neither carries `process_instance_key`.
 */
export class Resources1764000000003 implements MigrationInterface {
  name = 'Resources1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deployed_resource (
        key             bigint PRIMARY KEY,
        resource_name   text NOT NULL,
        version         int NOT NULL,
        checksum        text NOT NULL,
        content         text NOT NULL,
        deployment_key  bigint NOT NULL REFERENCES deployment(key),
        tenant_id       text NOT NULL DEFAULT '<default>',
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, resource_name, version)
      )`);
    // One row per accepted delivery; rows are dropped once their timestamp is out of the window.
    await q.query(`
      CREATE TABLE webhook_delivery (
        webhook_name  text NOT NULL,
        signature     text NOT NULL,
        expires_at    timestamptz NOT NULL,
        PRIMARY KEY (webhook_name, signature)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_expires_at ON webhook_delivery (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS deployed_resource`);
  }
}
