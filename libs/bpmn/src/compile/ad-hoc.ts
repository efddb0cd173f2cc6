import type { AdHocDef, ElementDef } from '../graph';
import { body, bool, extension, str, type ModdleNode } from '../moddle/moddle-node';
import type { ElementDraft } from './drafts';
import { optionalExpression, toCondition } from './expressions';

/**
 * `bpmn:adHocSubProcess` with its `zeebe:adHoc`, `completionCondition` and
 * `cancelRemainingInstances`. The activatable elements are filled in once the flows are wired
 * (see {@link setActivatableElements}).
 */
export function adHoc(node: ModdleNode): AdHocDef {
  const zeebe = extension(node, 'zeebe:AdHoc');
  const activeElementsCollection = optionalExpression(zeebe && str(zeebe, 'activeElementsCollection'));
  const completionCondition = toCondition(body(node, 'completionCondition'));
  const outputCollection = (zeebe && str(zeebe, 'outputCollection'))?.trim();
  const outputElement = optionalExpression(zeebe && str(zeebe, 'outputElement'));
  return {
    ...(activeElementsCollection ? { activeElementsCollection } : {}),
    ...(completionCondition ? { completionCondition } : {}),
    // Camunda's default: a met condition terminates whatever still runs inside.
    cancelRemainingInstances: bool(node, 'cancelRemainingInstances') ?? true,
    ...(outputCollection ? { outputCollection } : {}),
    ...(outputElement ? { outputElement } : {}),
    activatableElements: [],
  };
}

/**
 * The inner elements an ad-hoc sub-process can start: those without incoming flows, other than
 * boundary events and event sub-processes (their events start them).
 */
export function setActivatableElements(elements: ReadonlyMap<string, ElementDraft>): void {
  for (const draft of elements.values()) {
    if (draft.subProcessKind !== 'adHoc' || !draft.adHoc) continue;
    const activatable = draft.children.filter((id) => {
      const child = elements.get(id) as ElementDef | undefined;
      return (
        child !== undefined &&
        child.incoming.length === 0 &&
        child.type !== 'boundaryEvent' &&
        child.type !== 'startEvent' &&
        child.subProcessKind !== 'event'
      );
    });
    draft.adHoc = { ...draft.adHoc, activatableElements: activatable };
  }
}
