import type { ElementDef, ProcessGraph } from '../graph';
import type { ProblemList } from '../problems';
import { isActivity } from '../compile/element-types';
import { label } from './labels';

/** Rules about a process or sub-process as a whole: how it starts, and its link events. */
export function checkScope(scope: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const children = scope.children
    .map((id) => graph.elements.get(id))
    .filter((c): c is ElementDef => c !== undefined);
  const starts = children.filter((c) => c.type === 'startEvent');
  const noneStarts = starts.filter((c) => c.eventDefinition?.kind === 'none');

  if (scope.type === 'process') {
    const triggered = starts.filter((c) =>
      ['message', 'timer', 'signal'].includes(c.eventDefinition?.kind ?? ''),
    );
    if (noneStarts.length === 0 && triggered.length === 0) {
      problems.add(
        scope.id,
        `process '${scope.id}' to have a none start event or a message, timer or signal start event`,
        'it has none',
      );
    }
    if (noneStarts.length > 1) {
      problems.add(
        scope.id,
        `at most one none start event in process '${scope.id}'`,
        `it has ${noneStarts.length}`,
      );
    }
  } else if (scope.type === 'subProcess' && scope.subProcessKind === 'event') {
    if (starts.length !== 1) {
      problems.add(scope.id, `${label(scope)} to have exactly one start event`, `it has ${starts.length}`);
    }
  } else if (scope.type === 'subProcess' && scope.subProcessKind === 'adHoc') {
    checkAdHoc(scope, children, problems);
  } else if (scope.type === 'subProcess') {
    if (noneStarts.length !== 1 || starts.length !== 1) {
      problems.add(
        scope.id,
        `${label(scope)} to have exactly one start event, a none start event`,
        starts.length === 0
          ? 'it has none'
          : `it has ${starts.length}, ${noneStarts.length} of them without an event definition`,
      );
    }
  }
  checkLinks(scope, children, problems);
}

/** As in Camunda 8: no start or end events, and at least one activity to start. */
function checkAdHoc(scope: ElementDef, children: readonly ElementDef[], problems: ProblemList): void {
  for (const child of children) {
    if (child.type === 'startEvent' || child.type === 'endEvent') {
      problems.add(child.id, `no start or end events in ${label(scope)}`, `it has ${label(child)}`);
    }
  }
  if (!children.some((c) => isActivity(c.type))) {
    problems.add(scope.id, `${label(scope)} to have at least one activity`, 'it has none');
  }
}

/** A link throw jumps to the link catch of the same name in the same scope: exactly one must exist. */
function checkLinks(scope: ElementDef, children: readonly ElementDef[], problems: ProblemList): void {
  const linkName = (c: ElementDef): string | undefined =>
    c.eventDefinition?.kind === 'link' ? c.eventDefinition.linkName : undefined;
  const catches = new Map<string, string[]>();
  for (const child of children) {
    const name = linkName(child);
    if (child.type !== 'intermediateCatchEvent' || !name) continue;
    catches.set(name, [...(catches.get(name) ?? []), child.id]);
  }
  for (const [name, ids] of catches) {
    if (ids.length > 1) {
      for (const id of ids.slice(1)) {
        problems.add(
          id,
          `one link catch event named '${name}' in '${scope.id}'`,
          `'${ids[0]}' and '${id}' share the name`,
        );
      }
    }
  }
  for (const child of children) {
    const name = linkName(child);
    if (child.type !== 'intermediateThrowEvent' || !name) continue;
    if (!catches.has(name)) {
      problems.add(
        child.id,
        `a link catch event named '${name}' in '${scope.id}' for ${label(child)}`,
        'there is none',
      );
    }
  }
}
