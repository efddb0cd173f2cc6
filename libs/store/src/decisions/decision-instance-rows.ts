/**
 * Decision instances: one row per decision of an evaluation (a called decision and each of its
 * required decisions), from a business-rule task's DECISION_EVALUATION record or from a direct
 * evaluation. Inserted with one multi-row statement per command; history, so never updated.
 */
import type { DecisionEvaluationRecord, EvaluatedDecisionValue, JsonValue } from '@osprey/runtime';

/** One evaluation to store, with where it came from. */
export interface DecisionEvaluationRows {
  readonly evaluationKey: string;
  readonly rootDecisionKey: string;
  readonly decisionRequirementsKey: string;
  readonly decisionRequirementsId: string;
  readonly evaluatedDecisions: readonly EvaluatedDecisionValue[];
  /** When the evaluation failed: the decision that failed (last instance, state FAILED) and why. */
  readonly failure?: { readonly decisionId: string; readonly message: string; readonly decisionName?: string; readonly decisionKey?: string; readonly decisionVersion?: number; readonly decisionType?: string };
  readonly processInstanceKey: string | null;
  readonly processDefinitionKey: string | null;
  readonly bpmnProcessId: string | null;
  readonly elementInstanceKey: string | null;
  readonly elementId: string | null;
  readonly tenantId: string;
  /** ms since the epoch. */
  readonly evaluationDate: number;
}

/** The rows of a business-rule task's DECISION_EVALUATION record. */
export function rowsOfRecord(r: DecisionEvaluationRecord): DecisionEvaluationRows {
  const v = r.value;
  return {
    evaluationKey: r.key,
    rootDecisionKey: v.decisionKey,
    decisionRequirementsKey: v.decisionRequirementsKey,
    decisionRequirementsId: v.decisionRequirementsId,
    evaluatedDecisions: v.evaluatedDecisions,
    ...(r.intent === 'FAILED' ? { failure: failureOf(v) } : {}),
    processInstanceKey: r.processInstanceKey,
    processDefinitionKey: v.processDefinitionKey,
    bpmnProcessId: v.bpmnProcessId,
    elementInstanceKey: v.elementInstanceKey,
    elementId: v.elementId,
    tenantId: v.tenantId,
    evaluationDate: r.timestamp,
  };
}

function failureOf(v: DecisionEvaluationRecord['value']): NonNullable<DecisionEvaluationRows['failure']> {
  return {
    decisionId: v.failedDecisionId ?? v.decisionId,
    message: v.evaluationFailureMessage ?? '',
    ...(v.failedDecisionKey ? { decisionKey: v.failedDecisionKey } : {}),
    ...(v.failedDecisionVersion ? { decisionVersion: v.failedDecisionVersion } : {}),
  };
}

/** One INSERT for every decision instance of `evaluations`, or `undefined` when there is none. */
export function decisionInstanceInsert(evaluations: readonly DecisionEvaluationRows[]): { text: string; params: unknown[] } | undefined {
  const cols: unknown[][] = Array.from({ length: 22 }, () => []);
  const push = (...values: unknown[]) => values.forEach((v, i) => cols[i]!.push(v));
  for (const e of evaluations) {
    const base = [e.decisionRequirementsKey, e.decisionRequirementsId, e.rootDecisionKey];
    const origin = [e.processInstanceKey, e.processDefinitionKey, e.bpmnProcessId, e.elementInstanceKey, e.elementId, e.tenantId, new Date(e.evaluationDate).toISOString()];
    e.evaluatedDecisions.forEach((d, i) => {
      push(e.evaluationKey, i + 1, d.decisionKey, d.decisionId, d.decisionName, d.decisionVersion, d.decisionType, ...base, 'EVALUATED', null, json(d.decisionOutput), json(d.evaluatedInputs), json(d.matchedRules), ...origin);
    });
    const f = e.failure;
    if (f) {
      // The decision that failed has no output; it is the last instance of its evaluation.
      push(e.evaluationKey, e.evaluatedDecisions.length + 1, f.decisionKey ?? e.rootDecisionKey, f.decisionId, f.decisionName ?? f.decisionId, f.decisionVersion ?? 0, f.decisionType ?? 'DECISION_TABLE', ...base, 'FAILED', f.message, null, '[]', '[]', ...origin);
    }
  }
  if (cols[0]!.length === 0) return undefined;
  return {
    text: `INSERT INTO decision_instance (decision_evaluation_key, evaluation_index, decision_definition_key, decision_id, decision_name, decision_version,
             decision_type, decision_requirements_key, decision_requirements_id, root_decision_definition_key, state, evaluation_failure, result,
             evaluated_inputs, matched_rules, process_instance_key, process_definition_key, bpmn_process_id, element_instance_key, element_id,
             tenant_id, evaluation_date)
           SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[], $8::bigint[], $9::text[],
             $10::bigint[], $11::text[], $12::text[], $13::jsonb[], $14::jsonb[], $15::jsonb[], $16::bigint[], $17::bigint[], $18::text[],
             $19::bigint[], $20::text[], $21::text[], $22::timestamptz[])`,
    params: cols,
  };
}

function json(value: JsonValue | readonly unknown[]): string {
  return JSON.stringify(value ?? null);
}
