/**
 * Differential property: random structured processes run on Osprey's interpreter (through the
 * in-memory engine) and on the `bpmn-engine` package, driven by the same seeded choices, must
 * agree after every step on which tasks wait, which boundary timers and messages are armed,
 * which elements completed how often, and how the run ended.
 *
 * Replay a failure with the seed it prints: `OSPREY_PROPERTY_SEED=<seed> OSPREY_PROPERTY_CASES=1`.
 * Raise the budget with `OSPREY_PROPERTY_CASES`.
 *
 * Left out of the generator, and why:
 * - exclusive or inclusive gateways without a default flow: with no true condition Osprey raises
 *   an incident (Camunda 8) while bpmn-engine fails the whole run; both are "error", but the
 *   comparison would only test error reporting, not flow semantics;
 * - signal and conditional boundary events, escalations, event sub-processes, loops and
 *   multi-instance: not part of the structured subset both engines run alike;
 * - a choice (exclusive or inclusive split, interrupting boundary) in the same scope as a
 *   parallel join: bpmn-engine eliminates the untaken or interrupted path as dead and passes that
 *   "discard" on through the exclusive merge where the other path rejoins, so a parallel join
 *   further down fires before the rejoining token arrives, or never fires (BPMN, Camunda 8 and
 *   Osprey wait for the token). The generator wraps every choice in a sub-process of its own
 *   (`isolateChoices`), where both agree; the restart property runs choices inline;
 * - inclusive gateways: bpmn-engine's inclusive join does not synchronize — with two branches
 *   taken it continues once per arriving token (BPMN, Camunda 8 and Osprey continue once);
 * - error end events in sub-processes caught by an error boundary: bpmn-engine (25.0) lets the
 *   error end event end like a none end event, and the sub-process completes normally instead
 *   of being interrupted; the restart property runs them;
 * - a non-interrupting message boundary firing twice: after it fires once, bpmn-engine no
 *   longer reports it waiting (Osprey, like Camunda 8, keeps the subscription open), and a second
 *   firing would put a second token on the boundary's path, which a comparison by element id
 *   cannot tell apart; the driver fires each message boundary once (see `chooseAction`);
 * - variables: bpmn-engine keeps no instance variables for user task results; conditions read
 *   the driver's variable through a comparison service instead, so only control flow is compared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import {
  chooseAction,
  describeAction,
  flattenProcess,
  InMemoryEngine,
  InMemoryProcessDriver,
  Prng,
  type RunObservation,
  type FlatElement,
  propertyBudget,
  randomProcessTree,
  renderBpmnEngineXml,
  renderZeebeXml,
  replayableFailure,
} from '../../src';
import { BpmnEngineDriver } from './bpmn-engine-driver';

/** Steps per run: generated trees hold at most 12 tasks, so most runs end well before. */
const MAX_STEPS = 40;
/** User tasks only (bpmn-engine has no job workers); no errors or inclusive gateways; every choice in a sub-process (see above). */
const TREE = { work: ['user'], errors: false, inclusive: false, isolateChoices: true } as const;
const { seed, cases } = propertyBudget(20261125, 120);

test(`Osprey and bpmn-engine agree on ${cases} random structured processes (seed ${seed})`, async () => {
  for (let i = 0; i < cases; i++) await runCase(seed + i);
});

/**
 * The observation without message boundaries that already fired: after a non-interrupting one
 * fires, Osprey keeps its subscription (as Camunda 8 does) while bpmn-engine no longer reports
 * it waiting; the driver never fires one twice, so the difference cannot change a run.
 */
function unfired(o: RunObservation, fired: ReadonlySet<string>): RunObservation {
  return { ...o, messages: o.messages.filter((id) => !fired.has(id)) };
}

/** Runs one case; returns the kinds of actions taken and the outcome, for the budget's coverage check. */
async function runCase(caseSeed: number): Promise<string[]> {
  const rng = new Prng(caseSeed);
  const flat = flattenProcess(`p${caseSeed}`, randomProcessTree(rng, TREE));
  const zeebeXml = renderZeebeXml(flat);
  const steps: string[] = [];
  const kinds: string[] = [];
  try {
    const [graph] = await compileOrThrow(zeebeXml);
    const engine = new InMemoryEngine();
    engine.deploy(graph!);
    const osprey = InMemoryProcessDriver.start(engine, flat.processId);
    const ids = (keep: (e: FlatElement) => boolean) => new Set(flat.elements.filter(keep).map((e) => e.id));
    const reference = await BpmnEngineDriver.start(
      renderBpmnEngineXml(flat),
      ids((e) => e.type === 'task'),
      ids((e) => e.type === 'boundaryEvent' && e.trigger === 'message'),
    );
    const fired = new Set<string>();
    for (let step = 0; ; step++) {
      const seen = osprey.observe();
      assert.deepEqual(
        unfired(seen, fired),
        unfired(reference.observe(), fired),
        `after ${steps.length} steps`,
      );
      const action = step < MAX_STEPS ? chooseAction(rng, seen, fired) : undefined;
      if (!action) return [...kinds, seen.outcome];
      steps.push(describeAction(action));
      kinds.push(action.kind);
      osprey.perform(action);
      reference.perform(action);
    }
  } catch (error) {
    throw replayableFailure(caseSeed, steps, error, zeebeXml);
  }
}
