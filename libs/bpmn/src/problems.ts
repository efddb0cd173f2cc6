/** One thing wrong with a deployed model, found at compile time. */
export interface Problem {
  /** Id of the offending BPMN element (flow node, sequence flow, process); `null` for the document. */
  readonly elementId: string | null;
  /** A sentence a modeller can act on: "Expected X, but Y". */
  readonly message: string;
  /** The "X" of the message: what a valid model has there. */
  readonly expected?: string;
}

/** Builds a {@link Problem} whose message reads "Expected X, but Y". */
export function problem(elementId: string | null, expected: string, actual: string): Problem {
  return Object.freeze({ elementId, message: `Expected ${expected}, but ${actual}`, expected });
}

/**
 * Renders problems as one readable block for an error message or a log line:
 *
 * ```text
 * 2 problems in the BPMN model:
 * - 'charge-payment': Expected a zeebe:taskDefinition with a job type, but service task 'charge-payment' has none
 * - (document): Expected well-formed XML, but ...
 * ```
 */
export function describeProblems(problems: readonly Problem[]): string {
  if (problems.length === 0) return 'No problems in the BPMN model.';
  const heading =
    problems.length === 1 ? '1 problem in the BPMN model:' : `${problems.length} problems in the BPMN model:`;
  const lines = problems.map(
    (p) => `- ${p.elementId === null ? '(document)' : `'${p.elementId}'`}: ${p.message}`,
  );
  return [heading, ...lines].join('\n');
}

/** Collects problems in the order they are found, dropping exact duplicates. */
export class ProblemList {
  private readonly items: Problem[] = [];
  private readonly seen = new Set<string>();

  /** Records "Expected {expected}, but {actual}" against an element. */
  add(elementId: string | null, expected: string, actual: string): void {
    this.push(problem(elementId, expected, actual));
  }

  push(p: Problem): void {
    const key = `${p.elementId ?? ''}\u0000${p.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(p);
  }

  /** True when a problem has already been recorded for this element. */
  has(elementId: string): boolean {
    return this.items.some((p) => p.elementId === elementId);
  }

  toArray(): readonly Problem[] {
    return Object.freeze([...this.items]);
  }
}
