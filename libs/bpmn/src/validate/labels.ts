import { describeElementType } from '../compile/element-types';
import type { ElementDef } from '../graph';

const SUB_PROCESS_NAMES = {
  embedded: 'sub-process',
  event: 'event sub-process',
  transaction: 'transaction',
  adHoc: 'ad-hoc sub-process',
} as const;

/** `service task 'charge-payment'`, `event sub-process 'on-cancel'`, for messages. */
export function label(element: Pick<ElementDef, 'id' | 'type' | 'subProcessKind'>): string {
  const type =
    element.type === 'subProcess'
      ? SUB_PROCESS_NAMES[element.subProcessKind ?? 'embedded']
      : describeElementType(element.type);
  return `${type} '${element.id}'`;
}
