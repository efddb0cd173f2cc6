import { createCamundaClient, type CamundaClient } from '@camunda8/orchestration-cluster-api';

/**
 * The official Camunda 8.8 client against `engineUrl`, configured as its README recommends:
 * strict validation of requests and responses (so every int64 goes out as a JSON string and
 * every answer is checked against Camunda's schemas), no authentication, no logging. `fetch`
 * replaces the client's HTTP call, e.g. to add a sign-in token.
 */
export function strictCamundaClient(engineUrl: string, options: { fetch?: typeof fetch } = {}): CamundaClient {
  return createCamundaClient({
    ...options,
    config: {
      CAMUNDA_REST_ADDRESS: engineUrl,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
    },
  });
}
