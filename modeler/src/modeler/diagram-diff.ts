import type Modeler from 'bpmn-js/lib/Modeler';
import { diff } from 'bpmn-js-differ';

/** One element that differs between the deployed version and the diagram being edited. */
export interface DiffEntry {
  id: string;
  type: string;
  name?: string;
  change: 'added' | 'removed' | 'changed' | 'moved';
  /** Changed properties, for `changed`. */
  properties?: string[];
}

const ORDER: Record<DiffEntry['change'], number> = { added: 0, changed: 1, removed: 2, moved: 3 };

/**
 * Compares the diagram in `modeler` with `baseXml` element by element (bpmn-js-differ), read
 * with the modeler's own moddle so Zeebe extension elements are compared too.
 */
export async function diffAgainst(modeler: Modeler, baseXml: string): Promise<DiffEntry[]> {
  const moddle = modeler.get<{ fromXML(xml: string): Promise<{ rootElement: object }> }>('moddle');
  const { rootElement: base } = await moddle.fromXML(baseXml);
  const changes = diff(base, modeler.getDefinitions() as object);
  const entries: DiffEntry[] = [];
  for (const [id, e] of Object.entries(changes._added)) entries.push({ id, type: e.$type, name: e.name, change: 'added' });
  for (const [id, e] of Object.entries(changes._removed)) entries.push({ id, type: e.$type, name: e.name, change: 'removed' });
  for (const [id, e] of Object.entries(changes._changed)) {
    entries.push({ id, type: e.model.$type, name: e.model.name, change: 'changed', properties: Object.keys(e.attrs).map(describeProperty) });
  }
  for (const [id, e] of Object.entries(changes._layoutChanged)) {
    if (!changes._changed[id] && !changes._added[id]) entries.push({ id, type: e.$type, name: e.name, change: 'moved' });
  }
  return entries
    .filter((e) => !e.type.startsWith('bpmndi:') && e.type !== 'bpmn:Definitions')
    .sort((a, b) => ORDER[a.change] - ORDER[b.change] || a.id.localeCompare(b.id));
}

/** `bpmn:ServiceTask` → "Service task". */
export function typeLabel(type: string): string {
  const local = type.split(':').pop() ?? type;
  const words = local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describeProperty(name: string): string {
  return name === 'extensionElements' ? 'engine settings' : name.replace(/^[a-z]+:/, '');
}
