import type { ProcessGraph } from '@osprey/bpmn';
import type { ProcessInstanceMigrationRecord } from '@osprey/runtime';
import type { Sql } from '../database';

/**
 * Rows of PROCESS_INSTANCE_MIGRATION MIGRATED: the instance's live rows take the target
 * definition's identity, and their element ids are renamed by the record's `elementMapping`
 * (`$2`, a JSON object; an id it does not name stays). Runs before the command's other rows are
 * written, so rows created by the same command (the target's boundary timers) are not renamed
 * twice. The `process_instance` row itself is updated from the state (`writeInstance`); ended
 * element instances, history and resolved incidents keep the source's names, as they happened.
 *
 * One statement per table (6, each on `process_instance_key` indexes), so a batch of 1,000
 * instances costs 6,000 small updates.
 */
export async function writeMigration(
  sql: Sql,
  graph: ProcessGraph,
  r: ProcessInstanceMigrationRecord,
): Promise<void> {
  const v = r.value;
  const mapping = JSON.stringify(v.elementMapping);
  const names = JSON.stringify(
    Object.fromEntries([...graph.elements.values()].map((e) => [e.id, e.name ?? null])),
  );
  const pik = r.processInstanceKey;
  await sql.exec(
    `UPDATE job SET element_id = COALESCE($2::jsonb ->> element_id, element_id), bpmn_process_id = $3,
            process_definition_key = $4, process_definition_version = $5
      WHERE process_instance_key = $1`,
    [pik, mapping, v.bpmnProcessId, v.processDefinitionKey, v.version],
  );
  await sql.exec(
    `UPDATE user_task SET element_id = COALESCE($2::jsonb ->> element_id, element_id), bpmn_process_id = $3,
            process_definition_key = $4, process_definition_version = $5
      WHERE process_instance_key = $1 AND state = 'CREATED'`,
    [pik, mapping, v.bpmnProcessId, v.processDefinitionKey, v.version],
  );
  await sql.exec(
    `UPDATE timer SET target_element_id = COALESCE($2::jsonb ->> target_element_id, target_element_id), process_definition_key = $3
      WHERE process_instance_key = $1`,
    [pik, mapping, v.processDefinitionKey],
  );
  await sql.exec(
    `WITH m AS (
       UPDATE message_subscription SET target_element_id = COALESCE($2::jsonb ->> target_element_id, target_element_id), bpmn_process_id = $3
        WHERE process_instance_key = $1)
     UPDATE signal_subscription SET target_element_id = COALESCE($2::jsonb ->> target_element_id, target_element_id),
            bpmn_process_id = $3, process_definition_key = $4
      WHERE process_instance_key = $1`,
    [pik, mapping, v.bpmnProcessId, v.processDefinitionKey],
  );
  await sql.exec(
    `WITH e AS (
       UPDATE element_instance SET element_id = COALESCE($2::jsonb ->> element_id, element_id),
              element_name = $5::jsonb ->> COALESCE($2::jsonb ->> element_id, element_id),
              bpmn_process_id = $3, process_definition_key = $4
        WHERE process_instance_key = $1 AND state = 'ACTIVE')
     UPDATE incident SET element_id = COALESCE($2::jsonb ->> element_id, element_id), bpmn_process_id = $3, process_definition_key = $4
      WHERE process_instance_key = $1 AND state = 'ACTIVE'`,
    [pik, mapping, v.bpmnProcessId, v.processDefinitionKey, names],
  );
  await sql.exec(
    `UPDATE variable SET bpmn_process_id = $2, process_definition_key = $3 WHERE process_instance_key = $1`,
    [pik, v.bpmnProcessId, v.processDefinitionKey],
  );
}
