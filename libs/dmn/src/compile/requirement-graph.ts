/** Checks of the decision requirements graph: every required decision exists, and no cycles. */
import type { DecisionDef } from '../decision-model';
import type { DmnProblems } from './compile-dmn';

/** Records a problem for each missing required decision and each decision on a cycle. */
export function checkRequirementGraph(decisions: ReadonlyMap<string, DecisionDef>, problems: DmnProblems): void {
  for (const decision of decisions.values()) {
    for (const required of decision.requiredDecisions) {
      if (!decisions.has(required)) {
        problems.add(decision.id, `required decision '${required}' of decision '${decision.id}' to exist in the file`, 'there is no decision with that id');
      }
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: readonly string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      problems.add(id, 'decisions that do not require themselves', `they form the cycle ${cycle.map((c) => `'${c}'`).join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    for (const required of decisions.get(id)?.requiredDecisions ?? []) if (decisions.has(required)) visit(required, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of decisions.keys()) visit(id, []);
}
