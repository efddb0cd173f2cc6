import { useEffect, useRef, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { ApiError } from '../api/http';
import { messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { Badge, Button, Empty, ErrorNote } from '../shared/ui';
import { useData } from '../shared/use-data';
import { DecisionDrafts } from './decision-drafts';
import { decisionsApi } from './decisions-api';
import { createDmnEditor, type DmnEditor, type DmnView } from './dmn-editor';
import { newDecisionXml } from './new-decision';
import { TryPanel } from './try-panel';
import './decisions.css';


/**
 * The decision modeler: edit a DMN file with dmn-js (requirements diagram, decision tables,
 * literal expressions), start a new one, upload, download, save a draft of and deploy it, and
 * try a decision before deploying. Deployed files and DMN drafts are listed on the left; opening
 * one edits a copy. A draft is saved under the file's definitions id and removed on deployment.
 */
export default function DecisionsPage() {
  const canvas = useRef<HTMLDivElement>(null);
  const upload = useRef<HTMLInputElement>(null);
  const [editor, setEditor] = useState<DmnEditor>();
  const [views, setViews] = useState<DmnView[]>([]);
  const [active, setActive] = useState<DmnView>();
  const [fileName, setFileName] = useState('decisions.dmn');
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<string[]>();
  const [busy, setBusy] = useState(false);
  /** The definitions id of the draft being edited, when a draft is open. */
  const [draftId, setDraftId] = useState<string>();
  const [draftsToken, setDraftsToken] = useState(0);
  const deployed = useData(() => decisionsApi.searchRequirements({ sort: [{ field: 'decisionRequirementsId' }], page: { limit: 200 } }), []);

  useEffect(() => {
    const e = createDmnEditor(canvas.current!);
    const sync = () => {
      setViews(e.views());
      setActive(e.active());
    };
    e.onChange(sync);
    // Ready once the blank table is in: a file loaded before would race it (and the actions
    // below read `editor`), so the file input appears only then.
    void e
      .importXml(newDecisionXml())
      .then(sync, (err: unknown) => setError(messageOf(err)))
      .finally(() => setEditor(e));
    return () => e.destroy();
  }, []);

  async function load(xml: string, name: string, fromDraft?: string) {
    setError(undefined);
    try {
      await editor!.importXml(xml);
      setFileName(name);
      setDraftId(fromDraft);
    } catch (e) {
      setError(`Expected a DMN file, but it does not open: ${messageOf(e)}`);
    }
  }

  async function openDraft(id: string) {
    try {
      const draft = await engine.draft('dmn', id);
      await load(draft.xml, `${id}.dmn`, id);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  /** Saves the file as a DMN draft under its definitions id (a renamed file leaves no old draft behind). */
  async function saveDraft() {
    const { id, name } = editor!.definitions();
    if (!id) return setError('Expected the file to have a definitions id to save its draft under, but it has none');
    setBusy(true);
    try {
      await engine.saveDraft('dmn', id, { name, xml: await editor!.xml(), forms: [] });
      if (draftId && draftId !== id) await engine.deleteDraft('dmn', draftId).catch(() => undefined);
      setDraftId(id);
      setDraftsToken((n) => n + 1);
      toast.success(`Draft of ${id} saved`);
    } catch (e) {
      toast.error(`The draft was not saved: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function openDeployed(key: string, name: string) {
    await load(await decisionsApi.requirementsXml(key), name);
  }

  async function uploaded(file: File | undefined) {
    if (file) await load(await file.text(), file.name.endsWith('.dmn') ? file.name : `${file.name}.dmn`);
  }

  async function download() {
    const blob = new Blob([await editor!.xml()], { type: 'application/xml' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  /** Shows a refused file's problems as a list; anything else as an error. */
  function failed(e: unknown) {
    if (e instanceof ApiError && e.status === 400 && e.errors.length > 0) setProblems([...e.errors]);
    else setError(messageOf(e));
  }

  /** Checks the file as the engine will on deployment, without deploying it. */
  async function check() {
    setError(undefined);
    setProblems(undefined);
    const first = views.find((v) => v.type !== 'drd');
    if (!first) return setProblems(['Expected at least one decision, but the file has none']);
    try {
      await decisionsApi.tryOut(await editor!.xml(), first.element.id, {});
      setProblems([]);
    } catch (e) {
      failed(e);
    }
  }

  async function deploy() {
    setBusy(true);
    setError(undefined);
    setProblems(undefined);
    try {
      const result = await engine.deploy([{ name: fileName, content: await editor!.xml() }]);
      const decisions = result.deployments.filter((d) => 'decisionDefinition' in d).length;
      toast.success(`Deployed ${fileName}: ${decisions} decision${decisions === 1 ? '' : 's'}`);
      // A deployed file's draft is done with, as for processes.
      const id = editor!.definitions().id;
      if (id) await engine.deleteDraft('dmn', id).catch(() => undefined);
      setDraftId(undefined);
      setDraftsToken((n) => n + 1);
      deployed.refresh();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  }

  const decisions = views.filter((v) => v.type !== 'drd').map((v) => v.element);
  return (
    <div class="decisions-page">
      <nav class="process-list" aria-label="Deployed decisions">
        <div class="process-list-head">
          <strong>Decisions</strong>
        </div>
        {deployed.error ? <ErrorNote>{deployed.error}</ErrorNote> : null}
        {deployed.data?.items.length === 0 ? <Empty>No DMN file deployed yet.</Empty> : null}
        <ul class="process-list-items">
          {(deployed.data?.items ?? []).map((r) => (
            <li key={r.decisionRequirementsKey}>
              <button type="button" class="link-button" onClick={() => void openDeployed(r.decisionRequirementsKey, r.resourceName)} data-testid={`open-drg-${r.decisionRequirementsId}`}>
                {r.decisionRequirementsName} <small>v{r.version}</small>
              </button>
            </li>
          ))}
        </ul>
        <DecisionDrafts reloadToken={draftsToken} onOpen={(id) => void openDraft(id)} />
      </nav>
      <div class="modeler-main">
        <div class="toolbar">
          <div class="toolbar-title">
            <h1 data-testid="dmn-file-name">{fileName}</h1>
            {draftId ? <Badge tone="warning">draft</Badge> : null}
          </div>
          <div class="toolbar-actions">
            <Button onClick={() => void load(newDecisionXml(), 'decisions.dmn')}>New</Button>
            <Button onClick={() => upload.current?.click()}>Upload</Button>
            {editor ? <input ref={upload} type="file" accept=".dmn,.xml" hidden data-testid="dmn-upload" onChange={(e) => void uploaded(e.currentTarget.files?.[0])} /> : null}
            <Button onClick={() => void download()}>Download</Button>
            <Button onClick={() => void saveDraft()} busy={busy} title="Save a draft on the server" data-testid="dmn-save-draft">
              Save draft
            </Button>
            <Button onClick={() => void check()} data-testid="dmn-check">
              Check
            </Button>
            <Button variant="primary" busy={busy} onClick={() => void deploy()} data-testid="dmn-deploy">
              Deploy
            </Button>
          </div>
        </div>
        <div class="dmn-views" role="tablist" aria-label="Views of the file">
          {views.map((v) => (
            <button
              key={`${v.type}-${v.element.id}`}
              type="button"
              role="tab"
              aria-selected={active?.element.id === v.element.id && active?.type === v.type}
              class={`tab ${active?.element.id === v.element.id && active?.type === v.type ? 'tab-active' : ''}`}
              onClick={() => void editor?.open(v)}
            >
              {v.type === 'drd' ? 'Requirements' : (v.element.name ?? v.element.id)}
            </button>
          ))}
        </div>
        {error ? <ErrorNote>{error}</ErrorNote> : null}
        {problems ? (
          <div class="dmn-problems" data-testid="dmn-problems" role="status">
            {problems.length === 0 ? (
              <p>No problems found.</p>
            ) : (
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
        <div class="dmn-canvas" ref={canvas} data-testid="dmn-canvas" />
      </div>
      <TryPanel decisions={decisions} xml={() => editor!.xml()} />
    </div>
  );
}
