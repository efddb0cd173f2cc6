import { useEffect, useRef, useState } from 'preact/hooks';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import { fitDiagram, type ViewboxCanvas } from './fit-diagram';
import { ZoomControls, type ZoomableCanvas } from './zoom-controls';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';

/** A small label pinned to an element (a token count, an incident, a heat value). */
export interface DiagramBadge {
  elementId: string;
  text: string;
  tone: 'active' | 'incident' | 'completed' | 'info';
  title?: string;
  position?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
}

/** A translucent box over an element whose strength shows how many tokens wait there. */
export interface DiagramHeat {
  elementId: string;
  /** 0…1 */
  intensity: number;
}

interface Props {
  xml: string | undefined;
  /** CSS classes per element id (`osprey-active`, `osprey-completed`, `osprey-incident`, `osprey-highlight`). */
  markers?: Record<string, string[]>;
  badges?: DiagramBadge[];
  heat?: DiagramHeat[];
  /** Element to scroll into view after import. */
  focus?: string;
  onElementClick?: (elementId: string) => void;
  label?: string;
  class?: string;
}

interface Canvas {
  zoom(level?: string | number, center?: unknown): number;
  addMarker(id: string, cls: string): void;
  removeMarker(id: string, cls: string): void;
  scrollToElement(el: unknown): void;
  resized(): void;
}
interface Overlays {
  add(id: string, type: string, o: { position: Record<string, number>; html: HTMLElement; show?: unknown }): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): { width?: number; height?: number; waypoints?: unknown } | undefined;
}

/**
 * A read-only BPMN diagram (pan and zoom) with markers, badges and a heat layer on top. The XML
 * is imported once; markers and overlays are redrawn whenever their props change.
 */
export function BpmnDiagram({ xml, markers, badges, heat, focus, onElementClick, label, class: cls }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const applied = useRef<[string, string][]>([]);
  const [ready, setReady] = useState(0);
  const [error, setError] = useState<string>();
  const clickRef = useRef(onElementClick);
  clickRef.current = onElementClick;

  useEffect(() => {
    // The wheel scrolls the page, as everywhere else on it; Ctrl (or ⌘) + wheel zooms at the
    // pointer. diagram-js's own wheel handling panned the diagram out of view.
    const v = new NavigatedViewer({ container: host.current!, zoomScroll: { enabled: false } } as ConstructorParameters<typeof NavigatedViewer>[0]);
    viewer.current = v;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const canvas = v.get<Canvas>('canvas');
      const box = host.current!.getBoundingClientRect();
      canvas.zoom(canvas.zoom() * (e.deltaY < 0 ? 1.1 : 1 / 1.1), { x: e.clientX - box.left, y: e.clientY - box.top });
    };
    host.current!.addEventListener('wheel', onWheel, { passive: false });
    v.on('element.click', (e: { element: { id: string; type: string } }) => {
      if (e.element.type !== 'bpmn:Process' && e.element.type !== 'bpmn:Collaboration') clickRef.current?.(e.element.id);
    });
    const onResize = () => v.get<Canvas>('canvas').resized();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      v.destroy();
      viewer.current = null;
    };
  }, []);

  useEffect(() => {
    const v = viewer.current;
    if (!v || !xml) return;
    let cancelled = false;
    applied.current = [];
    v.importXML(xml).then(
      () => {
        if (cancelled) return;
        fitDiagram(v.get<ViewboxCanvas>('canvas'));
        setError(undefined);
        setReady((n) => n + 1);
      },
      (e: Error) => !cancelled && setError(`The diagram cannot be shown: ${e.message}`),
    );
    return () => {
      cancelled = true;
    };
  }, [xml]);

  useEffect(() => {
    const v = viewer.current;
    if (!v || !ready) return;
    const canvas = v.get<Canvas>('canvas');
    const overlays = v.get<Overlays>('overlays');
    const registry = v.get<ElementRegistry>('elementRegistry');
    for (const [id, c] of applied.current) if (registry.get(id)) canvas.removeMarker(id, c);
    applied.current = [];
    for (const [id, classes] of Object.entries(markers ?? {})) {
      if (!registry.get(id)) continue;
      for (const c of classes) {
        canvas.addMarker(id, c);
        applied.current.push([id, c]);
      }
    }
    overlays.remove({ type: 'osprey-badge' });
    overlays.remove({ type: 'osprey-heat' });
    for (const h of heat ?? []) {
      const el = registry.get(h.elementId);
      if (!el || el.waypoints || !el.width || !el.height) continue;
      const box = document.createElement('div');
      box.className = 'osprey-heat';
      box.style.width = `${el.width + 12}px`;
      box.style.height = `${el.height + 12}px`;
      box.style.opacity = String(0.15 + 0.6 * Math.min(1, Math.max(0, h.intensity)));
      overlays.add(h.elementId, 'osprey-heat', { position: { top: -6, left: -6 }, html: box });
    }
    for (const b of badges ?? []) {
      const el = registry.get(b.elementId);
      if (!el) continue;
      const pill = document.createElement('div');
      pill.className = `osprey-badge osprey-badge-${b.tone}`;
      pill.textContent = b.text;
      pill.dataset.elementId = b.elementId;
      if (b.title) pill.title = b.title;
      const w = el.width ?? 0;
      const h = el.height ?? 0;
      const pos = b.position ?? 'bottom-left';
      const position: Record<string, number> = {};
      if (pos.startsWith('top')) position.top = -10;
      else position.top = h - 10;
      if (pos.endsWith('left')) position.left = -10;
      else position.left = Math.max(0, w - 14);
      overlays.add(b.elementId, 'osprey-badge', { position, html: pill });
    }
    if (focus) {
      const el = registry.get(focus);
      if (el) canvas.scrollToElement(el);
    }
  }, [ready, markers, badges, heat, focus]);

  return (
    <div class={`bpmn-diagram ${cls ?? ''}`} role="group" aria-label={label ?? 'Process diagram'}>
      <div class="bpmn-diagram-canvas" ref={host} />
      {error ? <div class="bpmn-diagram-error">{error}</div> : null}
      {!xml && !error ? <div class="bpmn-diagram-loading">Loading diagram…</div> : null}
      <ZoomControls canvas={() => viewer.current?.get<ZoomableCanvas>('canvas')} />
    </div>
  );
}
