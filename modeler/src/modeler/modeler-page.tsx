import { useEffect, useRef, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { ApiError } from '../api/http';
import { tenantFilter } from '../api/tenant';
import type { ProcessDefinition } from '@osprey/contracts';
import { lazyPage } from '../app/lazy';
import type { FormEditorDialog as FormEditorDialogType } from './form-editor-dialog';
import { navigate, setLeaveGuard } from '../app/router';
import { StartDialog } from '../start/start-dialog';
import { coveredLeft } from '../shared/fit-diagram';
import { ZoomControls, type ZoomableCanvas } from '../shared/zoom-controls';
import { messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { Badge, Button, ErrorNote } from '../shared/ui';
import { revealLintReport } from './bpmn-modeler';
import { DeployDialog } from './deploy-dialog';
import { formIdOf, linkForm, linkedFormIds, mainProcess, selectedUserTask } from './diagram-model';
import { newDiagramXml } from './new-diagram';
import { ProblemsPanel } from './problems-panel';
import { ProcessList } from './process-list';
import { useModeler } from './use-modeler';

/** Where the diagram on the canvas came from. */
interface Doc {
  source: 'new' | 'draft' | 'version' | 'file';
  processId?: string;
  versionKey?: string;
  version?: number;
  fileName?: string;
}

interface FormTarget {
  taskId: string;
  taskName: string;
  formId: string;
}

/** The form editor (form-js) loads when first opened: most visits to the modeler never open it. */
const FormEditorDialog = lazyPage<Parameters<typeof FormEditorDialogType>[0]>(() => import('./form-editor-dialog').then((m) => ({ default: m.FormEditorDialog })));

/**
 * The analysts' page: processes on the left, the diagram in the middle with its problems
 * below, the properties panel on the right; save a draft on the server, compare with the
 * deployed version, deploy, download and upload `.bpmn` files, and build user task forms.
 */
export default function ModelerPage({ processId, versionKey }: { processId?: string; versionKey?: string }) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const propertiesRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const m = useModeler(canvasRef, propertiesRef);
  const [doc, setDoc] = useState<Doc>({ source: 'new' });
  const [loadError, setLoadError] = useState<string>();
  const [listToken, setListToken] = useState(0);
  const forms = useRef(new Map<string, string>());
  const [formsDirty, setFormsDirty] = useState(false);
  const [dialog, setDialog] = useState<'deploy' | 'compare' | null>(null);
  const [formTarget, setFormTarget] = useState<FormTarget | null>(null);
  const [problemsCollapsed, setProblemsCollapsed] = useState(false);
  const [busy, setBusy] = useState<'save' | null>(null);
  /** The deployed version to start an instance of (Deploy & run, Start…). */
  const [starting, setStarting] = useState<ProcessDefinition | null>(null);
  /** `processId|versionKey` of what the canvas shows, so our own URL updates do not reload it. */
  const loaded = useRef<string>();
  const dirty = m.dirty || formsDirty;

  const definitions = m.modeler?.getDefinitions();
  const proc = definitions ? mainProcess(definitions) : undefined;

  useEffect(() => {
    if (!m.modeler) return;
    const wanted = `${processId ?? ''}|${versionKey ?? ''}`;
    if (loaded.current === wanted) return;
    // Leaving unsaved work was confirmed by the leave guard before the address changed.
    loaded.current = wanted;
    void open(processId, versionKey);
  }, [m.modeler, processId, versionKey]);

  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => setLeaveGuard(() => (dirtyRef.current ? 'Leave this diagram? Its changes are not saved (save a draft or deploy to keep them).' : undefined)), []);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    const save = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault();
        void saveDraft();
      }
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('keydown', save);
    return () => {
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('keydown', save);
    };
  });

  async function open(id: string | undefined, key: string | undefined) {
    setLoadError(undefined);
    forms.current = new Map();
    setFormsDirty(false);
    try {
      if (!id) {
        await m.importXml(newDiagramXml());
        setDoc({ source: 'new' });
        return;
      }
      if (!key) {
        // Ask for the draft only when the list has one: an expected 404 shows as a red error in
        // the browser's console.
        const tenant = tenantFilter().tenantId;
        const drafts = await engine.searchDrafts('bpmn');
        const hasDraft = drafts.items.some((d) => d.draftId === id && (!tenant || d.tenantId === tenant));
        const draft = !hasDraft
          ? undefined
          : await engine.draft('bpmn', id).catch((e: unknown) => {
              if (e instanceof ApiError && e.status === 404) return undefined;
              throw e;
            });
        if (draft) {
          await m.importXml(draft.xml);
          for (const f of draft.forms) forms.current.set(f.formId, f.schema);
          setDoc({ source: 'draft', processId: id });
          return;
        }
        const { items } = await engine.searchDefinitions({ filter: { processDefinitionId: id, ...tenantFilter() }, sort: [{ field: 'version', order: 'DESC' }], page: { limit: 1 } });
        if (!items[0]) throw new Error(`There is no process '${id}': it has neither a deployed version nor a draft.`);
        key = items[0].processDefinitionKey;
        loaded.current = `${id}|${key}`;
        navigate(`/modeler/${encodeURIComponent(id)}?version=${key}`, true);
      }
      const [xml, defs] = await Promise.all([engine.definitionXml(key), engine.searchDefinitions({ filter: { processDefinitionKey: key }, page: { limit: 1 } })]);
      await m.importXml(xml);
      await loadLinkedForms();
      setDoc({ source: 'version', processId: id, versionKey: key, version: defs.items[0]?.version });
    } catch (e) {
      setLoadError(messageOf(e));
    }
  }

  /** The deployed forms a version links to, so they can be edited and deployed again. */
  async function loadLinkedForms() {
    const ids = linkedFormIds(m.modeler!.getDefinitions());
    await Promise.all(
      ids.map((formId) =>
        engine.latestForm(formId).then(
          (f) => void forms.current.set(formId, f.schema),
          () => undefined,
        ),
      ),
    );
  }

  /** The process to save or deploy, or a toast saying why there is none. */
  function requireProcess(): { id: string; name?: string } | undefined {
    const p = mainProcess(m.modeler!.getDefinitions());
    if (!p) toast.error('Expected the diagram to contain a process, but it has none.');
    return p;
  }

  function linkedForms() {
    return linkedFormIds(m.modeler!.getDefinitions())
      .filter((id) => forms.current.has(id))
      .map((formId) => ({ formId, schema: forms.current.get(formId)! }));
  }

  async function saveDraft() {
    const p = requireProcess();
    if (!p || busy) return;
    setBusy('save');
    try {
      await engine.saveDraft('bpmn', p.id, { name: p.name, xml: await m.xml(), forms: linkedForms() });
      if (doc.source === 'draft' && doc.processId && doc.processId !== p.id) await engine.deleteDraft('bpmn', doc.processId).catch(() => undefined);
      m.markSaved();
      setFormsDirty(false);
      setDoc({ source: 'draft', processId: p.id });
      loaded.current = `${p.id}|`;
      navigate(`/modeler/${encodeURIComponent(p.id)}`, true);
      setListToken((n) => n + 1);
      toast.success(`Draft of ${p.id} saved`);
    } catch (e) {
      toast.error(`The draft was not saved: ${messageOf(e)}`);
    } finally {
      setBusy(null);
    }
  }

  /** Deploys; with `run`, then offers to start an instance of the new version. */
  async function deploy(run = false) {
    const p = requireProcess();
    if (!p) return;
    const formResources = linkedForms().map((f) => ({ name: `${f.formId}.form`, content: f.schema }));
    try {
      const result = await engine.deploy([{ name: `${p.id}.bpmn`, content: await m.xml() }, ...formResources]);
      const deployed = result.deployments.flatMap((d) => ('processDefinition' in d ? [d.processDefinition] : [])).find((d) => d.processDefinitionId === p.id);
      await engine.deleteDraft('bpmn', p.id).catch(() => undefined);
      m.markSaved();
      setFormsDirty(false);
      setDialog(null);
      setListToken((n) => n + 1);
      if (deployed) {
        setDoc({ source: 'version', processId: p.id, versionKey: deployed.processDefinitionKey, version: deployed.processDefinitionVersion });
        loaded.current = `${p.id}|${deployed.processDefinitionKey}`;
        navigate(`/modeler/${encodeURIComponent(p.id)}?version=${deployed.processDefinitionKey}`, true);
        toast.success(`Deployed ${p.id} as version ${deployed.processDefinitionVersion}`);
        if (run) void startVersion(deployed.processDefinitionKey);
      }
    } catch (e) {
      toast.error(`Deployment failed: ${messageOf(e)}`);
    }
  }

  async function startVersion(key: string | undefined) {
    if (!key) return;
    try {
      const { items } = await engine.searchDefinitions({ filter: { processDefinitionKey: key }, page: { limit: 1 } });
      if (items[0]) setStarting(items[0]);
    } catch (e) {
      toast.error(messageOf(e));
    }
  }

  async function download() {
    const p = mainProcess(m.modeler!.getDefinitions());
    const blob = new Blob([await m.xml()], { type: 'application/xml' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${p?.id ?? 'diagram'}.bpmn`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  async function upload(file: File) {
    try {
      await m.importXml(await file.text());
      forms.current = new Map();
      await loadLinkedForms();
      setDoc({ source: 'file', fileName: file.name });
      loaded.current = '|';
      navigate('/modeler', true);
      // An uploaded file is not on the server yet: it counts as an unsaved change.
      setFormsDirty(true);
    } catch (e) {
      toast.error(`${file.name} cannot be opened: ${messageOf(e)}`);
    }
  }

  function openForm() {
    const task = selectedUserTask(m.modeler!);
    if (!task) return;
    const p = mainProcess(m.modeler!.getDefinitions());
    const formId = formIdOf(task) ?? `${p?.id ?? 'process'}_${task.id}`;
    setFormTarget({ taskId: task.id, taskName: task.businessObject.name || task.id, formId });
  }

  function applyForm(schema: string) {
    const target = formTarget!;
    forms.current.set(target.formId, schema);
    const task = selectedUserTask(m.modeler!);
    if (task && task.id === target.taskId && formIdOf(task) !== target.formId) linkForm(m.modeler!, task, target.formId);
    setFormsDirty(true);
    setFormTarget(null);
    toast.info(`Form ${target.formId} linked to ${target.taskName}`);
  }

  const title = proc?.name || proc?.id || 'New process';
  return (
    <div class="modeler-page">
      <ProcessList activeId={doc.processId} activeVersionKey={doc.versionKey} reloadToken={listToken} />
      <section class="modeler-main">
        <div class="toolbar" role="toolbar" aria-label="Diagram">
          <div class="toolbar-title">
            <h1 title={proc?.id}>{title}</h1>
            {doc.source === 'version' ? <Badge tone="info">version {doc.version}</Badge> : null}
            {doc.source === 'draft' ? <Badge tone="warning">draft</Badge> : null}
            {doc.source === 'new' ? <Badge>new</Badge> : null}
            {doc.source === 'file' ? <Badge>{doc.fileName}</Badge> : null}
            {dirty ? (
              <span class="unsaved" data-testid="unsaved">
                unsaved changes
              </span>
            ) : null}
          </div>
          <div class="toolbar-actions">
            <Button onClick={() => fileInput.current?.click()} title="Open a .bpmn file">
              Upload
            </Button>
            <Button onClick={download} title="Download the diagram as a .bpmn file">
              Download
            </Button>
            <Button onClick={openForm} disabled={!m.selectedUserTaskId} title={m.selectedUserTaskId ? 'Build the form of the selected user task' : 'Select a user task to build its form'} data-testid="edit-form">
              Form…
            </Button>
            <Button onClick={() => setDialog('compare')} disabled={!proc}>
              Changes
            </Button>
            <Button onClick={saveDraft} busy={busy === 'save'} disabled={!proc} title="Save a draft on the server (Ctrl+S)" data-testid="save-draft">
              Save draft
            </Button>
            <Button
              onClick={() => startVersion(doc.versionKey)}
              disabled={doc.source !== 'version' || dirty}
              title={doc.source === 'version' && !dirty ? `Start an instance of version ${doc.version}` : 'Open a deployed version without changes to start it (or use Deploy & run)'}
              data-testid="start"
            >
              Start…
            </Button>
            <Button variant="primary" onClick={() => setDialog('deploy')} disabled={!proc} data-testid="deploy">
              Deploy
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".bpmn,.xml,application/xml,text/xml"
              hidden
              data-testid="upload-input"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (f) void upload(f);
              }}
            />
          </div>
        </div>
        {loadError ? <ErrorNote>{loadError}</ErrorNote> : null}
        <div class="modeler-canvas-wrap">
          <div class="modeler-canvas" ref={canvasRef} data-testid="modeler-canvas" />
          <ZoomControls canvas={() => m.modeler?.get<ZoomableCanvas>('canvas')} coveredLeft={() => (canvasRef.current ? coveredLeft(canvasRef.current, '.djs-palette') : 0)} />
        </div>
        <ProblemsPanel problems={m.problems} collapsed={problemsCollapsed} onToggle={() => setProblemsCollapsed(!problemsCollapsed)} onReveal={(r) => m.modeler && revealLintReport(m.modeler, r)} />
      </section>
      <aside class="properties" ref={propertiesRef} aria-label="Properties" data-testid="properties-panel" />
      <DeployDialog
        open={dialog !== null}
        mode={dialog ?? 'compare'}
        modeler={m.modeler}
        processId={proc?.id}
        problems={m.problems}
        forms={dialog ? linkedForms().map((f) => f.formId) : []}
        onClose={() => setDialog(null)}
        onDeploy={deploy}
      />
      {starting ? <StartDialog definition={starting} onClose={() => setStarting(null)} /> : null}
      {formTarget ? (
        <FormEditorDialog
          taskName={formTarget.taskName}
          formId={formTarget.formId}
          schema={forms.current.get(formTarget.formId)}
          onClose={() => setFormTarget(null)}
          onApply={applyForm}
        />
      ) : null}
    </div>
  );
}
