import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import lintingModule from '@camunda/linting/modeler';
import { Linter, type LintReport } from '@camunda/linting';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import modelerModdle from 'modeler-moddle/resources/modeler.json';
import { isRunByOsprey } from './osprey-compat';
import { DecisionPickerModule } from '../decisions/decision-picker';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import '@camunda/linting/assets/linting.css';

export type { LintReport };

/**
 * The analysts' modeler: bpmn-js with the Zeebe (Camunda 8) properties panel and modeling
 * behaviours, so what is drawn here is exactly the dialect the engine runs — task types,
 * retries, headers, IO mappings, conditions, timers, messages, assignment, forms, called
 * elements are all edited in the panel.
 */
export function createModeler(container: HTMLElement, propertiesParent: HTMLElement): Modeler {
  return new Modeler({
    container,
    propertiesPanel: { parent: propertiesParent },
    linting: { active: true },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule, lintingModule, DecisionPickerModule],
    moddleExtensions: { zeebe: zeebeModdle, modeler: modelerModdle },
  });
}

const linter = new Linter({ modeler: 'web', type: 'cloud' });

/**
 * Lints the diagram with bpmnlint's correctness rules and Camunda's compatibility rules for
 * the diagram's execution platform version (the same checks Camunda Modeler runs), except
 * the compatibility reports about elements Osprey runs and Camunda 8 does not.
 */
export async function lint(modeler: Modeler): Promise<LintReport[]> {
  const reports = await linter.lint(modeler.getDefinitions());
  return reports.filter((r) => r.category !== 'rule-error' && !isRunByOsprey(r));
}

/** Shows `reports` on the canvas and in the properties panel. */
export function showLintReports(modeler: Modeler, reports: LintReport[]): void {
  modeler.get<{ setErrors(r: LintReport[]): void }>('linting').setErrors(reports);
}

/** Selects the element a report is about and opens its properties panel entry. */
export function revealLintReport(modeler: Modeler, report: LintReport): void {
  modeler.get<{ showError(r: LintReport): void }>('linting').showError(report);
}
