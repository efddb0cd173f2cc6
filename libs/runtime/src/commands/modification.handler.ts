/**
 * MODIFY: an operator terminates element instances and activates elements of a running
 * instance, as Camunda 8's process instance modification does. Every instruction is checked
 * before anything is written, so a refused modification changes nothing.
 */
import type { ElementDef } from '@osprey/bpmn';
import { openScopeSubscriptions } from '../behaviors/event-subscription.behavior';
import { applyInputMappings } from '../behaviors/io-mapping.behavior';
import { elementRecord, recordBase } from '../behaviors/records';
import { terminateElement } from '../behaviors/termination.behavior';
import { setLocalVariables } from '../behaviors/variables.behavior';
import type { ActivateInstruction, ModifyInstanceCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import { isMultiInstanceBody } from '../processing/element-kinds';
import type { Processing } from '../processing/processing';
import type { JsonValue } from '../state';

type Vars = Readonly<Record<string, JsonValue>>;

/** One activate instruction, resolved against the state before anything was written. */
interface PlannedActivation {
  readonly def: ElementDef;
  /** The live scope instance the element (or its first missing scope) is activated in. */
  readonly ancestorKey: string;
  /** Embedded sub-processes to create between ancestor and element, outermost first. */
  readonly missing: readonly ElementDef[];
  /** Variables by the element id of the scope they go to (the element itself included). */
  readonly variables: ReadonlyMap<string, Vars>;
  /** Variables for existing scopes: scope instance key → variables. */
  readonly existing: ReadonlyMap<string, Vars>;
}

/**
 * Writes PROCESS_INSTANCE_MODIFICATION MODIFIED, terminates the element instances named (and
 * everything inside them), then activates the elements named, creating the embedded
 * sub-processes between an element and the innermost scope that has a live instance. A scope
 * left with nothing running completes.
 *
 * @throws CommandRejection NOT_FOUND for an element instance that is not live; INVALID_ARGUMENT
 *   for an unknown element, one that cannot be activated, an ambiguous or unfitting ancestor,
 *   a variable scope that is not around the element, or a created scope whose input mappings fail
 */
export function modifyInstance(p: Processing, cmd: ModifyInstanceCommand): void {
  const ending = new Set<string>();
  for (const { elementInstanceKey: key } of cmd.terminateInstructions) {
    const el = p.element(key);
    if (!el) {
      throw new CommandRejection(
        'NOT_FOUND',
        `Expected element instance '${key}' to terminate to be active in instance '${p.state.processInstanceKey}', but it is not`,
      );
    }
    if (el.flowScopeKey === null) {
      throw new CommandRejection(
        'INVALID_ARGUMENT',
        `Expected an element instance inside the process to terminate, but '${key}' is the process instance itself; cancel the instance instead`,
      );
    }
    ending.add(key);
  }
  const goingAway = (key: string): boolean => {
    for (let k: string | null = key; k !== null; k = p.element(k)?.flowScopeKey ?? null)
      if (ending.has(k)) return true;
    return false;
  };
  const plans = cmd.activateInstructions.map((instruction) => plan(p, instruction, goingAway));

  p.write({
    valueType: 'PROCESS_INSTANCE_MODIFICATION',
    intent: 'MODIFIED',
    ...recordBase(p, p.state.processInstanceKey),
    value: {
      bpmnProcessId: p.state.bpmnProcessId,
      processDefinitionKey: p.state.processDefinitionKey,
      tenantId: p.state.tenantId,
      activateInstructions: cmd.activateInstructions,
      terminateInstructions: cmd.terminateInstructions,
    },
  });
  const leftScopes: string[] = [];
  for (const key of ending) {
    const scopeKey = p.element(key)?.flowScopeKey;
    if (scopeKey === undefined) continue; // already ended with an enclosing scope named before it
    terminateElement(p, key);
    if (scopeKey !== null) leftScopes.push(scopeKey);
  }
  // Scopes created for one instruction serve the next instructions of the command as well.
  const created = new Map<string, string>();
  for (const planned of plans) {
    for (const [scopeKey, vars] of planned.existing) setLocalVariables(p, scopeKey, vars);
    let scopeKey = planned.ancestorKey;
    for (const scope of planned.missing) {
      const id = `${scopeKey}/${scope.id}`;
      scopeKey = created.get(id) ?? activateScope(p, scope, scopeKey, planned.variables.get(scope.id));
      created.set(id, scopeKey);
    }
    const local = planned.variables.get(planned.def.id);
    p.enqueue({
      type: 'activate',
      elementId: planned.def.id,
      flowScopeKey: scopeKey,
      ...(local ? { localVariables: local } : {}),
    });
  }
  // After the activations: a scope they did not refill completes as usual.
  for (const scopeKey of leftScopes) p.enqueue({ type: 'scope-check', scopeKey });
}

function plan(
  p: Processing,
  instruction: ActivateInstruction,
  goingAway: (key: string) => boolean,
): PlannedActivation {
  const graph = p.graph;
  const { elementId } = instruction;
  const def = graph.graph.elements.get(elementId);
  if (!def || def.id === graph.process.id) {
    throw invalid(
      `Expected element '${elementId}' to activate to exist in process '${graph.graph.processId}', but it does not`,
    );
  }
  refuseUnactivatable(p, def);
  // The enclosing scopes of the element, innermost first, the process last.
  const chain: ElementDef[] = [];
  for (let id = def.scopeId; id !== null; id = graph.element(id).scopeId) chain.push(graph.element(id));

  let depth: number;
  let ancestorKey: string;
  if (instruction.ancestorElementInstanceKey !== undefined) {
    ancestorKey = instruction.ancestorElementInstanceKey;
    const ancestor = p.element(ancestorKey);
    if (!ancestor || goingAway(ancestorKey)) {
      throw new CommandRejection(
        'NOT_FOUND',
        `Expected ancestor element instance '${ancestorKey}' to be active in instance '${p.state.processInstanceKey}', but it is not`,
      );
    }
    depth = chain.findIndex((scope) => scope.id === ancestor.elementId);
    if (depth < 0 || isMultiInstanceBody(ancestor)) {
      throw invalid(
        `Expected ancestor element instance '${ancestorKey}' to be an instance of a scope around '${elementId}' (${chain.map((c) => `'${c.id}'`).join(', ')}), but it is an instance of '${ancestor.elementId}'`,
      );
    }
  } else {
    depth = -1;
    ancestorKey = '';
    for (let i = 0; i < chain.length && depth < 0; i++) {
      const live = Object.values(p.state.elements).filter(
        (el) => el.elementId === chain[i]!.id && !isMultiInstanceBody(el) && !goingAway(el.key),
      );
      if (live.length > 1) {
        throw invalid(
          `Expected one active instance of '${chain[i]!.id}' to activate '${elementId}' in, but there are ${live.length}; name one as ancestorElementInstanceKey`,
        );
      }
      if (live.length === 1) [depth, ancestorKey] = [i, live[0]!.key];
    }
  }
  const ancestor = p.element(ancestorKey)!;
  if (ancestor.state !== 'ACTIVATED' || ancestor.interruptedBy !== undefined) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected scope instance '${ancestorKey}' (${ancestor.elementId}) to be ACTIVATED and not interrupted, but it is ${ancestor.state}${ancestor.interruptedBy ? ', interrupted' : ''}`,
    );
  }
  const missing = chain.slice(0, depth).reverse();
  for (const scope of missing) {
    if (scope.type !== 'subProcess' || scope.subProcessKind === 'event' || scope.loop !== undefined) {
      throw invalid(
        `Expected '${elementId}' to sit in embedded sub-processes up to an active scope, but '${scope.id}' has no active instance and cannot be created by a modification (${scope.subProcessKind === 'event' ? 'an event sub-process' : scope.loop ? 'multi-instance' : scope.type}); activate inside an existing instance`,
      );
    }
  }
  // Variables: on the element or one of the scopes around it, by element id; none → the process.
  const variables = new Map<string, Vars>();
  const existing = new Map<string, Vars>();
  for (const { variables: vars, scopeId } of instruction.variableInstructions) {
    const id = scopeId ?? graph.process.id;
    if (id === elementId || missing.some((m) => m.id === id)) {
      variables.set(id, { ...variables.get(id), ...vars });
      continue;
    }
    let key: string | null = ancestorKey;
    while (key !== null && p.element(key)!.elementId !== id) key = p.element(key)!.flowScopeKey;
    if (key === null) {
      throw invalid(
        `Expected variable scope '${id}' to be '${elementId}' or a scope around it, but it is not`,
      );
    }
    existing.set(key, { ...existing.get(key), ...vars });
  }
  return { def, ancestorKey, missing, variables, existing };
}

/** Refuses elements a token never starts at directly. */
function refuseUnactivatable(p: Processing, def: ElementDef): void {
  let why: string | undefined;
  if (def.type === 'boundaryEvent') why = 'a boundary event (it is triggered by its event)';
  else if (def.isForCompensation) why = 'a compensation handler (it is started by compensation)';
  else if (p.graph.eventSubProcessOf(def))
    why = 'the start event of an event sub-process (it is triggered by its event)';
  else {
    for (let id = def.scopeId; id !== null; id = p.graph.element(id).scopeId) {
      if (p.graph.element(id).loop !== undefined) why = `inside multi-instance '${id}'`;
    }
  }
  if (why) throw invalid(`Expected an element a token can be placed at, but '${def.id}' is ${why}`);
}

/** Activates embedded sub-process `def` in `parentKey` without starting anything inside it. */
function activateScope(p: Processing, def: ElementDef, parentKey: string, vars: Vars | undefined): string {
  const key = p.nextKey();
  p.write(elementRecord(p, 'ELEMENT_ACTIVATING', { key, elementId: def.id, flowScopeKey: parentKey }, def));
  if (vars) setLocalVariables(p, key, vars);
  const inputs = applyInputMappings(p, p.element(key)!, def);
  if (!inputs.ok)
    throw invalid(`Expected the input mappings of sub-process '${def.id}' to succeed, but ${inputs.message}`);
  const opened = openScopeSubscriptions(p, p.element(key)!, def);
  if (!opened.ok)
    throw invalid(`Expected the events of sub-process '${def.id}' to open, but ${opened.message}`);
  p.write(elementRecord(p, 'ELEMENT_ACTIVATED', p.element(key)!, def));
  return key;
}

function invalid(message: string): CommandRejection {
  return new CommandRejection('INVALID_ARGUMENT', message, [message]);
}
