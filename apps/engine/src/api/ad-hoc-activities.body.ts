import type { JsonValue } from '@osprey/runtime';
import { Body } from './body';

/** One inner element to start: `{ elementId, variables? }`. */
export interface AdHocElementActivation {
  readonly elementId: string;
  readonly variables?: Record<string, JsonValue>;
}

/** Reads `field` as a list of `{ elementId, variables? }`, reporting each bad entry on `b`. */
export function adHocActivations(b: Body, field: string): AdHocElementActivation[] {
  const raw = b.raw(field);
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    b.problem(`${field}: Expected an array of { elementId, variables }, but found ${typeof raw}`);
    return [];
  }
  return raw.flatMap((entry: unknown, i) => {
    const item = new Body(entry, `${field}[${i}]`);
    const elementId = item.string('elementId', { required: true });
    const variables = item.variables('variables');
    if (!b.absorb(item)) return [];
    return [{ elementId: elementId!, ...(variables ? { variables } : {}) }];
  });
}
