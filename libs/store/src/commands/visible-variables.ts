import type { InstanceState, JsonValue } from '@osprey/runtime';

/**
 * The variables an element instance sees: every scope from the process down to the element,
 * inner scopes shadowing outer ones — what a job worker or a user-task form receives.
 * `names` narrows the result (Camunda's `fetchVariable`).
 */
export function visibleVariables(
  state: InstanceState,
  elementInstanceKey: string,
  names?: readonly string[],
): Record<string, JsonValue> {
  const chain: string[] = [];
  let key: string | null | undefined = elementInstanceKey;
  while (key) {
    chain.push(key);
    key = state.elements[key]?.flowScopeKey ?? null;
  }
  if (!chain.includes(state.processInstanceKey)) chain.push(state.processInstanceKey);
  const result: Record<string, JsonValue> = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    const vars = state.variables[chain[i]!];
    if (vars) Object.assign(result, vars);
  }
  if (!names || names.length === 0) return result;
  const picked: Record<string, JsonValue> = {};
  for (const n of names) if (n in result) picked[n] = result[n]!;
  return picked;
}
