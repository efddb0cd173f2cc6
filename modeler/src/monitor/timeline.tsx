import type { HistoryRecord } from '@osprey/contracts';
import { formatDate, formatPrecise } from '../shared/format';
import { Empty, ErrorNote } from '../shared/ui';

/** Records that say something to an operator; the rest (ACTIVATING, COMPLETING, flows) is noise here. */
function describe(r: HistoryRecord, name: (id: string | undefined) => string): string | null {
  const v = r.value as Record<string, unknown>;
  switch (`${r.valueType}:${r.intent}`) {
    case 'PROCESS_INSTANCE:ELEMENT_ACTIVATED':
      return v.bpmnElementType === 'PROCESS' ? 'Instance started' : `${name(r.elementId)} started`;
    case 'PROCESS_INSTANCE:ELEMENT_COMPLETED':
      return v.bpmnElementType === 'PROCESS' ? 'Instance completed' : `${name(r.elementId)} completed`;
    case 'PROCESS_INSTANCE:ELEMENT_TERMINATED':
      return v.bpmnElementType === 'PROCESS' ? 'Instance canceled' : `${name(r.elementId)} terminated`;
    case 'JOB:CREATED':
      return `Job ${String(v.type)} created for ${name(v.elementId as string)}`;
    case 'JOB:COMPLETED':
      return `Job ${String(v.type)} completed`;
    case 'JOB:FAILED':
      return `Job ${String(v.type)} failed (${String(v.retries)} retries left)${v.errorMessage ? `: ${String(v.errorMessage)}` : ''}`;
    case 'JOB:ERROR_THROWN':
      return `Job ${String(v.type)} threw error ${String(v.errorCode ?? '')}`;
    case 'USER_TASK:CREATED':
      return `User task ${name(v.elementId as string)} created`;
    case 'USER_TASK:COMPLETED':
      return `User task ${name(v.elementId as string)} completed${v.assignee ? ` by ${String(v.assignee)}` : ''}`;
    case 'INCIDENT:CREATED':
      return `Incident on ${name(v.elementId as string)}: ${String(v.errorMessage)}`;
    case 'INCIDENT:RESOLVED':
      return `Incident on ${name(v.elementId as string)} resolved`;
    case 'VARIABLE:CREATED':
      return `Variable ${String(v.name)} set`;
    case 'VARIABLE:UPDATED':
      return `Variable ${String(v.name)} changed`;
    case 'TIMER:CREATED':
      return `Timer on ${name(v.targetElementId as string)} due ${formatDate(new Date(Number(v.dueDate)).toISOString())}`;
    case 'TIMER:TRIGGERED':
      return `Timer on ${name(v.targetElementId as string)} fired`;
    case 'MESSAGE_SUBSCRIPTION:CORRELATED':
      return `Message ${String(v.messageName)} received`;
    default:
      return null;
  }
}

/** What happened to the instance, oldest first, from its record stream. */
export function Timeline({ records, error, elementNames }: { records: HistoryRecord[] | undefined; error?: string; elementNames: Map<string, string> }) {
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!records) return <p class="hint">Loading history…</p>;
  const name = (id: string | undefined) => (id ? (elementNames.get(id) ? `“${elementNames.get(id)}”` : id) : 'element');
  const rows = records.flatMap((r) => {
    const text = describe(r, name);
    return text ? [{ r, text }] : [];
  });
  if (rows.length === 0) return <Empty>No history yet.</Empty>;
  return (
    <ol class="timeline" data-testid="timeline">
      {rows.map(({ r, text }) => (
        <li key={r.position} class={`timeline-item tl-${r.valueType.toLowerCase()} tl-${r.intent.toLowerCase()}`}>
          <time dateTime={r.timestamp}>{formatPrecise(r.timestamp)}</time>
          <span>{text}</span>
          <span class="timeline-actor" data-testid="timeline-actor">{r.actor ? `by ${r.actor}` : 'by the engine'}</span>
        </li>
      ))}
    </ol>
  );
}
