/** Checks that a command fits the instance's state; a misfit is a {@link CommandRejection}. */
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';
import type { ElementInstance, OpenEntity } from '../state';

/**
 * The live element instance `key`, ACTIVATED (waiting for something).
 *
 * @throws CommandRejection NOT_FOUND when it does not exist, INVALID_STATE when it is not waiting
 */
export function requireWaiting(p: Processing, key: string): ElementInstance {
  const el = p.element(key);
  if (!el) {
    throw new CommandRejection(
      'NOT_FOUND',
      `Expected element instance '${key}' to be active, but it does not exist (it may have completed or been terminated)`,
    );
  }
  if (el.state !== 'ACTIVATED') {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected element instance '${key}' (${el.elementId}) to be ACTIVATED, but it is ${el.state}`,
    );
  }
  return el;
}

/**
 * The open entity `key` of type `valueType`.
 *
 * @throws CommandRejection NOT_FOUND when the instance has no such open job, task, timer or subscription
 */
export function requireOpen<T extends keyof OpenValues>(
  p: Processing,
  key: string,
  valueType: T,
): OpenValues[T] {
  const entity: OpenEntity | undefined = p.state.openEntities?.[key];
  if (!entity || entity.valueType !== valueType) {
    throw new CommandRejection(
      'NOT_FOUND',
      `Expected an open ${valueType.toLowerCase().replace('_', ' ')} '${key}' in instance '${p.state.processInstanceKey}', but there is none`,
    );
  }
  const value: unknown = entity.value;
  return value as OpenValues[T];
}

/** The value of an open entity, by its `valueType`. */
type OpenValues = { [E in OpenEntity as E['valueType']]: E['value'] };

/**
 * Checks that `owner` holds `key` in one of its lists (`timerKeys`, …).
 *
 * @throws CommandRejection INVALID_STATE when it does not
 */
export function requireOwned(
  owner: ElementInstance,
  list: readonly string[] | undefined,
  key: string,
  what: string,
): void {
  if (!list?.includes(key)) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected element instance '${owner.key}' (${owner.elementId}) to wait on ${what} '${key}', but it does not`,
    );
  }
}
