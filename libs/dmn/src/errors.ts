import type { Problem } from '@osprey/bpmn';

/**
 * A DMN file that cannot be deployed: it does not parse, or it parses but breaks rules the
 * engine relies on. {@link DmnValidationError.problems} lists every problem found, not just the
 * first; `elementId` names the decision, rule, input or output.
 */
export class DmnValidationError extends Error {
  readonly code = 'INVALID_DMN';

  constructor(
    readonly problems: readonly Problem[],
    options?: { cause?: unknown },
  ) {
    super(describeDmnProblems(problems), options);
    this.name = 'DmnValidationError';
  }
}

/** Renders problems as one readable block: a heading, then one line per problem. */
export function describeDmnProblems(problems: readonly Problem[]): string {
  if (problems.length === 0) return 'No problems in the DMN model.';
  const heading = problems.length === 1 ? '1 problem in the DMN model:' : `${problems.length} problems in the DMN model:`;
  const lines = problems.map((p) => `- ${p.elementId === null ? '(document)' : `'${p.elementId}'`}: ${p.message}`);
  return [heading, ...lines].join('\n');
}

/** Why a DMN document was refused before parsing: the codes of the BPMN guard it reuses. */
export type DmnSecurityErrorCode = 'XML_TOO_LARGE' | 'XML_DOCTYPE_FORBIDDEN' | 'XML_ENTITY_FORBIDDEN' | 'XML_TOO_DEEP';

/**
 * A DMN document refused before parsing because it could exhaust or trick the parser (entity
 * expansion, external entities, oversized or absurdly nested input). The API maps it to 400.
 */
export class DmnSecurityError extends Error {
  constructor(
    readonly code: DmnSecurityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DmnSecurityError';
  }
}
