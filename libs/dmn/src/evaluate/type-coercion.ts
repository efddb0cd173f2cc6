/**
 * `typeRef` coercion of input and output values. As the DMN specification says and Camunda 8
 * does, a value that does not conform to its declared type becomes `null`; an integer-valued
 * string is not turned into a number. Temporal types are carried as their ISO 8601 strings (as
 * Camunda 8 stores them), so a string conforms to them. An unknown or absent `typeRef` (`Any`,
 * an item definition) leaves the value as it is.
 */
import type { DecisionValue } from '../decision-model';

const TEMPORAL = new Set(['date', 'time', 'dateTime', 'date and time', 'dayTimeDuration', 'yearMonthDuration', 'days and time duration', 'years and months duration', 'duration']);

/** The value as the type `typeRef` has it, or `null` when it does not conform. */
export function coerce(value: DecisionValue, typeRef: string | null): DecisionValue {
  if (value === null || typeRef === null) return value;
  const type = typeRef.replace(/^feel:/, '');
  switch (type) {
    case 'number':
    case 'integer':
    case 'long':
    case 'double':
      return typeof value === 'number' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'context':
      return typeof value === 'object' && !Array.isArray(value) ? value : null;
    case 'list':
      return Array.isArray(value) ? value : null;
    default:
      if (TEMPORAL.has(type)) return typeof value === 'string' ? value : null;
      return value;
  }
}
