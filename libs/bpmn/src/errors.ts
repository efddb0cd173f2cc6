import { describeProblems, type Problem } from './problems';

/** Why {@link checkXmlSafety} refused a document. */
export type BpmnSecurityErrorCode =
  'XML_TOO_LARGE' | 'XML_DOCTYPE_FORBIDDEN' | 'XML_ENTITY_FORBIDDEN' | 'XML_TOO_DEEP';

/**
 * A document refused before parsing because it could exhaust or trick the parser (entity
 * expansion, external entities, oversized or absurdly nested input). The API maps it to 400.
 */
export class BpmnSecurityError extends Error {
  constructor(
    readonly code: BpmnSecurityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BpmnSecurityError';
  }
}

/**
 * A model that cannot be deployed: it does not parse, or it parses but breaks rules the engine
 * relies on. {@link BpmnValidationError.problems} lists every problem found, not just the first.
 */
export class BpmnValidationError extends Error {
  readonly code = 'INVALID_BPMN';

  constructor(
    readonly problems: readonly Problem[],
    options?: { cause?: unknown },
  ) {
    super(describeProblems(problems), options);
    this.name = 'BpmnValidationError';
  }
}
