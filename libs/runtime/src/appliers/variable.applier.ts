/** Applies `VARIABLE` records: sets the value in its scope. */
import type { VariableRecord } from '../records';
import type { InstanceState } from '../state';
import { writableScope } from './ownership';

/** Applies one variable record to `state`. */
export function applyVariableRecord(state: InstanceState, { value }: VariableRecord): void {
  const vars = writableScope(state, value.scopeKey);
  // defineProperty: a variable may be called `__proto__`; plain assignment would not store it.
  Object.defineProperty(vars, value.name, {
    value: value.value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
