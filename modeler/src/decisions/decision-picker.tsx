/** @jsxImportSource @bpmn-io/properties-panel/preact */
import { SelectEntry, isSelectEntryEdited } from '@bpmn-io/properties-panel';
import { useEffect, useState } from '@bpmn-io/properties-panel/preact/hooks';
import { useService } from 'bpmn-js-properties-panel';
import { decisionsApi } from './decisions-api';

interface ModdleElement {
  $type: string;
  decisionId?: string;
  get(name: string): unknown;
}
interface PanelElement {
  businessObject: { extensionElements?: { values?: ModdleElement[] } };
}
interface EntryGroup {
  id: string;
  entries: { id: string; component: unknown; isEdited?: unknown }[];
}

/** The deployed decisions, loaded once per modeler and shared by every panel render. */
let deployed: Promise<{ value: string; label: string }[]> | undefined;
function deployedDecisions() {
  deployed ??= decisionsApi
    .searchDefinitions({ sort: [{ field: 'decisionDefinitionId' }], page: { limit: 1000 } })
    .then((page) => {
      const latest = new Map<string, string>();
      for (const d of page.items) latest.set(d.decisionDefinitionId, d.name);
      return [...latest].map(([id, name]) => ({ value: id, label: `${name} (${id})` }));
    })
    .catch(() => []);
  return deployed;
}

function calledDecisionOf(element: PanelElement): ModdleElement | undefined {
  return element.businessObject.extensionElements?.values?.find((v) => v.$type === 'zeebe:CalledDecision');
}

/** A select of the deployed decisions, writing the chosen id into `zeebe:calledDecision decisionId`. */
function DeployedDecisionEntry({ element, id }: { element: PanelElement; id: string }) {
  const modeling = useService('modeling') as { updateModdleProperties(el: unknown, moddle: unknown, props: object): void };
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    void deployedDecisions().then(setOptions);
  }, []);
  const called = calledDecisionOf(element);
  const current = called?.decisionId ?? '';
  const known = options.some((o) => o.value === current);
  return (
    <SelectEntry
      element={element}
      id={id}
      label="Deployed decision"
      description="Pick a deployed decision, or type any id (or a FEEL expression) below."
      getValue={() => (known ? current : '')}
      setValue={(value: string) => {
        if (called && value) modeling.updateModdleProperties(element, called, { decisionId: value });
      }}
      getOptions={() => [{ value: '', label: known || !current ? '— choose —' : `${current} (not deployed)` }, ...options]}
    />
  );
}

/** Adds the deployed-decision select to the "Called decision" group of business-rule tasks. */
class DecisionPickerProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }) {
    propertiesPanel.registerProvider(400, this);
    deployed = undefined;
  }

  getGroups(element: PanelElement) {
    return (groups: EntryGroup[]) => {
      const group = groups.find((g) => g.id === 'calledDecision');
      if (group && calledDecisionOf(element)) group.entries.unshift({ id: 'osprey-deployed-decision', component: DeployedDecisionEntry, isEdited: isSelectEntryEdited });
      return groups;
    };
  }
}

/** The bpmn-js module of the decision picker. */
export const DecisionPickerModule = {
  __init__: ['ospreyDecisionPicker'],
  ospreyDecisionPicker: ['type', DecisionPickerProvider],
};
