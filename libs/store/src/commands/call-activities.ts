import type { EngineRecord, InstanceState } from '@osprey/runtime';
import type { Sql } from '../database';
import type { ProcessDefinitionRow } from '../definitions/definition.repository';

/** A child instance a call activity asked for (a CHILD_INSTANCE CREATED record). */
export type ChildRequest = Extract<EngineRecord, { valueType: 'CHILD_INSTANCE' }>;
/** A child's completion, to hand to its parent (a PROCESS_INSTANCE_RESULT record). */
export type ChildResult = Extract<EngineRecord, { valueType: 'PROCESS_INSTANCE_RESULT' }>;

const COLUMNS = `key::text AS "key", bpmn_process_id AS "bpmnProcessId", name, version, version_tag AS "versionTag",
  resource_name AS "resourceName", tenant_id AS "tenantId", deployment_key::text AS "deploymentKey"`;

/**
 * The definition a call activity's binding names: `latest` — the newest version of the called
 * process; `deployment` — the version deployed together with the parent's definition;
 * `versionTag` — the newest version carrying that `zeebe:versionTag`. Undefined when none exists.
 */
export async function resolveCalledDefinition(sql: Sql, request: ChildRequest): Promise<ProcessDefinitionRow | undefined> {
  const v = request.value;
  const [row] =
    v.bindingType === 'deployment'
      ? await sql.rows<ProcessDefinitionRow>(
          `SELECT ${COLUMNS} FROM process_definition
            WHERE tenant_id = $1 AND bpmn_process_id = $2
              AND deployment_key = (SELECT deployment_key FROM process_definition WHERE key = $3)`,
          [v.tenantId, v.calledProcessId, v.processDefinitionKey],
        )
      : v.bindingType === 'versionTag'
        ? await sql.rows<ProcessDefinitionRow>(
            `SELECT ${COLUMNS} FROM process_definition WHERE tenant_id = $1 AND bpmn_process_id = $2 AND version_tag = $3
              ORDER BY version DESC LIMIT 1`,
            [v.tenantId, v.calledProcessId, v.versionTag ?? ''],
          )
        : await sql.rows<ProcessDefinitionRow>(
            `SELECT ${COLUMNS} FROM process_definition WHERE tenant_id = $1 AND bpmn_process_id = $2 ORDER BY version DESC LIMIT 1`,
            [v.tenantId, v.calledProcessId],
          );
  return row;
}

/** "Expected …, but …" for a binding that names nothing deployed. */
export function missingCalledProcess(request: ChildRequest): string {
  const v = request.value;
  const which =
    v.bindingType === 'deployment'
      ? `in the deployment of '${v.bpmnProcessId}'`
      : v.bindingType === 'versionTag'
        ? `with version tag '${v.versionTag ?? ''}'`
        : 'in any version';
  return `Expected process '${v.calledProcessId}' to be deployed ${which}, but it was not found`;
}

/** The call-activity follow-ups a command's records imply. */
export function callActivityWork(records: readonly EngineRecord[], state: InstanceState) {
  const created: ChildRequest[] = [];
  const cancelled: ChildRequest[] = [];
  let result: ChildResult | undefined;
  for (const r of records) {
    if (r.valueType === 'CHILD_INSTANCE' && r.intent === 'CREATED') created.push(r);
    else if (r.valueType === 'CHILD_INSTANCE' && r.intent === 'CANCELED') cancelled.push(r);
    else if (r.valueType === 'PROCESS_INSTANCE_RESULT') result = r;
  }
  return { created, cancelled, result, isChild: Boolean(state.parentProcessInstanceKey) };
}
