import type { Prng } from './prng';

/**
 * An abstract, *structured* process: every split has its matching join, so any run of it can
 * only end completed or waiting — never stuck at a join a token can no longer reach. One tree
 * renders to several XML dialects (see `renderZeebeXml`, `renderBpmnEngineXml`).
 */
export type ProcessNode =
  TaskNode | SequenceNode | ExclusiveNode | InclusiveNode | ParallelNode | SubProcessNode;

/** A wait state: a user task, or a service task whose job a worker completes. */
export interface TaskNode {
  readonly kind: 'task';
  readonly id: string;
  readonly work: 'user' | 'service';
  readonly boundaries: readonly BoundaryNode[];
}

/**
 * A message or timer boundary event on a task. An interrupting one's path rejoins the flow
 * right after the task (through an exclusive merge); a non-interrupting one's path ends at an
 * end event of its own.
 */
export interface BoundaryNode {
  readonly id: string;
  readonly trigger: 'message' | 'timer';
  readonly interrupting: boolean;
  readonly path: SequenceNode;
}

export interface SequenceNode {
  readonly kind: 'sequence';
  readonly items: readonly ProcessNode[];
}

/** A comparison of the variable {@link DRIVER_VARIABLE} with a constant. */
export interface Condition {
  readonly op: '=' | '<' | '>';
  readonly value: number;
}

/** A branch of an exclusive or inclusive split; no condition marks the default flow. */
export interface ConditionalBranch {
  readonly condition?: Condition;
  readonly body: ProcessNode;
}

/** Exclusive split and merge; conditions are disjoint (`x = v`), the last branch is the default. */
export interface ExclusiveNode {
  readonly kind: 'exclusive';
  readonly id: string;
  readonly branches: readonly ConditionalBranch[];
}

/** Inclusive split and join; conditions may overlap, the last branch is the default. */
export interface InclusiveNode {
  readonly kind: 'inclusive';
  readonly id: string;
  readonly branches: readonly ConditionalBranch[];
}

export interface ParallelNode {
  readonly kind: 'parallel';
  readonly id: string;
  readonly branches: readonly ProcessNode[];
}

/**
 * An embedded sub-process. With `error`, its body is followed by a check: when the condition
 * holds, an error end event throws, an interrupting error boundary on the sub-process catches
 * it and its handler path rejoins the flow after the sub-process.
 */
export interface SubProcessNode {
  readonly kind: 'subProcess';
  readonly id: string;
  readonly body: ProcessNode;
  readonly error?: { readonly condition: Condition; readonly handler: SequenceNode };
}

/** The one variable conditions read; drivers set it when they complete a task. */
export const DRIVER_VARIABLE = 'x';
/** Drivers set {@link DRIVER_VARIABLE} to an integer in [0, DRIVER_VALUES). */
export const DRIVER_VALUES = 5;

/** What a generated tree may contain. */
export interface TreeOptions {
  /** Kinds of tasks to draw from. @default ['user'] */
  readonly work?: readonly TaskNode['work'][];
  /** Boundary triggers to draw from (none: no boundary events). @default ['message', 'timer'] */
  readonly boundaryTriggers?: readonly BoundaryNode['trigger'][];
  /** Whether inclusive gateways may appear. @default true */
  readonly inclusive?: boolean;
  /** Whether sub-processes may throw an error caught by a boundary. @default true */
  readonly errors?: boolean;
  /** Nesting depth of gateways and sub-processes. @default 3 */
  readonly maxDepth?: number;
  /** Upper bound on tasks (boundary paths included), to keep runs short. @default 12 */
  readonly maxTasks?: number;
  /**
   * Whether every choice — an exclusive or inclusive split, a task with an interrupting
   * boundary — is wrapped in an embedded sub-process of its own. `bpmn-engine` needs it: it
   * passes the "discard" of an untaken or interrupted path on through the exclusive merge where
   * the other path rejoins, and a parallel join further down the same scope then fires early or
   * never. @default false
   */
  readonly isolateChoices?: boolean;
}

/** A random structured process tree; the same generator state gives the same tree. */
export function randomProcessTree(rng: Prng, options: TreeOptions = {}): SequenceNode {
  return new TreeGenerator(rng, options).sequence(options.maxDepth ?? 3);
}

class TreeGenerator {
  private readonly counters = { t: 0, g: 0, sp: 0, b: 0 };
  private tasks = 0;
  private readonly work: readonly TaskNode['work'][];
  private readonly triggers: readonly BoundaryNode['trigger'][];
  private readonly maxTasks: number;

  constructor(
    private readonly rng: Prng,
    private readonly options: TreeOptions,
  ) {
    this.work = options.work ?? ['user'];
    this.triggers = options.boundaryTriggers ?? ['message', 'timer'];
    this.maxTasks = options.maxTasks ?? 12;
  }

  sequence(depth: number): SequenceNode {
    const items: ProcessNode[] = [this.node(depth)];
    while (items.length < 3 && this.rng.chance(0.4) && this.room()) items.push(this.node(depth));
    return { kind: 'sequence', items };
  }

  private room(): boolean {
    return this.tasks < this.maxTasks;
  }

  private node(depth: number): ProcessNode {
    if (!this.options.isolateChoices) return this.anyNode(depth);
    const id = this.id('sp');
    const node = this.anyNode(depth);
    return isChoice(node) ? { kind: 'subProcess', id, body: { kind: 'sequence', items: [node] } } : node;
  }

  private anyNode(depth: number): ProcessNode {
    if (depth <= 0 || !this.room() || this.rng.chance(0.35)) return this.task(depth);
    const kind = this.rng.int(4);
    switch (kind === 1 && this.options.inclusive === false ? 0 : kind) {
      case 0:
        return { kind: 'exclusive', id: this.id('g'), branches: this.conditional(depth, true) };
      case 1:
        return { kind: 'inclusive', id: this.id('g'), branches: this.conditional(depth, false) };
      case 2:
        return {
          kind: 'parallel',
          id: this.id('g'),
          branches: this.branches(depth).map(() => this.sequence(depth - 1)),
        };
      default:
        return this.subProcess(depth);
    }
  }

  private task(depth: number): TaskNode {
    this.tasks++;
    const id = this.id('t');
    const boundaries: BoundaryNode[] = [];
    for (const trigger of this.triggers) {
      if (!this.rng.chance(0.25)) continue;
      const bid = this.id('b');
      // A boundary path holds at most one task and no further boundaries, so runs stay short.
      const path: ProcessNode[] = this.rng.chance(0.5) && this.room() && depth > 0 ? [this.plainTask()] : [];
      const interrupting = this.rng.chance(0.5);
      boundaries.push({ id: bid, trigger, interrupting, path: { kind: 'sequence', items: path } });
    }
    return { kind: 'task', id, work: this.rng.pick(this.work), boundaries };
  }

  private plainTask(): TaskNode {
    this.tasks++;
    return { kind: 'task', id: this.id('t'), work: this.rng.pick(this.work), boundaries: [] };
  }

  private branches(depth: number): null[] {
    return Array.from({ length: depth > 1 && this.rng.chance(0.3) ? 3 : 2 }, () => null);
  }

  private conditional(depth: number, disjoint: boolean): ConditionalBranch[] {
    const n = this.branches(depth).length;
    const values = shuffled(this.rng, DRIVER_VALUES);
    return Array.from({ length: n }, (_, i) => {
      const body = this.sequence(depth - 1);
      if (i === n - 1) return { body };
      const condition: Condition = disjoint
        ? { op: '=', value: values[i]! }
        : { op: this.rng.pick(['=', '<', '>'] as const), value: this.rng.int(DRIVER_VALUES) };
      return { condition, body };
    });
  }

  private subProcess(depth: number): SubProcessNode {
    const id = this.id('sp');
    const body = this.sequence(depth - 1);
    if (!(this.options.errors ?? true) || !this.rng.chance(0.4)) return { kind: 'subProcess', id, body };
    const condition: Condition = {
      op: this.rng.pick(['=', '<', '>'] as const),
      value: this.rng.int(DRIVER_VALUES),
    };
    const handler: ProcessNode[] = this.room() ? [this.plainTask()] : [];
    return {
      kind: 'subProcess',
      id,
      body,
      error: { condition, handler: { kind: 'sequence', items: handler } },
    };
  }

  private id(prefix: keyof TreeGenerator['counters']): string {
    return `${prefix}${++this.counters[prefix]}`;
  }
}

/** Whether `node` makes a choice at its top level that can leave a path untaken. */
function isChoice(node: ProcessNode): boolean {
  switch (node.kind) {
    case 'exclusive':
    case 'inclusive':
      return true;
    case 'task':
      return node.boundaries.some((b) => b.interrupting);
    default:
      return false;
  }
}

function shuffled(rng: Prng, n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
