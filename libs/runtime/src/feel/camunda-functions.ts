/**
 * Camunda 8.8's FEEL extension functions that feelin lacks (names in `CAMUNDA_FEEL_FUNCTIONS`
 * of `@osprey/bpmn`), handed to feelin as context entries. Only the functions whose names occur
 * in an expression are built for it, so an expression that uses none pays one substring test
 * per name.
 *
 * Pure: `random number()` and `uuid()` draw from the source of randomness the host puts in the
 * evaluation context ({@link VariableContext.random}); without one they fail.
 */
import { CAMUNDA_FEEL_FUNCTIONS } from '@osprey/bpmn';
import { date } from 'feelin';
import type { VariableContext } from './variable-context';

/** `assert(value, condition)` did not hold: the evaluation fails, as in Camunda. */
export class FeelAssertionFailed extends Error {}

type FeelFunction = ((...args: never[]) => unknown) & { $args: string[] };

function fn<A extends unknown[]>(args: string[], body: (...values: A) => unknown): FeelFunction {
  return Object.assign(body as unknown as FeelFunction, { $args: args });
}

const isList = (v: unknown): v is unknown[] => Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';

/** A key that tells two FEEL values apart for `duplicate values` (numbers, strings, lists, contexts). */
function identity(value: unknown): string {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor !== Object
    ? `${value.constructor.name}:${String(value)}`
    : JSON.stringify(value) ?? 'null';
}

function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToUtf8(encoded: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** 16 random bytes from `random`, formatted as a version 4 UUID. */
function uuidFrom(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256) & 0xff);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function noRandomness(): never {
  throw new FeelAssertionFailed('Expected a source of randomness for random number() and uuid(), but this evaluation has none');
}

function build(name: string, random: (() => number) | undefined): FeelFunction | undefined {
  switch (name) {
    case 'random number':
      return fn([], () => (random ?? noRandomness)());
    case 'uuid':
      return fn([], () => uuidFrom(random ?? noRandomness));
    case 'is defined':
      // feelin hands a missing variable over as null, so a variable holding null counts as undefined here.
      return fn(['value'], (value: unknown) => value !== null && value !== undefined);
    case 'get or else':
      return fn(['value', 'default'], (value: unknown, fallback: unknown) => value ?? fallback ?? null);
    case 'assert':
      return fn(['value', 'condition', 'cause'], (value: unknown, condition: unknown, cause: unknown) => {
        if (condition !== true) throw new FeelAssertionFailed(isText(cause) ? cause : 'The assertion failed');
        return value;
      });
    case 'string join':
      return fn(['list', 'delimiter', 'prefix', 'suffix'], (list: unknown, delimiter: unknown, prefix: unknown, suffix: unknown) => {
        if (!isList(list) || !list.every((s) => s === null || isText(s))) return null;
        const joined = list.filter(isText).join(isText(delimiter) ? delimiter : '');
        return `${isText(prefix) ? prefix : ''}${joined}${isText(suffix) ? suffix : ''}`;
      });
    case 'partition':
      return fn(['list', 'size'], (list: unknown, size: unknown) => {
        if (!isList(list) || typeof size !== 'number' || !Number.isInteger(size) || size < 1) return null;
        const parts: unknown[][] = [];
        for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
        return parts;
      });
    case 'duplicate values':
      return fn(['list'], (list: unknown) => {
        if (!isList(list)) return null;
        const seen = new Map<string, number>();
        for (const item of list) seen.set(identity(item), (seen.get(identity(item)) ?? 0) + 1);
        const reported = new Set<string>();
        return list.filter((item) => {
          const id = identity(item);
          if (seen.get(id)! < 2 || reported.has(id)) return false;
          reported.add(id);
          return true;
        });
      });
    case 'is empty':
      return fn(['list'], (list: unknown) => (isList(list) ? list.length === 0 : null));
    case 'is blank':
      return fn(['string'], (text: unknown) => (isText(text) ? text.trim() === '' : null));
    case 'trim':
      return fn(['string'], (text: unknown) => (isText(text) ? text.trim() : null));
    case 'to base64':
      return fn(['value'], (text: unknown) => (isText(text) ? utf8ToBase64(text) : null));
    case 'from base64':
      return fn(['value'], (text: unknown) => (isText(text) ? base64ToUtf8(text) : null));
    case 'get value':
      return fn(['context', 'key'], (context: unknown, key: unknown) => {
        const path = isList(key) ? key : [key];
        let value: unknown = context;
        for (const part of path) {
          if (!isText(part) || typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return null;
          value = (value as Record<string, unknown>)[part];
        }
        return value ?? null;
      });
    case 'last day of month':
      return fn(['date'], (value: unknown) => {
        const iso = /^(-?\d{4,})-(\d{2})-\d{2}/.exec(String(value ?? ''));
        if (!iso) return null;
        const [year, month] = [Number(iso[1]), Number(iso[2])];
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        return date(`${iso[1]}-${iso[2]}-${String(last).padStart(2, '0')}`);
      });
    case 'fromAi':
      // An AI agent fills the value in; the description, type and schema are for the agent only.
      return fn(['value', 'description', 'type', 'schema', 'options'], (value: unknown) => value ?? null);
    default:
      return undefined;
  }
}

/** The extension functions `expression` names, bound to the randomness of `vars`. */
export function camundaFunctionsFor(expression: string, vars: VariableContext): Record<string, unknown> {
  const functions: Record<string, unknown> = {};
  for (const name of CAMUNDA_FEEL_FUNCTIONS) {
    if (!expression.includes(name)) continue;
    const built = build(name, vars.random);
    if (built) functions[name] = built;
  }
  return functions;
}
