import type { ElementDef, ProcessGraph } from '../graph';
import type { ProblemList } from '../problems';
import { label } from './labels';

/**
 * Rules about a transaction sub-process as a whole: a cancel end event inside it hands the
 * flow to its cancel boundary event, so that boundary event must exist, and be the only one
 * (two would leave the engine to guess which path the cancellation takes).
 */
export function checkTransaction(transaction: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const isCancel = (id: string): boolean => graph.elements.get(id)?.eventDefinition?.kind === 'cancel';
  const boundaries = transaction.boundaryEvents.filter(isCancel);
  const cancelEnds = transaction.children.filter(
    (id) => graph.elements.get(id)?.type === 'endEvent' && isCancel(id),
  );
  if (boundaries.length > 1) {
    problems.add(
      transaction.id,
      `at most one cancel boundary event on ${label(transaction)}`,
      `it has ${boundaries.length} (${boundaries.map((id) => `'${id}'`).join(', ')})`,
    );
  }
  if (cancelEnds.length > 0 && boundaries.length === 0) {
    problems.add(
      transaction.id,
      `a cancel boundary event on ${label(transaction)}, where its cancel end event ${cancelEnds.map((id) => `'${id}'`).join(', ')} continues`,
      'it has none',
    );
  }
}
