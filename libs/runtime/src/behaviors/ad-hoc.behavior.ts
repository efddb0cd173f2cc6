/**
 * What an ad-hoc sub-process does with its inner elements: start the ones asked for (by its
 * `activeElementsCollection`, its job worker, or `POST /v2/element-instances/ad-hoc-activities/…`),
 * gather each inner flow's output and decide, when one ends, whether the sub-process completes.
 */
import type { AdHocDef, ElementDef } from '@osprey/bpmn';
import { evaluateBoolean } from '../feel/typed-values';
import { evaluateExpression } from '../feel/feel-evaluator';
import type { Processing } from '../processing/processing';
import type { ElementInstance, JsonValue } from '../state';
import { fail, ok, type Outcome } from '../util/outcome';
import { closeOne } from './event-subscription.behavior';
import { completeElement } from './lifecycle.behavior';
import { terminateChildren } from './termination.behavior';
import { contextAt, setVariable } from './variables.behavior';

/** One element to start in an ad-hoc sub-process, with the local variables it starts with. */
export interface AdHocActivation {
  readonly elementId: string;
  readonly variables?: Readonly<Record<string, JsonValue>>;
}

/** The variable Camunda 8 creates in every ad-hoc sub-process, describing what it can start. */
export const AD_HOC_ELEMENTS_VARIABLE = 'adHocSubProcessElements';

/** Sets `adHocSubProcessElements` (and an empty output collection) on the sub-process's scope. */
export function describeActivatableElements(p: Processing, el: ElementInstance, def: ElementDef): void {
  const adHoc = def.adHoc!;
  const elements = adHoc.activatableElements.map((id) => {
    const inner = p.graph.element(id);
    return {
      elementId: id,
      elementName: inner.name ?? id,
      documentation: inner.documentation ?? '',
      properties: {},
      parameters: [],
    };
  });
  setVariable(p, el.key, AD_HOC_ELEMENTS_VARIABLE, elements);
  if (adHoc.outputCollection && p.state.variables[el.key]?.[adHoc.outputCollection] === undefined) {
    setVariable(p, el.key, adHoc.outputCollection, []);
  }
}

/**
 * Checks that every id names an activatable inner element of `def`: an unknown id is an
 * "Expected …, but …" failure naming it and the ids that exist.
 */
export function checkActivations(def: ElementDef, ids: readonly unknown[]): Outcome<string[]> {
  const activatable = def.adHoc!.activatableElements;
  const unknown = ids.filter((id) => typeof id !== 'string' || !activatable.includes(id));
  if (unknown.length > 0) {
    return fail(
      `Expected to activate inner elements of ad-hoc sub-process '${def.id}' (${activatable.join(', ')}), ` +
        `but ${unknown.map((id) => JSON.stringify(id)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among them`,
    );
  }
  return ok(ids as string[]);
}

/** Queues the start of each element inside ad-hoc sub-process instance `el`. */
export function activateInner(p: Processing, el: ElementInstance, activations: readonly AdHocActivation[]): void {
  for (const { elementId, variables } of activations) {
    p.enqueue({
      type: 'activate',
      elementId,
      flowScopeKey: el.key,
      ...(variables && Object.keys(variables).length > 0 ? { localVariables: variables } : {}),
    });
  }
}

/**
 * An inner flow of `scope` is completing (its last element, `child`, has its outputs applied):
 * adds its `outputElement` to the output collection and evaluates the completion condition.
 * Returns whether the condition is met (always false without one).
 */
export function innerFlowCompleting(p: Processing, scope: ElementInstance, child: ElementInstance): Outcome<boolean> {
  const adHoc: AdHocDef = p.def(scope).adHoc!;
  const vars = contextAt(p, child.key);
  if (adHoc.outputCollection && adHoc.outputElement) {
    const value = evaluateExpression(adHoc.outputElement, vars, p.now);
    if (!value.ok) return fail(`${value.message} (output element of '${scope.elementId}')`);
    const current = p.state.variables[scope.key]?.[adHoc.outputCollection];
    setVariable(p, scope.key, adHoc.outputCollection, [...(Array.isArray(current) ? current : []), value.value]);
  }
  if (!adHoc.completionCondition) return ok(false);
  const met = evaluateBoolean(adHoc.completionCondition, vars, p.now);
  return met.ok ? met : fail(`${met.message} (completion condition of '${scope.elementId}')`);
}

/**
 * The completion condition of `scope` is fulfilled: with `cancelRemaining`, whatever still runs
 * inside is terminated and it completes; otherwise it completes once nothing runs inside.
 */
export function completeAdHoc(p: Processing, scope: ElementInstance, cancelRemaining: boolean): void {
  if (cancelRemaining) terminateChildren(p, scope.key);
  const current = p.element(scope.key)!;
  // A job the worker still holds has nothing left to decide.
  if (current.jobKey) closeOne(p, current.jobKey);
  if (current.activeChildren === 0) completeElement(p, scope.key);
}
