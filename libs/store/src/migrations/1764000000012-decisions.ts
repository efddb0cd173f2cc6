import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DMN decisions (expand-only): deployed decision requirements graphs (one per `.dmn` resource,
 * with its XML), their decisions versioned per decision id, and every evaluation as a decision
 * instance. Decision instances are history: append-only and range-partitioned by month on the
 * evaluation date like `history_record`, so retention drops partitions. None of these is runtime
 * state of an instance, so none is distributed by `process_instance_key`.
 */
export class Decisions1764000000012 implements MigrationInterface {
  name = 'Decisions1764000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decision_requirements (
        key                       bigint PRIMARY KEY,
        decision_requirements_id  text NOT NULL,
        name                      text NOT NULL,
        version                   int NOT NULL,
        resource_name             text NOT NULL,
        checksum                  text NOT NULL,
        xml                       text NOT NULL,
        deployment_key            bigint NOT NULL REFERENCES deployment(key),
        tenant_id                 text NOT NULL DEFAULT '<default>',
        created_at                timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, decision_requirements_id, version)
      )`);
    await q.query(`
      CREATE TABLE decision_definition (
        key                        bigint PRIMARY KEY,
        decision_id                text NOT NULL,
        name                       text NOT NULL,
        version                    int NOT NULL,
        version_tag                text,
        decision_requirements_key  bigint NOT NULL REFERENCES decision_requirements(key),
        decision_requirements_id   text NOT NULL,
        deployment_key             bigint NOT NULL REFERENCES deployment(key),
        tenant_id                  text NOT NULL DEFAULT '<default>',
        created_at                 timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, decision_id, version)
      )`);
    await q.query(`CREATE INDEX decision_definition_version_tag ON decision_definition (tenant_id, decision_id, version_tag) WHERE version_tag IS NOT NULL`);

    await q.query(`
      CREATE TABLE decision_instance (
        decision_evaluation_key    bigint NOT NULL,
        evaluation_index           int NOT NULL,
        decision_definition_key    bigint NOT NULL,
        decision_id                text NOT NULL,
        decision_name              text NOT NULL,
        decision_version           int NOT NULL,
        decision_type              text NOT NULL,
        decision_requirements_key  bigint NOT NULL,
        decision_requirements_id   text NOT NULL,
        root_decision_definition_key bigint NOT NULL,
        state                      text NOT NULL,
        evaluation_failure         text,
        result                     jsonb,
        evaluated_inputs           jsonb NOT NULL DEFAULT '[]',
        matched_rules              jsonb NOT NULL DEFAULT '[]',
        process_instance_key       bigint,
        process_definition_key     bigint,
        bpmn_process_id            text,
        element_instance_key       bigint,
        element_id                 text,
        tenant_id                  text NOT NULL DEFAULT '<default>',
        evaluation_date            timestamptz NOT NULL
      ) PARTITION BY RANGE (evaluation_date)`);
    await q.query(`CREATE TABLE decision_instance_default PARTITION OF decision_instance DEFAULT`);
    // A decision instance is one decision of one evaluation: its API key is "<evaluation key>-<index>".
    await q.query(`CREATE INDEX decision_instance_evaluation ON decision_instance (decision_evaluation_key, evaluation_index)`);
    await q.query(`CREATE INDEX decision_instance_process_instance ON decision_instance (process_instance_key) WHERE process_instance_key IS NOT NULL`);
    await q.query(`CREATE INDEX decision_instance_decision ON decision_instance (tenant_id, decision_id, evaluation_date DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS decision_instance`);
    await q.query(`DROP TABLE IF EXISTS decision_definition`);
    await q.query(`DROP TABLE IF EXISTS decision_requirements`);
  }
}
