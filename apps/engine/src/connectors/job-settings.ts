import { evaluateFeel, ScopeChainContext, type JsonValue } from '@osprey/runtime';
import type { ActivatedJob } from '@osprey/store';
import { ConnectorError } from './connector';

/**
 * A connector job's settings. Each setting is read from the task header of that name
 * (`zeebe:taskHeaders`; FEEL over the job's variables when it starts with `=`), else from the
 * variable of that name (typically an input mapping of the task). Variables are never
 * evaluated as FEEL: only the model's own headers are expressions.
 */
export class JobSettings {
  private readonly context: ScopeChainContext;

  constructor(private readonly job: ActivatedJob) {
    this.context = new ScopeChainContext([job.variables]);
  }

  /** The setting's value, or undefined when neither a header nor a variable sets it. @throws ConnectorError */
  value(name: string): JsonValue | undefined {
    const header = this.job.customHeaders[name];
    if (header !== undefined) {
      if (!header.startsWith('=')) return header;
      return this.evaluate(name, header, this.context);
    }
    const variable = this.job.variables[name];
    return variable === null ? undefined : variable;
  }

  /** A text setting (numbers and booleans are accepted as their text). @throws ConnectorError */
  string(name: string, opts: { required: true }): string;
  string(name: string, opts?: { required?: boolean }): string | undefined;
  string(name: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.value(name);
    if (v === undefined || v === null || v === '') {
      if (opts.required) throw invalid(`Expected the setting '${name}' (a task header or variable), but it is missing`);
      return undefined;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') throw invalid(`Expected the setting '${name}' to be text, but found ${describe(v)}`);
    return v;
  }

  /** An object setting; a static header holds it as JSON text. @throws ConnectorError */
  object(name: string): Record<string, JsonValue> | undefined {
    const header = this.job.customHeaders[name];
    let v = this.value(name);
    if (v === undefined || v === null) return undefined;
    if (header !== undefined && !header.startsWith('=')) {
      try {
        v = JSON.parse(header) as JsonValue;
      } catch {
        throw invalid(`Expected the header '${name}' to be a JSON object or a FEEL context, but it does not parse`);
      }
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`Expected the setting '${name}' to be an object, but found ${describe(v)}`);
    return v;
  }

  /** An integer setting within [min, max]; values above max are capped to it. @throws ConnectorError */
  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.value(name);
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'string' ? Number(v.trim()) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw invalid(`Expected the setting '${name}' to be an integer of at least ${min}, but found ${describe(v)}`);
    return Math.min(n, max);
  }

  /** A yes/no setting. @throws ConnectorError */
  bool(name: string, fallback: boolean): boolean {
    const v = this.value(name);
    if (v === undefined || v === null || v === '') return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw invalid(`Expected the setting '${name}' to be true or false, but found ${describe(v)}`);
  }

  /** A comma-separated list setting, trimmed, empty entries dropped. */
  list(name: string): string[] {
    return (this.string(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** The raw text of a header holding an expression evaluated later (over a response). */
  expression(name: string): string | undefined {
    const header = this.job.customHeaders[name];
    return header === undefined || header.trim() === '' ? undefined : header;
  }

  /**
   * Evaluates FEEL `source` (leading `=` optional) in `context`.
   * @throws ConnectorError (EXPRESSION_FAILED) naming the setting
   */
  evaluate(name: string, source: string, context: ScopeChainContext): JsonValue {
    const outcome = evaluateFeel(source, context, Date.now());
    if (!outcome.ok) throw new ConnectorError('EXPRESSION_FAILED', `${name}: ${outcome.message}`);
    // Camunda's FEEL makes a missing variable null with a warning; a connector setting cannot
    // use null, so the warning is the reason the user must see.
    if (outcome.value === null && outcome.warnings?.length) throw new ConnectorError('EXPRESSION_FAILED', `${name}: ${outcome.warnings.join('; ')}`);
    return outcome.value;
  }

  /** Evaluates an expression header over `values` (e.g. a response): see {@link evaluate}. */
  evaluateOver(name: string, source: string, values: Record<string, JsonValue>): JsonValue {
    return this.evaluate(name, source, new ScopeChainContext([values]));
  }
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID_CONFIGURATION', message);
}

/** A short description of a value for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a context';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 60)}…` : v}'`;
  return `${typeof v} ${String(v)}`;
}
