import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which decisions each deployment carried (expand-only). A `.dmn` file redeployed unchanged
 * makes no new version, yet it is part of the new deployment: a process deployed with it and
 * binding its decision by `deployment` must find the existing version through this table.
 */
export class DeploymentDecisions1764000000013 implements MigrationInterface {
  name = 'DeploymentDecisions1764000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deployment_decision (
        deployment_key           bigint NOT NULL REFERENCES deployment(key),
        decision_id              text NOT NULL,
        decision_definition_key  bigint NOT NULL REFERENCES decision_definition(key),
        PRIMARY KEY (deployment_key, decision_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS deployment_decision`);
  }
}
