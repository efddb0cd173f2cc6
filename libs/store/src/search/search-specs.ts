import type { SearchSpec } from './search-query';

/** Field lists of each searchable entity, in Camunda 8's names. */

export const PROCESS_DEFINITION: SearchSpec = {
  from: 'process_definition d',
  defaultSort: 'd.key ASC',
  fields: {
    processDefinitionKey: { column: 'd.key', type: 'key' },
    processDefinitionId: { column: 'd.bpmn_process_id', type: 'text' },
    name: { column: 'd.name', type: 'text' },
    version: { column: 'd.version', type: 'int' },
    versionTag: { column: 'd.version_tag', type: 'text' },
    resourceName: { column: 'd.resource_name', type: 'text' },
    tenantId: { column: 'd.tenant_id', type: 'text' },
  },
};

export const PROCESS_INSTANCE: SearchSpec = {
  from: 'process_instance p',
  defaultSort: 'p.key ASC',
  fields: {
    processInstanceKey: { column: 'p.key', type: 'key' },
    processDefinitionKey: { column: 'p.process_definition_key', type: 'key' },
    processDefinitionId: { column: 'p.bpmn_process_id', type: 'text' },
    processDefinitionVersion: { column: 'p.version', type: 'int' },
    processDefinitionName: {
      column: '(SELECT COALESCE(d.name, d.bpmn_process_id) FROM process_definition d WHERE d.key = p.process_definition_key)',
      type: 'text',
    },
    processDefinitionVersionTag: { column: '(SELECT d.version_tag FROM process_definition d WHERE d.key = p.process_definition_key)', type: 'text' },
    state: { column: 'p.state', type: 'text' },
    startDate: { column: 'p.start_date', type: 'date' },
    endDate: { column: 'p.end_date', type: 'date' },
    // Its own incident, or one in a child or deeper descendant started by a call activity
    // (ancestor_incident: docs/adr/0004-incidents-through-call-activities.md).
    hasIncident: {
      column: '(p.has_incident OR EXISTS (SELECT 1 FROM ancestor_incident a WHERE a.ancestor_process_instance_key = p.key))',
      type: 'bool',
    },
    parentProcessInstanceKey: { column: 'p.parent_process_instance_key', type: 'key' },
    parentElementInstanceKey: { column: 'p.parent_element_instance_key', type: 'key' },
    tenantId: { column: 'p.tenant_id', type: 'text' },
  },
};

export const ELEMENT_INSTANCE: SearchSpec = {
  from: 'element_instance e',
  defaultSort: 'e.key ASC',
  fields: {
    elementInstanceKey: { column: 'e.key', type: 'key' },
    processInstanceKey: { column: 'e.process_instance_key', type: 'key' },
    processDefinitionKey: { column: 'e.process_definition_key', type: 'key' },
    processDefinitionId: { column: 'e.bpmn_process_id', type: 'text' },
    elementId: { column: 'e.element_id', type: 'text' },
    elementName: { column: 'e.element_name', type: 'text' },
    type: { column: 'e.type', type: 'text' },
    state: { column: 'e.state', type: 'text' },
    // A call activity also reports the incident of the child (or deeper descendant) it waits for.
    hasIncident: {
      column: '(e.incident_key IS NOT NULL OR EXISTS (SELECT 1 FROM ancestor_incident a WHERE a.ancestor_element_instance_key = e.key))',
      type: 'bool',
    },
    incidentKey: {
      column: 'COALESCE(e.incident_key, (SELECT min(a.incident_key) FROM ancestor_incident a WHERE a.ancestor_element_instance_key = e.key))',
      type: 'key',
    },
    flowScopeKey: { column: 'e.flow_scope_key', type: 'key' },
    startDate: { column: 'e.start_date', type: 'date' },
    endDate: { column: 'e.end_date', type: 'date' },
    tenantId: { column: 'e.tenant_id', type: 'text' },
  },
};

export const VARIABLE: SearchSpec = {
  from: 'variable v',
  defaultSort: 'v.variable_key ASC',
  fields: {
    variableKey: { column: 'v.variable_key', type: 'key' },
    name: { column: 'v.name', type: 'text' },
    // Probed through the index on (name, md5(value::text)): values may be up to 1 MiB.
    value: { column: 'v.value::text', type: 'text', hashed: 'md5(v.value::text)' },
    scopeKey: { column: 'v.scope_key', type: 'key' },
    processInstanceKey: { column: 'v.process_instance_key', type: 'key' },
    processDefinitionKey: { column: 'v.process_definition_key', type: 'key' },
    tenantId: { column: 'v.tenant_id', type: 'text' },
    isTruncated: { column: 'false', type: 'bool' },
  },
};

export const USER_TASK: SearchSpec = {
  from: 'user_task t',
  defaultSort: 't.key ASC',
  fields: {
    userTaskKey: { column: 't.key', type: 'key' },
    name: { column: 't.name', type: 'text' },
    state: { column: 't.state', type: 'text' },
    assignee: { column: 't.assignee', type: 'text' },
    elementId: { column: 't.element_id', type: 'text' },
    elementInstanceKey: { column: 't.element_instance_key', type: 'key' },
    candidateGroups: { column: 't.candidate_groups', type: 'textArray' },
    candidateUsers: { column: 't.candidate_users', type: 'textArray' },
    // Camunda's clients filter with the singular names.
    candidateGroup: { column: 't.candidate_groups', type: 'textArray' },
    candidateUser: { column: 't.candidate_users', type: 'textArray' },
    processDefinitionId: { column: 't.bpmn_process_id', type: 'text' },
    processDefinitionKey: { column: 't.process_definition_key', type: 'key' },
    processDefinitionVersion: { column: 't.process_definition_version', type: 'int' },
    customHeaders: { column: 't.custom_headers', type: 'json' },
    processInstanceKey: { column: 't.process_instance_key', type: 'key' },
    formKey: { column: 't.form_key', type: 'text' },
    externalFormReference: { column: 't.form_id', type: 'text' },
    creationDate: { column: 't.creation_date', type: 'date' },
    completionDate: { column: 't.completion_date', type: 'date' },
    dueDate: { column: 't.due_date', type: 'date' },
    followUpDate: { column: 't.follow_up_date', type: 'date' },
    priority: { column: 't.priority', type: 'int' },
    tenantId: { column: 't.tenant_id', type: 'text' },
  },
};

export const INCIDENT: SearchSpec = {
  from: 'incident i',
  defaultSort: 'i.key ASC',
  fields: {
    incidentKey: { column: 'i.key', type: 'key' },
    processDefinitionKey: { column: 'i.process_definition_key', type: 'key' },
    processDefinitionId: { column: 'i.bpmn_process_id', type: 'text' },
    processInstanceKey: { column: 'i.process_instance_key', type: 'key' },
    errorType: { column: 'i.error_type', type: 'text' },
    errorMessage: { column: 'i.error_message', type: 'text' },
    elementId: { column: 'i.element_id', type: 'text' },
    elementInstanceKey: { column: 'i.element_instance_key', type: 'key' },
    creationTime: { column: 'i.creation_time', type: 'date' },
    state: { column: 'i.state', type: 'text' },
    jobKey: { column: 'i.job_key', type: 'key' },
    tenantId: { column: 'i.tenant_id', type: 'text' },
  },
};

export const JOB: SearchSpec = {
  from: 'job j',
  defaultSort: 'j.key ASC',
  fields: {
    jobKey: { column: 'j.key', type: 'key' },
    type: { column: 'j.type', type: 'text' },
    // Camunda 8.8's job states, on the wire and in filters. Osprey's row keeps its own: a job
    // waiting for a worker or leased to one is CREATED (a lease that ran out, TIMED_OUT), one
    // that failed is FAILED (with retries left too, until it completes: Camunda has no state for
    // an activation), one whose BPMN error was not caught ERROR_THROWN. Completed and canceled
    // jobs leave the table.
    state: {
      column: `(CASE
        WHEN j.state = 'ACTIVATED' AND j.deadline < now() THEN 'TIMED_OUT'
        WHEN j.state IN ('ACTIVATABLE', 'ACTIVATED') AND j.error_message IS NOT NULL THEN 'FAILED'
        WHEN j.state IN ('ACTIVATABLE', 'ACTIVATED') THEN 'CREATED'
        ELSE j.state END)`,
      type: 'text',
    },
    kind: { column: 'j.kind', type: 'text' },
    listenerEventType: { column: 'j.listener_event_type', type: 'text' },
    hasFailedWithRetriesLeft: { column: `(j.error_message IS NOT NULL AND j.retries > 0 AND j.state <> 'ERROR_THROWN')`, type: 'bool' },
    customHeaders: { column: 'j.custom_headers', type: 'json' },
    retries: { column: 'j.retries', type: 'int' },
    // Camunda always names a worker; a job no worker holds has the empty name.
    worker: { column: `COALESCE(j.worker, '')`, type: 'text' },
    deadline: { column: 'j.deadline', type: 'date' },
    errorMessage: { column: 'j.error_message', type: 'text' },
    processInstanceKey: { column: 'j.process_instance_key', type: 'key' },
    elementInstanceKey: { column: 'j.element_instance_key', type: 'key' },
    elementId: { column: 'j.element_id', type: 'text' },
    processDefinitionId: { column: 'j.bpmn_process_id', type: 'text' },
    processDefinitionKey: { column: 'j.process_definition_key', type: 'key' },
    tenantId: { column: 'j.tenant_id', type: 'text' },
  },
};
