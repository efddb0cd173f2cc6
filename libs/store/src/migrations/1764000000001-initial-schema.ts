import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Two families of tables:
 *
 * - **Runtime** (small, live only): `process_instance.runtime` (the interpreter state document),
 *   `job`, `timer`, `message_subscription`, `signal_subscription`, `message` (buffer). Rows leave
 *   when their instance ends, so they stay small however long the engine runs.
 * - **Search and history** (grow with time): `process_instance`, `element_instance`, `variable`,
 *   `user_task`, `incident` (one row per entity, updated as it changes, for the `/v2/.../search`
 *   endpoints) and `history_record`, the append-only record stream, range-partitioned by month so
 *   retention drops partitions instead of deleting rows.
 *
 * Every table that belongs to an instance carries `process_instance_key`, the future
 * distribution column. Keys are int64 from one sequence; the engine takes them in blocks.
 * Migrations are append-only: never edit this file once released; add a new one.
 */
export class InitialSchema1764000000001 implements MigrationInterface {
  name = 'InitialSchema1764000000001';

  async up(q: QueryRunner): Promise<void> {
    // Keys are handed out in blocks of 1,000 (one nextval per block) to keep the hot path free of
    // sequence round trips. The start value mimics Camunda's partition-1 key space.
    await q.query(`CREATE SEQUENCE key_block_seq START 2251799813 INCREMENT 1`);

    await q.query(`
      CREATE TABLE deployment (
        key          bigint PRIMARY KEY,
        tenant_id    text NOT NULL DEFAULT '<default>',
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE process_definition (
        key             bigint PRIMARY KEY,
        bpmn_process_id text NOT NULL,
        name            text,
        version         int NOT NULL,
        version_tag     text,
        resource_name   text NOT NULL,
        checksum        text NOT NULL,
        xml             text NOT NULL,
        deployment_key  bigint NOT NULL REFERENCES deployment(key),
        tenant_id       text NOT NULL DEFAULT '<default>',
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, bpmn_process_id, version)
      )`);

    await q.query(`
      CREATE TABLE form (
        key             bigint PRIMARY KEY,
        form_id         text NOT NULL,
        version         int NOT NULL,
        resource_name   text NOT NULL,
        checksum        text NOT NULL,
        schema          text NOT NULL,
        deployment_key  bigint NOT NULL REFERENCES deployment(key),
        tenant_id       text NOT NULL DEFAULT '<default>',
        UNIQUE (tenant_id, form_id, version)
      )`);

    await q.query(`
      CREATE TABLE process_instance (
        key                          bigint PRIMARY KEY,
        process_definition_key       bigint NOT NULL,
        bpmn_process_id              text NOT NULL,
        version                      int NOT NULL,
        tenant_id                    text NOT NULL DEFAULT '<default>',
        state                        text NOT NULL,
        start_date                   timestamptz NOT NULL,
        end_date                     timestamptz,
        has_incident                 boolean NOT NULL DEFAULT false,
        parent_process_instance_key  bigint,
        parent_element_instance_key  bigint,
        runtime                      jsonb
      )`);
    await q.query(`CREATE INDEX process_instance_active ON process_instance (bpmn_process_id) WHERE state = 'ACTIVE'`);
    await q.query(`CREATE INDEX process_instance_definition ON process_instance (process_definition_key, state)`);
    await q.query(`CREATE INDEX process_instance_start ON process_instance (start_date)`);
    await q.query(`CREATE INDEX process_instance_parent ON process_instance (parent_process_instance_key) WHERE parent_process_instance_key IS NOT NULL`);

    await q.query(`
      CREATE TABLE element_instance (
        key                     bigint PRIMARY KEY,
        process_instance_key    bigint NOT NULL,
        process_definition_key  bigint NOT NULL,
        bpmn_process_id         text NOT NULL,
        element_id              text NOT NULL,
        element_name            text,
        type                    text NOT NULL,
        state                   text NOT NULL,
        flow_scope_key          bigint,
        incident_key            bigint,
        start_date              timestamptz NOT NULL,
        end_date                timestamptz,
        tenant_id               text NOT NULL DEFAULT '<default>'
      )`);
    await q.query(`CREATE INDEX element_instance_process_instance ON element_instance (process_instance_key)`);
    await q.query(`CREATE INDEX element_instance_waiting ON element_instance (process_definition_key, element_id) WHERE state = 'ACTIVE'`);

    await q.query(`
      CREATE TABLE variable (
        scope_key               bigint NOT NULL,
        name                    text NOT NULL,
        value                   jsonb,
        process_instance_key    bigint NOT NULL,
        process_definition_key  bigint NOT NULL,
        bpmn_process_id         text NOT NULL,
        tenant_id               text NOT NULL DEFAULT '<default>',
        variable_key            bigint NOT NULL UNIQUE,
        PRIMARY KEY (scope_key, name)
      )`);
    await q.query(`CREATE INDEX variable_process_instance ON variable (process_instance_key)`);
    await q.query(`CREATE INDEX variable_name_value ON variable (name, (value::text))`);

    // Jobs. available_at is when the job can next be activated: creation time, the end of a
    // retry back-off, or — while ACTIVATED — the lease deadline. Activation is then one range
    // scan on (type, available_at) whatever the state, and an expired lease is activatable
    // at once, without a sweeper.
    await q.query(`
      CREATE TABLE job (
        key                     bigint PRIMARY KEY,
        type                    text NOT NULL,
        state                   text NOT NULL,
        retries                 int NOT NULL,
        available_at            timestamptz NOT NULL,
        worker                  text,
        deadline                timestamptz,
        attempt                 int NOT NULL DEFAULT 0,
        lease_expiries          int NOT NULL DEFAULT 0,
        transport               text NOT NULL DEFAULT 'rest',
        error_message           text,
        custom_headers          jsonb NOT NULL DEFAULT '{}',
        process_instance_key    bigint NOT NULL,
        element_instance_key    bigint NOT NULL,
        element_id              text NOT NULL,
        bpmn_process_id         text NOT NULL,
        process_definition_key  bigint NOT NULL,
        process_definition_version int NOT NULL,
        tenant_id               text NOT NULL DEFAULT '<default>',
        created_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_activatable ON job (type, available_at) WHERE state IN ('ACTIVATABLE', 'ACTIVATED')`);
    await q.query(`CREATE INDEX job_process_instance ON job (process_instance_key)`);
    // Leases that ran out, for the sweeper that turns a job expiring too often into an incident.
    await q.query(`CREATE INDEX job_lease_deadline ON job (available_at) WHERE state = 'ACTIVATED'`);
    // Jobs dispatched over Kafka whose lease ran out or whose back-off ended: sent again.
    await q.query(`CREATE INDEX job_kafka_due ON job (available_at) WHERE transport = 'kafka' AND state IN ('ACTIVATABLE', 'ACTIVATED')`);

    await q.query(`
      CREATE TABLE timer (
        key                     bigint PRIMARY KEY,
        process_instance_key    bigint,
        element_instance_key    bigint,
        process_definition_key  bigint NOT NULL,
        target_element_id       text NOT NULL,
        due_date                timestamptz NOT NULL,
        repetitions             int NOT NULL,
        interval                text,
        tenant_id               text NOT NULL DEFAULT '<default>'
      )`);
    await q.query(`CREATE INDEX timer_due ON timer (due_date)`);
    await q.query(`CREATE INDEX timer_process_instance ON timer (process_instance_key)`);
    await q.query(`CREATE INDEX timer_definition ON timer (process_definition_key) WHERE process_instance_key IS NULL`);

    await q.query(`
      CREATE TABLE message_subscription (
        key                     bigint PRIMARY KEY,
        process_instance_key    bigint NOT NULL,
        element_instance_key    bigint NOT NULL,
        target_element_id       text NOT NULL,
        message_name            text NOT NULL,
        correlation_key         text NOT NULL,
        interrupting            boolean NOT NULL,
        bpmn_process_id         text NOT NULL,
        tenant_id               text NOT NULL DEFAULT '<default>',
        created_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX message_subscription_lookup ON message_subscription (message_name, correlation_key)`);
    await q.query(`CREATE INDEX message_subscription_process_instance ON message_subscription (process_instance_key)`);

    // Message start events of the latest version of each process (rewritten on deployment).
    await q.query(`
      CREATE TABLE message_start_subscription (
        process_definition_key  bigint NOT NULL,
        bpmn_process_id         text NOT NULL,
        message_name            text NOT NULL,
        start_element_id        text NOT NULL,
        tenant_id               text NOT NULL DEFAULT '<default>',
        PRIMARY KEY (process_definition_key, start_element_id)
      )`);
    await q.query(`CREATE INDEX message_start_subscription_name ON message_start_subscription (message_name)`);

    await q.query(`
      CREATE TABLE signal_subscription (
        key                     bigint PRIMARY KEY,
        process_instance_key    bigint,
        element_instance_key    bigint,
        process_definition_key  bigint NOT NULL,
        bpmn_process_id         text NOT NULL,
        target_element_id       text NOT NULL,
        signal_name             text NOT NULL,
        tenant_id               text NOT NULL DEFAULT '<default>'
      )`);
    await q.query(`CREATE INDEX signal_subscription_name ON signal_subscription (signal_name)`);
    await q.query(`CREATE INDEX signal_subscription_process_instance ON signal_subscription (process_instance_key)`);

    // Published messages with a time-to-live wait here for a subscription to open.
    await q.query(`
      CREATE TABLE message (
        key               bigint PRIMARY KEY,
        name              text NOT NULL,
        correlation_key   text NOT NULL,
        message_id        text,
        variables         jsonb NOT NULL DEFAULT '{}',
        expires_at        timestamptz NOT NULL,
        tenant_id         text NOT NULL DEFAULT '<default>',
        created_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX message_lookup ON message (name, correlation_key)`);
    await q.query(`CREATE UNIQUE INDEX message_id_unique ON message (tenant_id, name, message_id) WHERE message_id IS NOT NULL`);
    await q.query(`CREATE INDEX message_expiry ON message (expires_at)`);
    // Which processes a buffered message already reached: as in Camunda 8, a message
    // correlates at most once per process (BPMN process id), whatever the number of instances.
    await q.query(`
      CREATE TABLE message_correlation (
        message_key           bigint NOT NULL,
        bpmn_process_id       text NOT NULL,
        process_instance_key  bigint NOT NULL,
        PRIMARY KEY (message_key, bpmn_process_id)
      )`);

    await q.query(`
      CREATE TABLE user_task (
        key                     bigint PRIMARY KEY,
        state                   text NOT NULL,
        name                    text,
        element_id              text NOT NULL,
        element_instance_key    bigint NOT NULL,
        process_instance_key    bigint NOT NULL,
        process_definition_key  bigint NOT NULL,
        process_definition_version int NOT NULL,
        bpmn_process_id         text NOT NULL,
        assignee                text,
        candidate_groups        text[] NOT NULL DEFAULT '{}',
        candidate_users         text[] NOT NULL DEFAULT '{}',
        due_date                timestamptz,
        follow_up_date          timestamptz,
        form_key                text,
        form_id                 text,
        priority                int NOT NULL DEFAULT 50,
        custom_headers          jsonb NOT NULL DEFAULT '{}',
        creation_date           timestamptz NOT NULL,
        completion_date         timestamptz,
        tenant_id               text NOT NULL DEFAULT '<default>'
      )`);
    await q.query(`CREATE INDEX user_task_open ON user_task (state, assignee) WHERE state = 'CREATED'`);
    await q.query(`CREATE INDEX user_task_groups ON user_task USING gin (candidate_groups) WHERE state = 'CREATED'`);
    await q.query(`CREATE INDEX user_task_process_instance ON user_task (process_instance_key)`);

    await q.query(`
      CREATE TABLE incident (
        key                     bigint PRIMARY KEY,
        state                   text NOT NULL,
        error_type              text NOT NULL,
        error_message           text NOT NULL,
        element_id              text NOT NULL,
        element_instance_key    bigint NOT NULL,
        job_key                 bigint,
        process_instance_key    bigint NOT NULL,
        process_definition_key  bigint NOT NULL,
        bpmn_process_id         text NOT NULL,
        creation_time           timestamptz NOT NULL,
        tenant_id               text NOT NULL DEFAULT '<default>'
      )`);
    await q.query(`CREATE INDEX incident_active ON incident (process_definition_key) WHERE state = 'ACTIVE'`);
    await q.query(`CREATE INDEX incident_process_instance ON incident (process_instance_key)`);

    // The record stream, append-only, partitioned by month on the record's timestamp.
    await q.query(`
      CREATE TABLE history_record (
        position              bigint NOT NULL,
        record_key            bigint,
        process_instance_key  bigint,
        value_type            text NOT NULL,
        intent                text NOT NULL,
        element_id            text,
        value                 jsonb NOT NULL,
        "timestamp"           timestamptz NOT NULL
      ) PARTITION BY RANGE ("timestamp")`);
    await q.query(`CREATE TABLE history_record_default PARTITION OF history_record DEFAULT`);
    await q.query(`CREATE INDEX history_record_instance ON history_record (process_instance_key, position)`);
    // A command for a job that has gone (completed, cancelled) is answered from history with a
    // 409 saying what happened, rather than a bare 404.
    await q.query(`CREATE INDEX history_record_job ON history_record (record_key, position) WHERE value_type = 'JOB'`);
    await q.query(`CREATE SEQUENCE history_position_seq INCREMENT 1`);

    // Kafka outbox: committed with the command, published by the relay, then deleted.
    await q.query(`
      CREATE TABLE outbox (
        id          bigserial PRIMARY KEY,
        topic       text NOT NULL,
        message_key text,
        payload     jsonb NOT NULL,
        headers     jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    // Ids of Kafka messages already applied, per consumer: a redelivery is applied once.
    await q.query(`
      CREATE TABLE consumed_message (
        consumer     text NOT NULL,
        id           text NOT NULL,
        consumed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, id)
      )`);

    // A retried start with the same operation reference returns the first instance.
    await q.query(`
      CREATE TABLE operation_reference (
        reference             text PRIMARY KEY,
        process_instance_key  bigint NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'operation_reference', 'consumed_message', 'outbox', 'history_record', 'incident', 'user_task', 'message_correlation', 'message',
      'signal_subscription', 'message_start_subscription', 'message_subscription', 'timer', 'job', 'variable',
      'element_instance', 'process_instance', 'form', 'process_definition', 'deployment',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS history_position_seq`);
    await q.query(`DROP SEQUENCE IF EXISTS key_block_seq`);
  }
}
