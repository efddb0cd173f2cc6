/**
 * Conversion of feelin results into JSON variable values. FEEL temporal values (dates, times,
 * date-times, durations) become their ISO 8601 strings, as Camunda 8 stores them; functions and
 * ranges have no JSON form and make the evaluation fail.
 */
import { isFunction, isRange } from 'feelin';
import type { JsonValue } from '../state';
import { fail, ok, type Outcome } from '../util/outcome';

/** Converts a value returned by feelin into a JSON value. */
export function feelToJson(value: unknown): Outcome<JsonValue> {
  const out = convert(value);
  return out === UNREPRESENTABLE
    ? fail(`Expected a value that can be stored as JSON, but the result contains a ${describe(value)}`)
    : ok(out);
}

const UNREPRESENTABLE: unique symbol = Symbol('unrepresentable');

function convert(value: unknown): JsonValue | typeof UNREPRESENTABLE {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'function':
      return UNREPRESENTABLE;
    case 'object':
      break;
    default:
      return UNREPRESENTABLE;
  }
  if (Array.isArray(value)) {
    const list: JsonValue[] = [];
    for (const item of value) {
      const c = convert(item);
      if (c === UNREPRESENTABLE) return UNREPRESENTABLE;
      list.push(c);
    }
    return list;
  }
  if (isFunction(value) || isRange(value)) return UNREPRESENTABLE;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // FeelDate, FeelTime, FeelDateTime, FeelDuration: their ISO form.
    const s: unknown = toJSON.call(value);
    return typeof s === 'string' ? s : UNREPRESENTABLE;
  }
  const result: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(value)) {
    const c = convert(v);
    if (c === UNREPRESENTABLE) return UNREPRESENTABLE;
    Object.defineProperty(result, k, { value: c, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function describe(value: unknown): string {
  if (typeof value === 'function' || isFunction(value)) return 'function';
  if (isRange(value)) return 'range';
  if (Array.isArray(value)) return 'list with a function or range';
  return 'context with a function or range';
}

/** A short, readable rendering of a value for incident messages. */
export function describeValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  const s = JSON.stringify(value);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** The FEEL type name of a JSON value, for "Expected X, but was Y" messages. */
export function feelTypeOf(value: JsonValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'OBJECT';
  }
}
