import type { JsonValue } from '@osprey/runtime';
import { ConnectorError } from './connector';
import { describe, type JobSettings } from './job-settings';

/**
 * The variables a connector's result sets: `resultVariable` receives `stored` (by default the
 * whole `result`); `resultExpression` (FEEL over `result`'s entries) must give a context whose
 * entries become variables. Both may be used together.
 * @throws ConnectorError when the expression fails or does not give a context
 */
export function resultVariables(settings: JobSettings, result: Record<string, JsonValue>, stored: JsonValue = result): Record<string, JsonValue> {
  const variables: Record<string, JsonValue> = {};
  const name = settings.string('resultVariable');
  if (name) variables[name] = stored;
  const expression = settings.expression('resultExpression');
  if (expression) {
    const value = settings.evaluateOver('resultExpression', expression, result);
    if (value !== null) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new ConnectorError('EXPRESSION_FAILED', `resultExpression: Expected a context of variables, but found ${describe(value)}`);
      }
      Object.assign(variables, value);
    }
  }
  return variables;
}

/**
 * Reads an `errorExpression` result: null, false or '' = no error; text = the error code;
 * a context `{code, message?, variables?}` (or `errorCode` / `errorMessage`) = an error with details.
 * @throws ConnectorError for any other shape
 */
export function bpmnErrorFrom(
  value: JsonValue,
  setting: string,
): { errorCode: string; errorMessage: string; variables?: Record<string, JsonValue> } | undefined {
  if (value === null || value === false || value === '') return undefined;
  if (typeof value === 'string') return { errorCode: value, errorMessage: '' };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const code = value.code ?? value.errorCode;
    if (code === null || code === undefined || code === '') return undefined;
    const message = value.message ?? value.errorMessage;
    const variables = value.variables;
    return {
      errorCode: String(code),
      errorMessage: typeof message === 'string' ? message : '',
      ...(variables && typeof variables === 'object' && !Array.isArray(variables) ? { variables } : {}),
    };
  }
  throw new ConnectorError('EXPRESSION_FAILED', `${setting}: Expected null, an error code or a context {code, message}, but found ${describe(value)}`);
}

/** True when `status` is listed: exact (`404`, `NOT_FOUND`) or by class (`4xx`). */
export function statusListed(list: readonly string[], status: number | string, name?: string): boolean {
  const text = String(status);
  return list.some((entry) => {
    const e = entry.toUpperCase();
    if (e === text || (name !== undefined && e === name)) return true;
    return /^\dXX$/.test(e) && text.length === 3 && e[0] === text[0];
  });
}
