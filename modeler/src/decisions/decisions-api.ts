import { http } from '../api/http';
import type {
  DecisionDefinition,
  DecisionInstance,
  DecisionInstanceDetail,
  DecisionRequirements,
  DecisionTrialResponse,
  SearchPage,
  SearchRequest,
} from '@osprey/contracts';

const enc = encodeURIComponent;

/** The decision endpoints the web app uses. */
export const decisionsApi = {
  searchRequirements: (req: SearchRequest) => http.post<SearchPage<DecisionRequirements>>('/v2/decision-requirements/search', req),
  requirementsXml: (key: string) => http.get<string>(`/v2/decision-requirements/${enc(key)}/xml`, { raw: true }),
  searchDefinitions: (req: SearchRequest) => http.post<SearchPage<DecisionDefinition>>('/v2/decision-definitions/search', req),
  tryOut: (xml: string, decisionId: string, variables: Record<string, unknown>) => http.post<DecisionTrialResponse>('/v2/osprey/decision-evaluation', { xml, decisionId, variables }),
  searchInstances: (req: SearchRequest) => http.post<SearchPage<DecisionInstance>>('/v2/decision-instances/search', req),
  instance: (key: string) => http.get<DecisionInstanceDetail>(`/v2/decision-instances/${enc(key)}`),
};
