/**
 * Parallel gateway. Fork: takes every outgoing flow, without conditions. Join: activated only
 * once a token waits on each incoming flow (see `join.behavior.ts`), consuming one from each.
 */
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';

/** Processor of `parallelGateway`. */
export class ParallelGatewayProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance): void {
    completeElement(p, el.key);
  }
}
