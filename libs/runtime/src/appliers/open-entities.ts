/**
 * Bookkeeping shared by the job, user task, timer and subscription appliers: the value of each
 * open one by key ({@link InstanceState.openEntities}) and its key on the owning element.
 */
import type { ElementInstance, InstanceState, OpenEntity } from '../state';
import { writableElement } from './ownership';

type KeyList = 'timerKeys' | 'messageSubscriptionKeys' | 'signalSubscriptionKeys';

/** Remembers an opened entity. */
export function openEntity(state: InstanceState, key: string, entity: OpenEntity): void {
  (state.openEntities ??= {})[key] = entity;
}

/** Forgets a closed entity. */
export function closeEntity(state: InstanceState, key: string): void {
  if (state.openEntities) delete state.openEntities[key];
}

/** Adds `key` to the owner's list (a new array: lists are shared with the input state). */
export function addKey(state: InstanceState, ownerKey: string, list: KeyList, key: string): void {
  const el = writableElement(state, ownerKey);
  if (el) el[list] = [...(el[list] ?? []), key];
}

/** Removes `key` from the owner's list; an empty list is dropped. */
export function removeKey(state: InstanceState, ownerKey: string, list: KeyList, key: string): void {
  const current = state.elements[ownerKey]?.[list];
  if (!current?.includes(key)) return;
  const el = writableElement(state, ownerKey)!;
  const rest = current.filter((k) => k !== key);
  if (rest.length > 0) el[list] = rest;
  else delete el[list];
}

/** Sets or clears a single-key field of an element (`jobKey`, `userTaskKey`, `childProcessInstanceKey`). */
export function setElementKey(
  state: InstanceState,
  ownerKey: string,
  field: keyof Pick<ElementInstance, 'jobKey' | 'userTaskKey' | 'childProcessInstanceKey'>,
  key: string | undefined,
): void {
  if (!state.elements[ownerKey]) return;
  const el = writableElement(state, ownerKey)!;
  if (key === undefined) delete el[field];
  else el[field] = key;
}
