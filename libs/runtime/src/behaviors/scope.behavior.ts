/**
 * Scope completion: a sub-process or the process completes once nothing runs in it any more —
 * no live child element instance (`activeChildren`, O(1)) and no token waiting at a join.
 */
import type { Processing } from '../processing/processing';
import type { ScopeCheckStep } from '../processing/steps';
import { completeElement } from './lifecycle.behavior';

/** Runs a scope-check step. */
export function runScopeCheck(p: Processing, step: ScopeCheckStep): void {
  const scope = p.element(step.scopeKey);
  if (!scope || scope.state !== 'ACTIVATED') return;
  if (scope.activeChildren > 0 || scope.joins) return;
  // An ad-hoc sub-process with a completion condition or a job worker completes when that says so.
  const adHoc = p.def(scope).adHoc;
  if (adHoc && (adHoc.completionCondition || p.def(scope).taskDefinition)) return;
  completeElement(p, scope.key);
}
