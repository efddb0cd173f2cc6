import { http } from '../api/http';
import type { SearchPage, SearchRequest } from '../api/types';

const enc = encodeURIComponent;

/** A deployed DMN file (decision requirements graph). */
export interface DecisionRequirements {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  decisionRequirementsName: string;
  version: number;
  resourceName: string;
  tenantId: string;
}

/** A deployed decision. */
export interface DecisionDefinition {
  decisionDefinitionKey: string;
  decisionDefinitionId: string;
  name: string;
  version: number;
  decisionRequirementsKey: string;
}

/** One decision of an evaluation, values as JSON text (Camunda's shape). */
export interface EvaluatedDecision {
  decisionDefinitionId: string;
  decisionDefinitionName: string;
  decisionDefinitionType: string;
  output: string;
  evaluatedInputs: { inputId: string; inputName: string; inputValue: string }[];
  matchedRules: { ruleId: string; ruleIndex: number; evaluatedOutputs: { outputId: string; outputName: string; outputValue: string }[] }[];
}

/** The answer of trying a decision. */
export interface DecisionTrial {
  output: string;
  failedDecisionDefinitionId: string;
  failureMessage: string;
  evaluatedDecisions: EvaluatedDecision[];
}

/** A stored decision instance (with inputs and matched rules when read one by one). */
export interface DecisionInstance extends Partial<EvaluatedDecision> {
  decisionEvaluationInstanceKey: string;
  decisionDefinitionId: string;
  decisionDefinitionName: string;
  decisionDefinitionKey: string;
  decisionRequirementsKey?: string;
  state: 'EVALUATED' | 'FAILED';
  evaluationFailure?: string;
  result?: string;
  elementId?: string;
  evaluationDate: string;
}

/** The decision endpoints the web app uses. */
export const decisionsApi = {
  searchRequirements: (req: SearchRequest) => http.post<SearchPage<DecisionRequirements>>('/v2/decision-requirements/search', req),
  requirementsXml: (key: string) => http.get<string>(`/v2/decision-requirements/${enc(key)}/xml`, { raw: true }),
  searchDefinitions: (req: SearchRequest) => http.post<SearchPage<DecisionDefinition>>('/v2/decision-definitions/search', req),
  tryOut: (xml: string, decisionId: string, variables: Record<string, unknown>) => http.post<DecisionTrial>('/v2/osprey/decision-evaluation', { xml, decisionId, variables }),
  searchInstances: (req: SearchRequest) => http.post<SearchPage<DecisionInstance>>('/v2/decision-instances/search', req),
  instance: (key: string) => http.get<DecisionInstance>(`/v2/decision-instances/${enc(key)}`),
};
