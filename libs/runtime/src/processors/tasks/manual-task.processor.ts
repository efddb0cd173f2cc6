/** Manual task: done outside any system; the engine passes straight through it. */
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';

/** Processor of `manualTask`. */
export class ManualTaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance): void {
    completeElement(p, el.key);
  }
}
