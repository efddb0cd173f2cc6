// dmn-js ships JavaScript without type declarations: the slice the decisions editor uses.
declare module 'dmn-js/lib/Modeler' {
  interface DmnView {
    type: 'drd' | 'decisionTable' | 'literalExpression';
    element: { id: string; name?: string };
  }
  export default class DmnModeler {
    constructor(options: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getDefinitions(): { id?: string; name?: string } | undefined;
    getActiveView(): DmnView | undefined;
    getActiveViewer(): { on?(event: string, fn: () => void): void } | undefined;
    open(view: DmnView): Promise<void>;
    on(event: string, fn: () => void): void;
    destroy(): void;
  }
}

// The parts of the properties panel packages the decision picker uses (no type declarations shipped).
declare module 'bpmn-js-properties-panel' {
  export function useService(name: string): unknown;
}
declare module '@bpmn-io/properties-panel' {
  export function SelectEntry(props: Record<string, unknown>): import('preact').JSX.Element;
  export function isSelectEntryEdited(node: unknown): boolean;
}
declare module 'dmn-js/lib/Viewer' {
  interface DmnView {
    type: 'drd' | 'decisionTable' | 'literalExpression';
    element: { id: string; name?: string };
  }
  export default class DmnViewer {
    constructor(options: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    getViews(): DmnView[];
    open(view: DmnView): Promise<void>;
    destroy(): void;
  }
}
