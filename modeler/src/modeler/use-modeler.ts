import { coveredLeft, fitDiagram, type ViewboxCanvas } from '../shared/fit-diagram';
import type { RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type Modeler from 'bpmn-js/lib/Modeler';
import { createModeler, lint, showLintReports, type LintReport } from './bpmn-modeler';
import { selectedUserTask } from './diagram-model';

/** Time after the last edit before the diagram is linted again, in ms (typing stays smooth). */
const LINT_DELAY_MS = 250;

export interface ModelerState {
  modeler: Modeler | null;
  problems: LintReport[];
  /** True once the diagram changed since the last import or {@link markSaved}. */
  dirty: boolean;
  /** Id of the single selected user task, if that is the selection. */
  selectedUserTaskId: string | undefined;
  importXml(xml: string): Promise<void>;
  markSaved(): void;
  /** The diagram as formatted XML. */
  xml(): Promise<string>;
}

/**
 * Owns one bpmn-js modeler for the page's lifetime: imports diagrams, tracks unsaved changes
 * and selection, and re-lints after every change so problems show while drawing.
 */
export function useModeler(canvas: RefObject<HTMLElement>, properties: RefObject<HTMLElement>): ModelerState {
  const ref = useRef<Modeler | null>(null);
  const [modeler, setModeler] = useState<Modeler | null>(null);
  const [problems, setProblems] = useState<LintReport[]>([]);
  const [dirty, setDirty] = useState(false);
  const [selectedUserTaskId, setSelectedUserTaskId] = useState<string>();
  const importing = useRef(false);
  const lintTimer = useRef<ReturnType<typeof setTimeout>>();
  const lintRun = useRef(0);

  const relint = useCallback(() => {
    const m = ref.current;
    if (!m) return;
    clearTimeout(lintTimer.current);
    lintTimer.current = setTimeout(() => {
      const run = ++lintRun.current;
      lint(m).then(
        (reports) => {
          if (run !== lintRun.current) return;
          setProblems(reports);
          showLintReports(m, reports);
        },
        () => undefined,
      );
    }, LINT_DELAY_MS);
  }, []);

  useEffect(() => {
    const m = createModeler(canvas.current!, properties.current!);
    ref.current = m;
    setModeler(m);
    m.on('commandStack.changed', () => {
      if (!importing.current) setDirty(true);
      relint();
    });
    m.on('selection.changed', () => setSelectedUserTaskId(selectedUserTask(m)?.id));
    m.on('elements.changed', () => setSelectedUserTaskId(selectedUserTask(m)?.id));
    const onResize = () => m.get<{ resized(): void }>('canvas').resized();
    window.addEventListener('resize', onResize);
    return () => {
      clearTimeout(lintTimer.current);
      window.removeEventListener('resize', onResize);
      m.destroy();
      ref.current = null;
    };
  }, []);

  const importXml = useCallback(
    async (xml: string) => {
      const m = ref.current;
      if (!m) throw new Error('The modeler is not ready yet');
      importing.current = true;
      try {
        await m.importXML(xml);
        const container = m.get<{ _container: HTMLElement }>('canvas')._container;
        fitDiagram(m.get<ViewboxCanvas>('canvas'), coveredLeft(container, '.djs-palette'));
      } finally {
        importing.current = false;
      }
      setDirty(false);
      setSelectedUserTaskId(undefined);
      relint();
    },
    [relint],
  );

  const xml = useCallback(async () => {
    const m = ref.current;
    if (!m) throw new Error('The modeler is not ready yet');
    const { xml: out } = await m.saveXML({ format: true });
    return out ?? '';
  }, []);

  return { modeler, problems, dirty, selectedUserTaskId, importXml, markSaved: useCallback(() => setDirty(false), []), xml };
}
