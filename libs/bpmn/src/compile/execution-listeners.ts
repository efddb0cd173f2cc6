import type { ExecutionListenerDef } from '../graph';
import { describeType, extension, list, str, type ModdleNode } from '../moddle/moddle-node';
import type { ProblemList } from '../problems';
import type { ElementDraft } from './drafts';
import { toExpression } from './expressions';

const EVENT_TYPES = ['start', 'end'] as const;

/**
 * Reads `zeebe:executionListeners` onto `draft`: each listener's event type, job type and
 * retries (default `3`). A listener without a job type or with an unknown event type is a
 * problem, as in Zeebe.
 */
export function readExecutionListeners(node: ModdleNode, draft: ElementDraft, problems: ProblemList): void {
  const container = extension(node, 'zeebe:ExecutionListeners');
  if (!container) return;
  const label = `${describeType(node.$type)} '${node.id ?? '?'}'`;
  const listeners: ExecutionListenerDef[] = [];
  for (const listener of list(container, 'listeners')) {
    const rawEvent = (str(listener, 'eventType') ?? 'start').trim();
    const eventType = EVENT_TYPES.find((e) => e === rawEvent);
    const type = (str(listener, 'type') ?? '').trim();
    if (!eventType) {
      problems.add(node.id ?? null, `an execution listener eventType of start or end on ${label}`, `it has '${rawEvent}'`);
      continue;
    }
    if (type === '') {
      problems.add(node.id ?? null, `every execution listener of ${label} to have a job type`, 'one has none');
      continue;
    }
    const retries = (str(listener, 'retries') ?? '').trim();
    listeners.push(Object.freeze({ eventType, type: toExpression(type), retries: toExpression(retries || '3') }));
  }
  if (listeners.length > 0) draft.executionListeners = Object.freeze(listeners);
}
