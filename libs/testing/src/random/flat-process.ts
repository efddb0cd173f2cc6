import type { BoundaryNode, Condition, ProcessNode, SequenceNode, TaskNode } from './process-tree';

/** One BPMN element of a flattened tree; `scope` is the id of the enclosing sub-process, if any. */
export type FlatElement =
  | {
      readonly type: 'startEvent' | 'endEvent' | 'exclusiveGateway' | 'parallelGateway';
      readonly id: string;
      readonly scope?: string;
      readonly default?: string;
    }
  | {
      readonly type: 'inclusiveGateway';
      readonly id: string;
      readonly scope?: string;
      readonly default?: string;
    }
  | { readonly type: 'task'; readonly id: string; readonly scope?: string; readonly work: TaskNode['work'] }
  | { readonly type: 'subProcess'; readonly id: string; readonly scope?: string }
  | {
      readonly type: 'errorEndEvent';
      readonly id: string;
      readonly scope?: string;
      readonly errorCode: string;
    }
  | {
      readonly type: 'boundaryEvent';
      readonly id: string;
      readonly scope?: string;
      readonly attachedTo: string;
      readonly trigger: BoundaryNode['trigger'] | 'error';
      readonly interrupting: boolean;
      /** For an error boundary: the code it catches. */
      readonly errorCode?: string;
    };

export interface FlatFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly condition?: Condition;
}

/** A process tree as BPMN elements and sequence flows, in model order: what renderers print. */
export interface FlatProcess {
  readonly processId: string;
  readonly elements: readonly FlatElement[];
  readonly flows: readonly FlatFlow[];
}

/** Flattens `tree` into the elements and flows of process `processId`. */
export function flattenProcess(processId: string, tree: SequenceNode): FlatProcess {
  const out = new Flattener();
  out.element({ type: 'startEvent', id: 'start' });
  const body = out.node(tree, undefined);
  out.element({ type: 'endEvent', id: 'end' });
  out.flow('start', body.entry);
  out.flow(body.exit, 'end');
  return { processId, elements: out.elements, flows: out.flows };
}

interface Span {
  readonly entry: string;
  readonly exit: string;
}

class Flattener {
  readonly elements: FlatElement[] = [];
  readonly flows: FlatFlow[] = [];
  private flowCount = 0;

  element(e: FlatElement): void {
    this.elements.push(e);
  }

  flow(source: string, target: string, condition?: Condition): string {
    const id = `f${++this.flowCount}`;
    this.flows.push(condition ? { id, source, target, condition } : { id, source, target });
    return id;
  }

  /** Flattens a node; an empty sequence has no span. */
  node(node: ProcessNode, scope: string | undefined): Span {
    const span = this.optional(node, scope);
    if (!span) throw new Error('Expected a node with at least one element, but got an empty sequence');
    return span;
  }

  private optional(node: ProcessNode, scope: string | undefined): Span | undefined {
    switch (node.kind) {
      case 'sequence': {
        const spans = node.items.map((item) => this.node(item, scope));
        for (let i = 1; i < spans.length; i++) this.flow(spans[i - 1]!.exit, spans[i]!.entry);
        return spans.length ? { entry: spans[0]!.entry, exit: spans[spans.length - 1]!.exit } : undefined;
      }
      case 'task':
        return this.task(node, scope);
      case 'parallel':
        return this.gateway(
          'parallelGateway',
          node.id,
          scope,
          node.branches.map((body) => ({ body })),
        );
      case 'exclusive':
        return this.gateway('exclusiveGateway', node.id, scope, node.branches);
      case 'inclusive':
        return this.gateway('inclusiveGateway', node.id, scope, node.branches);
      case 'subProcess':
        return this.subProcess(node, scope);
    }
  }

  private gateway(
    type: 'parallelGateway' | 'exclusiveGateway' | 'inclusiveGateway',
    id: string,
    scope: string | undefined,
    branches: readonly { condition?: Condition; body: ProcessNode }[],
  ): Span {
    const join = `${id}_join`;
    const splitAt = this.elements.length;
    this.element({ type, id, scope });
    let defaultFlow: string | undefined;
    const bodies = branches.map((b) => ({ ...b, span: this.node(b.body, scope) }));
    this.element({ type, id: join, scope });
    for (const b of bodies) {
      const flow = this.flow(id, b.span.entry, b.condition);
      if (!b.condition && type !== 'parallelGateway') defaultFlow = flow;
      this.flow(b.span.exit, join);
    }
    if (defaultFlow) this.elements[splitAt] = { type, id, scope, default: defaultFlow };
    return { entry: id, exit: join };
  }

  private task(node: TaskNode, scope: string | undefined): Span {
    this.element({ type: 'task', id: node.id, scope, work: node.work });
    const interrupting = node.boundaries.filter((b) => b.interrupting);
    const merge = interrupting.length ? `${node.id}_merge` : undefined;
    for (const b of node.boundaries) {
      this.element({
        type: 'boundaryEvent',
        id: b.id,
        scope,
        attachedTo: node.id,
        trigger: b.trigger,
        interrupting: b.interrupting,
      });
      const path = this.optional(b.path, scope);
      const exit = b.interrupting ? merge! : `${b.id}_end`;
      if (!b.interrupting) this.element({ type: 'endEvent', id: exit, scope });
      if (path) {
        this.flow(b.id, path.entry);
        this.flow(path.exit, exit);
      } else this.flow(b.id, exit);
    }
    if (!merge) return { entry: node.id, exit: node.id };
    this.element({ type: 'exclusiveGateway', id: merge, scope });
    this.flow(node.id, merge);
    return { entry: node.id, exit: merge };
  }

  private subProcess(node: Extract<ProcessNode, { kind: 'subProcess' }>, scope: string | undefined): Span {
    const id = node.id;
    this.element({ type: 'subProcess', id, scope });
    this.element({ type: 'startEvent', id: `${id}_start`, scope: id });
    const body = this.node(node.body, id);
    this.element({ type: 'endEvent', id: `${id}_end`, scope: id });
    this.flow(`${id}_start`, body.entry);
    if (!node.error) {
      this.flow(body.exit, `${id}_end`);
      return { entry: id, exit: id };
    }
    const errorCode = `${id}_failed`;
    const check = `${id}_check`;
    this.element({ type: 'exclusiveGateway', id: check, scope: id });
    this.element({ type: 'errorEndEvent', id: `${id}_throw`, scope: id, errorCode });
    this.flow(body.exit, check);
    this.flow(check, `${id}_throw`, node.error.condition);
    const otherwise = this.flow(check, `${id}_end`);
    this.elements[this.elements.findIndex((e) => e.id === check)] = {
      type: 'exclusiveGateway',
      id: check,
      scope: id,
      default: otherwise,
    };
    const merge = `${id}_merge`;
    const boundary = `${id}_catch`;
    this.element({
      type: 'boundaryEvent',
      id: boundary,
      scope,
      attachedTo: id,
      trigger: 'error',
      interrupting: true,
      errorCode,
    });
    const handler = this.optional(node.error.handler, scope);
    this.element({ type: 'exclusiveGateway', id: merge, scope });
    if (handler) {
      this.flow(boundary, handler.entry);
      this.flow(handler.exit, merge);
    } else this.flow(boundary, merge);
    this.flow(id, merge);
    return { entry: id, exit: merge };
  }
}
