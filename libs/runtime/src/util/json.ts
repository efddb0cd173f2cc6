/**
 * Small helpers over JSON values. Variable values are never mutated in place: a nested update
 * copies the path it changes, so values can be shared between states safely.
 */
import type { JsonValue } from '../state';

/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const k of aKeys) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEquals(a[k], b[k])) return false;
  }
  return true;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `base` with `value` set at `path` (a list of property names), copying each object on the
 * path; a missing or non-object step becomes a new object.
 */
export function setPath(base: JsonValue | undefined, path: readonly string[], value: JsonValue): JsonValue {
  if (path.length === 0) return value;
  const object = isJsonObject(base) ? base : {};
  const [head, ...rest] = path as [string, ...string[]];
  // A computed key in a literal defines an own property even for `__proto__`, where an
  // assignment would replace the prototype instead.
  return { ...object, [head]: setPath(hasOwn(object, head) ? object[head] : undefined, rest, value) };
}

/** Own-property check that ignores the prototype chain (`constructor`, `__proto__`, …). */
export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
