import { ValidationError, isKey } from '@osprey/store';
import type { JsonValue } from '@osprey/runtime';
import { MAX_INT32 } from '@osprey/contracts';

/**
 * Reads a JSON request body field by field, for the routes whose contract has not moved to
 * `@osprey/contracts` yet (ADR 0019), collecting every problem so a 400 names each bad
 * field at once ("variables: Expected an object, but found array").
 */
export class Body {
  private readonly problems: string[] = [];
  private readonly obj: Record<string, unknown>;

  constructor(raw: unknown, private readonly path = '') {
    if (raw === undefined || raw === null) this.obj = {};
    else if (typeof raw !== 'object' || Array.isArray(raw)) {
      this.obj = {};
      this.problems.push(`${path || 'body'}: Expected a JSON object, but found ${describe(raw)}`);
    } else this.obj = raw as Record<string, unknown>;
  }

  private name(field: string) {
    return this.path ? `${this.path}.${field}` : field;
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined && this.obj[field] !== null;
  }

  string(field: string, opts: { required: true }): string;
  string(field: string, opts?: { required?: boolean }): string | undefined;
  string(field: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (opts.required) this.problems.push(`${this.name(field)}: Expected a string, but it is missing`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.problems.push(`${this.name(field)}: Expected a string, but found ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  /** A key: a string of digits (numbers are accepted for lenient clients). */
  key(field: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (opts.required) this.problems.push(`${this.name(field)}: Expected a key, but it is missing`);
      return undefined;
    }
    const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
    if (typeof s !== 'string' || !isKey(s)) {
      this.problems.push(`${this.name(field)}: Expected a key (a string of digits), but found ${describe(v)}`);
      return undefined;
    }
    return s;
  }

  /**
   * An integer within `min`..`max`, as a JSON number or its decimal string: Camunda types
   * timeouts and time-to-live as int64, and its clients in strict mode send those as strings
   * (`"requestTimeout": "0"`). `max` defaults to 2147483647: counts and versions are
   * PostgreSQL `integer` columns, and a larger number would fail the query instead of the request.
   */
  int(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    opts = { ...opts, max: opts.max ?? MAX_INT32 };
    const v = decimal(this.obj[field]);
    if (v === undefined || v === null) {
      if (opts.required) this.problems.push(`${this.name(field)}: Expected an integer, but it is missing`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      const range = opts.min !== undefined || opts.max !== undefined ? ` between ${opts.min ?? '-∞'} and ${opts.max ?? '∞'}` : '';
      this.problems.push(`${this.name(field)}: Expected an integer${range}, but found ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  bool(field: string): boolean | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.problems.push(`${this.name(field)}: Expected a boolean, but found ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  /** A JSON object of variables. */
  variables(field: string): Record<string, JsonValue> | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.problems.push(`${this.name(field)}: Expected an object of variables, but found ${describe(v)}`);
      return undefined;
    }
    return v as Record<string, JsonValue>;
  }

  stringArray(field: string): string[] | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.problems.push(`${this.name(field)}: Expected an array of strings, but found ${describe(v)}`);
      return undefined;
    }
    return v as string[];
  }

  raw(field: string): unknown {
    return this.obj[field];
  }

  /** Adds a problem found by the caller. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Takes over the problems of a body read for one of this body's fields; true when it had none. */
  absorb(nested: Body): boolean {
    this.problems.push(...nested.problems);
    return nested.problems.length === 0;
  }

  /** @throws ValidationError listing every problem */
  done(): void {
    if (this.problems.length > 0) throw new ValidationError('Invalid request body', this.problems);
  }
}

/** A decimal integer string (`"-1"`, `"30000"`) as its number; anything else unchanged. */
export function decimal(v: unknown): unknown {
  if (typeof v !== 'string' || !/^-?\d{1,16}$/.test(v)) return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 60)}…` : v}'`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
