/**
 * Direct evaluation of a deployed decision (`POST /v2/decision-definitions/evaluation`), kept
 * as decision instances like the evaluations of business-rule tasks, and the reads of decision
 * instances with their inputs and matched rules.
 */
import { compileDmn, DmnSecurityError, DmnValidationError, evaluateDecision, type DecisionVariables } from '@osprey/dmn';
import { decisionFeel, type EvaluatedDecisionValue, type JsonValue } from '@osprey/runtime';
import type { Database } from '../database';
import { NotFoundError, ValidationError } from '../errors';
import type { KeyAllocator } from '../keys';
import { isKey } from '../keys';
import type { SearchRepository } from '../search/search.repository';
import { TenantScope } from '../tenants/tenant-scope';
import type { DecisionDefinitionRow, DecisionRepository } from './decision.repository';
import { decisionInstanceInsert } from './decision-instance-rows';

/** What to evaluate: a decision by id (latest version in the tenant) or by key. */
export interface EvaluateDecisionRequest {
  decisionDefinitionId?: unknown;
  decisionDefinitionKey?: unknown;
  variables?: unknown;
  tenantId?: unknown;
}

/** Camunda 8's EvaluateDecisionResult; outputs and values as JSON text. */
export interface EvaluateDecisionResult {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  decisionDefinitionName: string;
  decisionDefinitionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  output: string;
  failedDecisionDefinitionId: string;
  failureMessage: string;
  tenantId: string;
  decisionEvaluationKey: string;
  /** Deprecated in Camunda 8.8; the same as the evaluation key. */
  decisionInstanceKey: string;
  evaluatedDecisions: ReturnType<typeof apiEvaluatedDecision>[];
}

export class DecisionEvaluationService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
    private readonly decisions: DecisionRepository,
    private readonly search: SearchRepository,
  ) {}

  /**
   * Evaluates a decision and stores the evaluation. A decision that fails to evaluate is an
   * answer with `failedDecisionDefinitionId` and `failureMessage`, as in Camunda 8.
   * @throws ValidationError for a malformed request; NotFoundError when no such decision is deployed in scope
   */
  async evaluate(request: EvaluateDecisionRequest, scope = TenantScope.ANY): Promise<EvaluateDecisionResult> {
    const row = await this.target(request, scope);
    const variables = request.variables ?? {};
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      throw new ValidationError('Invalid decision evaluation', ['variables: Expected a JSON object, but found ' + (Array.isArray(variables) ? 'an array' : typeof variables)]);
    }
    const deployed = await this.decisions.deployed(row);
    const [clock] = await this.db.rows<{ now: number }>(`SELECT (extract(epoch FROM now()) * 1000)::float8 AS now`);
    const now = Number(clock!.now);
    const result = evaluateDecision(deployed.requirements, row.decisionDefinitionId, variables as DecisionVariables, decisionFeel(now));
    const evaluated: EvaluatedDecisionValue[] = result.evaluatedDecisions.map((d) => {
      const sibling = deployed.siblings.get(d.decisionId);
      return { ...d, decisionKey: sibling?.decisionDefinitionKey ?? row.decisionDefinitionKey, decisionVersion: sibling?.version ?? row.version, decisionOutput: d.output };
    });
    const [evaluationKey] = await this.keys.take(1);
    const failed = result.ok ? undefined : deployed.siblings.get(result.failedDecisionId);
    const insert = decisionInstanceInsert([
      {
        evaluationKey: evaluationKey!,
        rootDecisionKey: row.decisionDefinitionKey,
        decisionRequirementsKey: row.decisionRequirementsKey,
        decisionRequirementsId: row.decisionRequirementsId,
        evaluatedDecisions: evaluated,
        ...(result.ok
          ? {}
          : {
              failure: {
                decisionId: result.failedDecisionId,
                message: result.failureMessage,
                decisionName: deployed.requirements.decisions.get(result.failedDecisionId)?.name ?? result.failedDecisionId,
                ...(failed ? { decisionKey: failed.decisionDefinitionKey, decisionVersion: failed.version } : {}),
                decisionType: deployed.requirements.decisions.get(result.failedDecisionId)?.logic.kind === 'literalExpression' ? 'LITERAL_EXPRESSION' : 'DECISION_TABLE',
              },
            }),
        processInstanceKey: null,
        processDefinitionKey: null,
        bpmnProcessId: null,
        elementInstanceKey: null,
        elementId: null,
        tenantId: row.tenantId,
        evaluationDate: now,
      },
    ]);
    if (insert) await this.db.rows(insert.text, insert.params);
    return {
      decisionDefinitionId: row.decisionDefinitionId,
      decisionDefinitionKey: row.decisionDefinitionKey,
      decisionDefinitionName: row.name,
      decisionDefinitionVersion: row.version,
      decisionRequirementsId: row.decisionRequirementsId,
      decisionRequirementsKey: row.decisionRequirementsKey,
      output: result.ok ? JSON.stringify(result.output) : '',
      failedDecisionDefinitionId: result.ok ? '' : result.failedDecisionId,
      failureMessage: result.ok ? '' : result.failureMessage,
      tenantId: row.tenantId,
      decisionEvaluationKey: evaluationKey!,
      decisionInstanceKey: evaluationKey!,
      evaluatedDecisions: evaluated.map((d, i) => apiEvaluatedDecision(d, `${evaluationKey}-${i + 1}`, row.tenantId)),
    };
  }

  /**
   * Evaluates a decision of a DMN file that is not deployed (the modeler's "try it"): nothing is
   * stored. Same semantics as a deployed decision.
   * @throws ValidationError listing every problem of the file, or for a malformed request
   */
  async tryOut(request: { xml?: unknown; decisionId?: unknown; variables?: unknown }) {
    const { xml, decisionId, variables = {} } = request ?? {};
    const problems: string[] = [];
    if (typeof xml !== 'string' || xml === '') problems.push('xml: Expected the DMN XML as a string');
    if (typeof decisionId !== 'string' || decisionId === '') problems.push('decisionId: Expected a non-empty string');
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) problems.push('variables: Expected a JSON object');
    if (problems.length > 0) throw new ValidationError('Invalid decision evaluation', problems);
    let drg;
    try {
      drg = await compileDmn(xml as string);
    } catch (error) {
      if (error instanceof DmnValidationError) throw new ValidationError('Invalid DMN', error.problems.map((p) => `${p.elementId === null ? '' : `'${p.elementId}': `}${p.message}`));
      if (error instanceof DmnSecurityError) throw new ValidationError('Invalid DMN', [error.message]);
      throw error;
    }
    if (!drg.decisions.has(decisionId as string)) throw new ValidationError('Invalid decision evaluation', [`decisionId: Expected a decision of the file (${[...drg.decisions.keys()].join(', ')}), but found '${decisionId as string}'`]);
    const [clock] = await this.db.rows<{ now: number }>(`SELECT (extract(epoch FROM now()) * 1000)::float8 AS now`);
    const result = evaluateDecision(drg, decisionId as string, variables as DecisionVariables, decisionFeel(Number(clock!.now)));
    const evaluated = result.evaluatedDecisions.map((d, i) =>
      apiEvaluatedDecision({ ...d, decisionKey: '0', decisionVersion: 0, decisionOutput: d.output }, String(i + 1), ''),
    );
    return {
      decisionDefinitionId: decisionId as string,
      output: result.ok ? JSON.stringify(result.output) : '',
      failedDecisionDefinitionId: result.ok ? '' : result.failedDecisionId,
      failureMessage: result.ok ? '' : result.failureMessage,
      evaluatedDecisions: evaluated.map(({ decisionDefinitionKey: _k, decisionDefinitionVersion: _v, tenantId: _t, decisionEvaluationInstanceKey: _i, ...rest }) => rest),
    };
  }

  private async target(request: EvaluateDecisionRequest, scope: TenantScope): Promise<DecisionDefinitionRow> {
    const { decisionDefinitionId: id, decisionDefinitionKey: key } = request ?? {};
    if ((id === undefined) === (key === undefined)) {
      throw new ValidationError('Invalid decision evaluation', ['Expected either decisionDefinitionId or decisionDefinitionKey, but found ' + (id === undefined ? 'neither' : 'both')]);
    }
    if (key !== undefined) {
      if (typeof key !== 'string') throw new ValidationError('Invalid decision evaluation', ['decisionDefinitionKey: Expected a key (a string of digits)']);
      return this.decisions.byKey(key, scope);
    }
    if (typeof id !== 'string' || id === '') throw new ValidationError('Invalid decision evaluation', ['decisionDefinitionId: Expected a non-empty string']);
    const tenantId = scope.tenantFor(typeof request.tenantId === 'string' ? request.tenantId : undefined);
    const row = await this.decisions.resolve({ decisionId: id }, tenantId);
    if (!row) throw new NotFoundError(`Expected to find a decision definition with id '${id}', but none was deployed`);
    return row;
  }

  /** One decision instance with its inputs and matched rules, values as JSON text. @throws NotFoundError */
  async instance(decisionEvaluationInstanceKey: string, scope = TenantScope.ANY): Promise<Record<string, unknown>> {
    const missing = `Decision instance with key '${decisionEvaluationInstanceKey}' not found`;
    const [evaluationKey, index] = decisionEvaluationInstanceKey.split('-');
    if (!evaluationKey || !isKey(evaluationKey) || (index !== undefined && !/^\d{1,6}$/.test(index))) throw new NotFoundError(missing);
    const full = index === undefined ? `${evaluationKey}-1` : decisionEvaluationInstanceKey;
    const row = await this.search.decisionInstanceDetail(full, scope);
    if (!row) throw new NotFoundError(missing);
    return {
      ...row,
      evaluatedInputs: ((row.evaluatedInputs ?? []) as { inputValue: JsonValue }[]).map((i) => ({ ...i, inputValue: JSON.stringify(i.inputValue) })),
      matchedRules: ((row.matchedRules ?? []) as { evaluatedOutputs: { outputValue: JsonValue }[] }[]).map((r) => ({
        ...r,
        evaluatedOutputs: r.evaluatedOutputs.map((o) => ({ ...o, outputValue: JSON.stringify(o.outputValue) })),
      })),
    };
  }
}

/** An evaluated decision in Camunda's shape: values as JSON text. */
function apiEvaluatedDecision(d: EvaluatedDecisionValue, instanceKey: string, tenantId: string) {
  return {
    decisionDefinitionId: d.decisionId,
    decisionDefinitionKey: d.decisionKey,
    decisionDefinitionName: d.decisionName,
    decisionDefinitionVersion: d.decisionVersion,
    decisionDefinitionType: d.decisionType,
    decisionEvaluationInstanceKey: instanceKey,
    output: JSON.stringify(d.decisionOutput),
    tenantId,
    evaluatedInputs: d.evaluatedInputs.map((i) => ({ inputId: i.inputId, inputName: i.inputName, inputValue: JSON.stringify(i.inputValue) })),
    matchedRules: d.matchedRules.map((r) => ({
      ruleId: r.ruleId,
      ruleIndex: r.ruleIndex,
      evaluatedOutputs: r.evaluatedOutputs.map((o) => ({ outputId: o.outputId, outputName: o.outputName, outputValue: JSON.stringify(o.outputValue) })),
    })),
  };
}
