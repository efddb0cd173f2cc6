import DmnModeler from 'dmn-js/lib/Modeler';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';

/** One view of a DMN file: the requirements diagram, or one decision's table or literal expression. */
export interface DmnView {
  type: 'drd' | 'decisionTable' | 'literalExpression';
  element: { id: string; name?: string };
}

/** The DMN editor: dmn-js with its three editors (requirements diagram, decision table, literal expression). */
export interface DmnEditor {
  importXml(xml: string): Promise<void>;
  xml(): Promise<string>;
  views(): DmnView[];
  /** The file's `definitions` id and name: the id a draft is saved under and the file deploys as. */
  definitions(): { id?: string; name?: string };
  active(): DmnView | undefined;
  open(view: DmnView): Promise<void>;
  /** Called after every change and view switch. */
  onChange(listener: () => void): void;
  destroy(): void;
}

export function createDmnEditor(container: HTMLElement): DmnEditor {
  const modeler = new DmnModeler({ container, common: { keyboard: { bindTo: window } } });
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  modeler.on('views.changed', notify);
  const attach = () => {
    const viewer = modeler.getActiveViewer();
    viewer?.on?.('elements.changed', notify);
  };
  modeler.on('views.changed', attach);
  return {
    async importXml(xml) {
      await modeler.importXML(xml);
      attach();
    },
    async xml() {
      return (await modeler.saveXML({ format: true })).xml;
    },
    views: () => modeler.getViews(),
    definitions: () => ({ id: modeler.getDefinitions()?.id, name: modeler.getDefinitions()?.name }),
    active: () => modeler.getActiveView(),
    open: (view) => modeler.open(view),
    onChange: (l) => void listeners.add(l),
    destroy: () => modeler.destroy(),
  };
}
