import { FrozenSet } from '../compile/immutable';
import type { ElementDef } from '../graph';
import type { ProblemList } from '../problems';
import { label } from './labels';

/** BPMN features the compiler fully compiles into the graph, some of which the engine does not run yet. */
export type ModelFeature =
  | 'callActivity'
  | 'multiInstance'
  | 'eventSubProcess'
  | 'compensation'
  | 'compensationEventSubProcess'
  | 'transaction'
  | 'escalationEvent'
  | 'cancelEvent';

/**
 * Features compiled into the graph but refused at deployment because the engine does not run
 * them yet. Enabling one is removing it here once its processor exists.
 */
export const UNSUPPORTED_FEATURES: ReadonlySet<ModelFeature> = new FrozenSet<ModelFeature>([]);

const FEATURE_NAMES: Readonly<Record<ModelFeature, string>> = {
  callActivity: 'call activities',
  multiInstance: 'multi-instance',
  eventSubProcess: 'event sub-processes',
  compensation: 'compensation',
  compensationEventSubProcess: 'compensation event sub-processes',
  transaction: 'transaction sub-processes',
  escalationEvent: 'escalation events',
  cancelEvent: 'cancel events',
};

/** The features an element uses. */
export function featuresOf(element: ElementDef): ModelFeature[] {
  const features: ModelFeature[] = [];
  if (element.type === 'callActivity') features.push('callActivity');
  if (element.loop) features.push('multiInstance');
  if (element.subProcessKind === 'event') features.push('eventSubProcess');
  if (element.subProcessKind === 'transaction') features.push('transaction');
  const kind = element.eventDefinition?.kind;
  if (element.type === 'startEvent' && kind === 'compensate') features.push('compensationEventSubProcess');
  else if (kind === 'compensate' || element.isForCompensation) features.push('compensation');
  if (kind === 'escalation') features.push('escalationEvent');
  if (kind === 'cancel') features.push('cancelEvent');
  return features;
}

/** Reports every use of a feature in `unsupported`. */
export function checkFeatures(
  element: ElementDef,
  unsupported: ReadonlySet<ModelFeature>,
  problems: ProblemList,
): void {
  for (const feature of featuresOf(element)) {
    if (!unsupported.has(feature)) continue;
    const name = FEATURE_NAMES[feature];
    problems.add(
      element.id,
      'only features the engine runs today',
      `${label(element)} uses ${name}, which ${name.endsWith('s') ? 'are' : 'is'} not supported yet`,
    );
  }
}
