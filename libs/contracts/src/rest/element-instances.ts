import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import { OperationReference, VariablesParam } from './common';
import { ActivateElement } from './jobs';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';

/** An element instance, as search and `GET /v2/element-instances/{elementInstanceKey}` return it; the optional fields are absent when empty. */
export const ElementInstance = Type.Object({
  elementInstanceKey: Key,
  processInstanceKey: Key,
  processDefinitionKey: Key,
  processDefinitionId: Type.String(),
  elementId: Type.String(),
  elementName: Type.Optional(Type.String()),
  /** The BPMN type in Camunda's words: `SERVICE_TASK`, `USER_TASK`, `EXCLUSIVE_GATEWAY`, … */
  type: Type.String(),
  state: Type.String({ description: 'ACTIVE, COMPLETED or TERMINATED' }),
  /** Its own incident, or (a call activity) one of the instance it waits for. */
  hasIncident: Type.Boolean(),
  incidentKey: Type.Optional(Key),
  flowScopeKey: Type.Optional(Key),
  startDate: Type.String({ format: 'date-time' }),
  endDate: Type.Optional(Type.String({ format: 'date-time' })),
  tenantId: Type.String(),
});
export type ElementInstance = Static<typeof ElementInstance>;

/** A variable, as search and `GET /v2/variables/{variableKey}` return it (a JSON `null` is the text `null`). */
export const Variable = Type.Object({
  variableKey: Key,
  name: Type.String(),
  /** The value as JSON text, as Camunda writes it. */
  value: Type.String({ description: 'the value as JSON text' }),
  /** The element instance (or process instance) whose scope holds it. */
  scopeKey: Key,
  processInstanceKey: Key,
  processDefinitionKey: Key,
  tenantId: Type.String(),
  isTruncated: Type.Boolean(),
});
export type Variable = Static<typeof Variable>;

/** `PUT /v2/element-instances/{elementInstanceKey}/variables`. */
export const SetVariablesRequest = Type.Object({
  variables: VariablesParam,
  /** True: set on this scope only; false: each variable where it already lives, else on this scope. @default false */
  local: Type.Optional(Type.Boolean()),
  operationReference: OperationReference,
});
export type SetVariablesRequest = Static<typeof SetVariablesRequest>;

/** `POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation`: inner elements to start. */
export const ActivateAdHocElementsRequest = Type.Object({
  elements: Type.Array(ActivateElement, { minItems: 1, description: 'an array of at least one element to activate ({ elementId, variables })' }),
  /**
   * Taken as Camunda 8.8 takes it: it goes with the activation, and the activation cancels
   * nothing (Zeebe acts on the flag only when a job result fulfils the completion condition,
   * `isCancelRemainingInstances`). @default false
   */
  cancelRemainingInstances: Type.Optional(Type.Boolean()),
});
export type ActivateAdHocElementsRequest = Static<typeof ActivateAdHocElementsRequest>;

const tag = 'Element instance';

export const SEARCH_ELEMENT_INSTANCES = searchRoute('/v2/element-instances/search', tag, 'Search element instances', ElementInstance);
export const GET_ELEMENT_INSTANCE: RouteContract = { method: 'get', path: '/v2/element-instances/{elementInstanceKey}', tag, summary: 'Get an element instance', response: ElementInstance };
export const SET_VARIABLES: RouteContract = { method: 'put', path: '/v2/element-instances/{elementInstanceKey}/variables', tag, summary: 'Set variables on a scope', body: SetVariablesRequest };
export const ACTIVATE_AD_HOC_ELEMENTS: RouteContract = {
  method: 'post',
  path: '/v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation',
  tag: 'Ad-hoc sub-process',
  summary: 'Activate inner elements of an active ad-hoc sub-process',
  body: ActivateAdHocElementsRequest,
};
export const SEARCH_VARIABLES = searchRoute('/v2/variables/search', 'Variable', 'Search variables', Variable);
export const GET_VARIABLE: RouteContract = { method: 'get', path: '/v2/variables/{variableKey}', tag: 'Variable', summary: 'Get a variable', response: Variable };

/** Element instances and variables: search, read, set, and ad-hoc activation. */
export const ELEMENT_INSTANCE_ROUTES: readonly RouteContract[] = [SEARCH_ELEMENT_INSTANCES, GET_ELEMENT_INSTANCE, SET_VARIABLES, ACTIVATE_AD_HOC_ELEMENTS, SEARCH_VARIABLES, GET_VARIABLE];
