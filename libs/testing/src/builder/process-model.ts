/** The process a builder is writing: its elements, flows and associations, and their XML. */
import { GlobalElements, feel } from './definitions';
import { definitions, element, extensionElements, formalExpression, type Attributes } from './xml';

/** One flow node (or the process) being written. */
export interface ModelNode {
  readonly id: string;
  /** The BPMN tag, `bpmn:serviceTask`… */
  readonly tag: string;
  readonly scopeId: string | null;
  readonly attributes: Record<string, string | number | boolean | undefined>;
  /** Zeebe extension elements. */
  readonly extensions: readonly string[];
  /** Event definitions and loop characteristics. */
  readonly definitions: readonly string[];
  readonly incoming: string[];
  readonly outgoing: string[];
  /** Set for a compensation boundary event: the next activity becomes its handler. */
  readonly compensationBoundary?: boolean;
  /** Set for an event sub-process. */
  readonly eventSubProcess?: boolean;
}

/** A flow the next connection gets: id, condition (FEEL), default. */
export interface PendingFlow {
  id?: string;
  condition?: string;
  isDefault?: boolean;
}

interface Connection {
  readonly id: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly condition?: string;
}

/** Elements, flows and associations of one process, written as BPMN XML by {@link ProcessModel.xml}. */
export class ProcessModel {
  readonly globals = new GlobalElements();
  private readonly nodes = new Map<string, ModelNode>();
  private readonly flows: Connection[] = [];
  private readonly associations: Connection[] = [];
  private flowCount = 0;

  add(node: ModelNode): void {
    if (this.nodes.has(node.id)) throw new Error(`Expected a new element id, but '${node.id}' is used twice`);
    if (node.scopeId !== null) this.get(node.scopeId);
    this.nodes.set(node.id, node);
  }

  get(id: string): ModelNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`Expected an element '${id}', but there is none`);
    return node;
  }

  connect(from: string, to: string, pending: PendingFlow): void {
    const id = pending.id ?? `flow_${++this.flowCount}_${from}_${to}`;
    this.flows.push({ id, sourceId: from, targetId: to, ...(pending.condition ? { condition: feel(pending.condition) } : {}) });
    const source = this.get(from);
    source.outgoing.push(id);
    this.get(to).incoming.push(id);
    if (pending.isDefault) source.attributes.default = id;
  }

  /** Marks `handlerId` as the compensation handler of `boundaryId`, as the modeler does: by an association. */
  associate(boundaryId: string, handlerId: string): void {
    this.associations.push({ id: `association_${boundaryId}_${handlerId}`, sourceId: boundaryId, targetId: handlerId });
  }

  /** The whole document: the process `rootId` and the global elements its events refer to. */
  xml(rootId: string): string {
    const root = this.get(rootId);
    const process = element(root.tag, root.attributes, [...extensionElements(root.extensions), ...this.content(rootId)]);
    return definitions(rootId, [process, ...this.globals.xml()]);
  }

  /** The flow nodes, flows and associations of scope `scopeId`, in the order they were added. */
  private content(scopeId: string): string[] {
    const inScope = (c: Connection) => this.get(c.sourceId).scopeId === scopeId;
    return [
      ...[...this.nodes.values()].filter((n) => n.scopeId === scopeId).map((n) => this.node(n)),
      ...this.flows
        .filter(inScope)
        .map((f) =>
          element('bpmn:sequenceFlow', { id: f.id, sourceRef: f.sourceId, targetRef: f.targetId }, f.condition ? [formalExpression('bpmn:conditionExpression', f.condition)] : []),
        ),
      ...this.associations
        .filter(inScope)
        .map((a) => element('bpmn:association', { id: a.id, associationDirection: 'One', sourceRef: a.sourceId, targetRef: a.targetId })),
    ];
  }

  private node(n: ModelNode): string {
    const children = [
      ...extensionElements(n.extensions),
      ...n.incoming.map((id) => `<bpmn:incoming>${id}</bpmn:incoming>`),
      ...n.outgoing.map((id) => `<bpmn:outgoing>${id}</bpmn:outgoing>`),
      ...n.definitions,
      ...(n.tag === 'bpmn:subProcess' ? this.content(n.id) : []),
    ];
    return element(n.tag, n.attributes as Attributes, children);
  }
}
