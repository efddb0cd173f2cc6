import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents seen from above (docs/adr/0004-incidents-through-call-activities.md): one row per
 * (instance with an open incident, ancestor instance), naming the call activity of the ancestor
 * that leads down to it. Rows are keyed by the instance holding the incident and written only
 * under that instance's lock, so no ancestor row is ever locked from below. Expand-only: an
 * older engine ignores the table.
 */
export class AncestorIncidents1764000000006 implements MigrationInterface {
  name = 'AncestorIncidents1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ancestor_incident (
        process_instance_key           bigint NOT NULL,
        ancestor_process_instance_key  bigint NOT NULL,
        ancestor_element_instance_key  bigint NOT NULL,
        incident_key                   bigint NOT NULL,
        PRIMARY KEY (process_instance_key, ancestor_process_instance_key)
      )`);
    await q.query(`CREATE INDEX ancestor_incident_process ON ancestor_incident (ancestor_process_instance_key)`);
    await q.query(`CREATE INDEX ancestor_incident_element ON ancestor_incident (ancestor_element_instance_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ancestor_incident`);
  }
}
